namespace Paycue.Grains.Ledger;

/// <summary>
/// The payments ledger, the failed-delivery index and the list of closed transactions, ordered by time so listing
/// pages and retention sweeps never scan everything.
/// </summary>
public interface ILedgerStore
{
    Task RecordPaymentAsync(PaymentRecord payment);

    Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(PaymentFilter filter, DateTimeOffset? since, DateTimeOffset? before, int limit);

    /// <summary>Indexes a delivery under its status (and removes it from the others).</summary>
    Task RecordDeliveryAsync(DeliveryRecord delivery);

    Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(WebhookStatus status, DateTimeOffset? before, int limit);

    /// <summary>Remembers when a transaction closed, for the retention sweep.</summary>
    Task RecordClosedAsync(Guid transactionId, DateTimeOffset closedAt);

    Task<IReadOnlyList<Guid>> ClosedAsync(DateTimeOffset? before, int limit);

    /// <summary>Deletes payment and delivery records older than <paramref name="cutoff"/>; returns closed transactions older than it, and forgets them.</summary>
    Task<IReadOnlyList<Guid>> SweepAsync(DateTimeOffset cutoff, int maxTransactions);
}
