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

    /// <summary>Set when a person attached a stray credit to this transaction (it then confirmed manually).</summary>
    public PaymentResolution? Resolution { get; set; }

    /// <summary>When a payer first opened the pay page while the transaction was active (shown on the console's timeline).</summary>
    public DateTimeOffset? PayPageOpenedAt { get; set; }

    /// <summary>The ledger row of <see cref="Resolution"/> still has to be told: retried by this grain until it lands.</summary>
    public bool LedgerOwed { get; set; }

    /// <summary>The record as callers see it; shared by the grain and the store-reading queries (exports, order_id).</summary>
    public TransactionView ToView(Guid transactionId)
    {
        var o = Opening!;
        return new TransactionView(transactionId, State, o.CardId, o.CardLast4, o.RequestedTiyin, o.AmountTiyin, o.CreatedAt, o.ExpiresAt,
            ConfirmedAt, CancelledAt, CancelReason, Payment, Events.Select(e => e.ToView()).ToList(), Resolution, o.Order, PayPageOpenedAt);
    }
}
