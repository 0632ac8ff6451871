using Paycue.Grains.Ledger;

namespace Paycue.Grains.Transactions;

/// <summary>Store reads for listings that must not activate a grain per transaction (see <see cref="ITransactionQueryGrain"/>).</summary>
[StatelessWorker]
public sealed class TransactionQueryGrain(ITransactionStore store, ILedgerStore ledger) : Grain, ITransactionQueryGrain
{
    public async Task<IReadOnlyList<TransactionView>> ByOrderIdAsync(string orderId, int limit)
    {
        var ids = await store.FindByOrderIdAsync(orderId, int.MaxValue);
        var views = await ByIdsAsync(ids);
        return views.OrderByDescending(v => v.CreatedAt).Take(limit).ToList();
    }

    public async Task<TransactionPage> ClosedAsync(DateTimeOffset? before, int limit)
    {
        var ids = await ledger.ClosedAsync(before, limit);
        return new TransactionPage(await ByIdsAsync(ids), ids.Count == limit);
    }

    public async Task<IReadOnlyList<TransactionView>> ByIdsAsync(IReadOnlyList<Guid> transactionIds)
    {
        var loaded = await Task.WhenAll(transactionIds.Select(store.LoadAsync));
        var views = new List<TransactionView>(loaded.Length);
        for (var i = 0; i < loaded.Length; i++)
        {
            if (loaded[i] is { Record.Opening: not null } stored && stored.Record.State != TransactionState.None)
            {
                views.Add(stored.Record.ToView(transactionIds[i]));
            }
        }

        return views;
    }
}
