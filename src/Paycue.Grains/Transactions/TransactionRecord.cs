namespace Paycue.Grains.Transactions;

/// <summary>A transaction's persisted state.</summary>
public sealed class TransactionRecord
{
    public TransactionState State { get; set; }

    public TransactionOpening? Opening { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    public string? CancelReason { get; set; }

    public PaymentEvidence? Payment { get; set; }

    public List<WebhookEventRecord> Events { get; set; } = [];
}
