namespace Paycue.Grains.Ledger;

/// <summary>Reads the ledger for callers without storage access (a gateway in client mode).</summary>
[StatelessWorker]
public sealed class LedgerGrain(ILedgerStore store) : Grain, ILedgerGrain
{
    public Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(PaymentFilter filter, DateTimeOffset? since, DateTimeOffset? before, int limit) =>
        store.PaymentsAsync(filter, since, before, limit);

    public Task<IReadOnlyList<Guid>> ClosedTransactionsAsync(DateTimeOffset? before, int limit) => store.ClosedAsync(before, limit);

    public Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(WebhookStatus status, DateTimeOffset? before, int limit) =>
        store.DeliveriesAsync(status, before, limit);
}
