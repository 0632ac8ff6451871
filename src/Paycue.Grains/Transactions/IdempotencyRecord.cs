namespace Paycue.Grains.Transactions;

public sealed class IdempotencyRecord
{
    public Guid? TransactionId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
