namespace Paycue.Grains.Interfaces;

/// <summary>
/// Read access to the payments ledger and the delivery index from any process (a gateway in client mode has no
/// storage of its own). Stateless: any silo answers, straight from storage.
/// </summary>
[Alias("paycue.ledger")]
public interface ILedgerGrain : IGrainWithIntegerKey
{
    /// <summary>Payments received at or after <paramref name="since"/> and before <paramref name="before"/>, newest first.</summary>
    [Alias("payments")]
    Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(PaymentFilter filter, DateTimeOffset? since, DateTimeOffset? before, int limit);

    /// <summary>Closed transactions whose close was before <paramref name="before"/>, newest first.</summary>
    [Alias("closed")]
    Task<IReadOnlyList<Guid>> ClosedTransactionsAsync(DateTimeOffset? before, int limit);

    /// <summary>Deliveries in <paramref name="status"/> whose last change was before <paramref name="before"/>, newest first.</summary>
    [Alias("deliveries")]
    Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(WebhookStatus status, DateTimeOffset? before, int limit);
}
