namespace Paycue.Grains.Transactions;

public sealed class IdempotencyRecord
{
    public Guid? TransactionId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The request that created the transaction; 0 in records written before it was kept.</summary>
    public long RequestedTiyin { get; set; }

    /// <summary>The card the request named, or null for "any card".</summary>
    public string? RequestedCardId { get; set; }
}
