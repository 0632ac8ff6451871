using Microsoft.Extensions.DependencyInjection;
using Paycue.Grains.Ledger;
using Paycue.Grains.Pool;
using Paycue.Grains.Transactions;

namespace Paycue.Grains.Tests.Faults;

/// <summary>Wraps the silo's real stores so a <see cref="FaultPlan"/> can fail chosen calls.</summary>
public static class FaultyStores
{
    /// <summary>Replaces the registered stores with wrappers around them; call after AddPaycueGrains.</summary>
    public static void AddFaults(this IServiceCollection services, FaultPlan plan)
    {
        Wrap<ITransactionStore>(services, inner => new FaultyTransactionStore(inner, plan));
        Wrap<ICardStore>(services, inner => new FaultyCardStore(inner, plan));
        Wrap<ILedgerStore>(services, inner => new FaultyLedgerStore(inner, plan));
    }

    private static void Wrap<T>(IServiceCollection services, Func<T, T> wrap) where T : class
    {
        var original = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(original);
        services.AddSingleton(sp => wrap(original.ImplementationInstance is T instance ? instance
            : original.ImplementationFactory is { } factory ? (T)factory(sp)
            : (T)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)));
    }
}

public sealed class FaultyTransactionStore(ITransactionStore inner, FaultPlan plan) : ITransactionStore
{
    public Task<bool> CreateAsync(string cardId, PoolEntry entry, Guid transactionId, TransactionRecord record, DateTimeOffset freeIfClosedBefore) =>
        plan.RunAsync("transactions.create", () => inner.CreateAsync(cardId, entry, transactionId, record, freeIfClosedBefore));

    public Task<StoredTransaction?> LoadAsync(Guid transactionId) => plan.RunAsync("transactions.load", () => inner.LoadAsync(transactionId));

    /// <summary>Armed as <c>transactions.save</c> (any transaction's) or <c>transactions.save:&lt;id&gt;</c> (that one's only).</summary>
    public Task<long?> SaveAsync(Guid transactionId, TransactionRecord record, long expectedVersion) =>
        plan.RunAsync($"transactions.save:{transactionId}", () => plan.RunAsync("transactions.save", () => inner.SaveAsync(transactionId, record, expectedVersion)));

    public Task DeleteAsync(Guid transactionId) => plan.RunAsync("transactions.delete", () => inner.DeleteAsync(transactionId));

    public Task<IReadOnlyList<Guid>> FindByOrderIdAsync(string orderId, int limit) =>
        plan.RunAsync("transactions.find-by-order-id", () => inner.FindByOrderIdAsync(orderId, limit));
}

public sealed class FaultyCardStore(ICardStore inner, FaultPlan plan) : ICardStore
{
    public Task<IReadOnlyList<PoolEntry>> LoadPoolAsync(string cardId) => plan.RunAsync("cards.load-pool", () => inner.LoadPoolAsync(cardId));

    public Task<bool> PutPoolEntryAsync(string cardId, PoolEntry entry) => plan.RunAsync("cards.put-pool-entry", () => inner.PutPoolEntryAsync(cardId, entry));

    public Task RemovePoolEntriesAsync(string cardId, IReadOnlyCollection<PoolEntry> entries) =>
        plan.RunAsync("cards.remove-pool-entries", () => inner.RemovePoolEntriesAsync(cardId, entries));

    public Task<string?> GetProcessedAsync(string cardId, long messageId) => plan.RunAsync("cards.get-processed", () => inner.GetProcessedAsync(cardId, messageId));

    public Task SetProcessedAsync(string cardId, long messageId, string outcome) =>
        plan.RunAsync("cards.set-processed", () => inner.SetProcessedAsync(cardId, messageId, outcome));

    public Task<int> SweepProcessedAsync(DateTimeOffset cutoff) => plan.RunAsync("cards.sweep-processed", () => inner.SweepProcessedAsync(cutoff));
}

public sealed class FaultyLedgerStore(ILedgerStore inner, FaultPlan plan) : ILedgerStore
{
    public Task RecordPaymentAsync(PaymentRecord payment) => plan.RunAsync("ledger.record-payment", () => inner.RecordPaymentAsync(payment));

    public Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(PaymentFilter filter, DateTimeOffset? since, DateTimeOffset? before, int limit) =>
        inner.PaymentsAsync(filter, since, before, limit);

    public Task<PaymentRecord?> PaymentAsync(string paymentId) => plan.RunAsync("ledger.payment", () => inner.PaymentAsync(paymentId));

    public Task<PaymentResolution> ClaimResolutionAsync(PaymentResolution wanted) => plan.RunAsync("ledger.claim-resolution", () => inner.ClaimResolutionAsync(wanted));

    public Task PutResolutionAsync(PaymentResolution resolution) => plan.RunAsync("ledger.put-resolution", () => inner.PutResolutionAsync(resolution));

    public Task ClearResolutionAsync(string paymentId, Guid transactionId) => plan.RunAsync("ledger.clear-resolution", () => inner.ClearResolutionAsync(paymentId, transactionId));

    public Task RecordCancelledAsync(string cardId, Guid transactionId, long amountTiyin, DateTimeOffset cancelledAt) =>
        plan.RunAsync("ledger.record-cancelled", () => inner.RecordCancelledAsync(cardId, transactionId, amountTiyin, cancelledAt));

    public Task<IReadOnlyList<CancelledEntry>> CancelledAsync(string cardId, DateTimeOffset from, DateTimeOffset to) => inner.CancelledAsync(cardId, from, to);

    public Task RecordDeliveryAsync(DeliveryRecord delivery) => plan.RunAsync("ledger.record-delivery", () => inner.RecordDeliveryAsync(delivery));

    public Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(WebhookStatus status, DateTimeOffset? before, int limit) => inner.DeliveriesAsync(status, before, limit);

    public Task RecordClosedAsync(Guid transactionId, DateTimeOffset closedAt) => plan.RunAsync("ledger.record-closed", () => inner.RecordClosedAsync(transactionId, closedAt));

    public Task<IReadOnlyList<Guid>> ClosedAsync(DateTimeOffset? before, int limit) => inner.ClosedAsync(before, limit);

    public Task<IReadOnlyList<Guid>> SweepAsync(DateTimeOffset cutoff, int skip, int maxTransactions) => inner.SweepAsync(cutoff, skip, maxTransactions);

    public Task ForgetClosedAsync(IReadOnlyCollection<Guid> transactionIds) => plan.RunAsync("ledger.forget-closed", () => inner.ForgetClosedAsync(transactionIds));

    public Task RecordKeptAsync(string kind, string id, DateTimeOffset at) => plan.RunAsync("ledger.record-kept", () => inner.RecordKeptAsync(kind, id, at));

    public Task<IReadOnlyList<string>> KeptBeforeAsync(string kind, DateTimeOffset cutoff, int skip, int limit) => inner.KeptBeforeAsync(kind, cutoff, skip, limit);

    public Task ForgetKeptAsync(string kind, IReadOnlyCollection<string> ids) => plan.RunAsync("ledger.forget-kept", () => inner.ForgetKeptAsync(kind, ids));
}
