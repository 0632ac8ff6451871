namespace Paycue.Gateway.Services;

/// <summary>
/// Reading and acting on transactions, shared by the HTTP API and the console so both see and do the same: one path to
/// the transaction grains, the ledger's closed index and the cards' open lists.
/// </summary>
public sealed class TransactionService(IGrainFactory grains)
{
    /// <summary>The transaction, or null when there is none with this id.</summary>
    public Task<TransactionView?> GetAsync(Guid transactionId) => grains.GetGrain<ITransactionGrain>(transactionId).GetAsync();

    /// <summary>The merchant cancels (<c>cancelled_by_merchant</c>); the view afterwards, null when not found.</summary>
    public async Task<(CancelOutcome Outcome, TransactionView? View)> CancelAsync(Guid transactionId)
    {
        var grain = grains.GetGrain<ITransactionGrain>(transactionId);
        var outcome = await grain.CancelAsync("cancelled_by_merchant");
        return outcome == CancelOutcome.NotFound ? (outcome, null) : (outcome, await grain.GetAsync());
    }

    /// <summary>Sends the last webhook again (same event id). <c>Sent</c> is false while the transaction is still active.</summary>
    public async Task<(bool Found, bool Sent, TransactionView? View)> RedeliverAsync(Guid transactionId)
    {
        var grain = grains.GetGrain<ITransactionGrain>(transactionId);
        if (await grain.GetAsync() is null)
        {
            return (false, false, null);
        }

        if (!await grain.RedeliverAsync())
        {
            return (true, false, await grain.GetAsync());
        }

        return (true, true, await grain.GetAsync());
    }

    /// <summary>Open transactions of every card (at most <paramref name="perCard"/> each), newest first.</summary>
    public async Task<IReadOnlyList<TransactionView>> ActiveAsync(int perCard)
    {
        var cards = await grains.GetGrain<ICardDirectoryGrain>(0).ListAsync();
        var perCardIds = await Task.WhenAll(cards.Select(c => grains.GetGrain<ICardGrain>(c.Spec.CardId).ListOpenAsync(perCard)));
        var views = await ViewsAsync(perCardIds.SelectMany(x => x));
        return views.Where(v => v.State == TransactionState.Active).OrderByDescending(v => v.CreatedAt).ToList();
    }

    /// <summary>
    /// Closed transactions closed before <paramref name="before"/>, newest close first: one keyset page of the
    /// ledger's close index, so a page costs the same at 100 rows or 100,000.
    /// </summary>
    public async Task<IReadOnlyList<TransactionView>> ClosedAsync(DateTimeOffset? before, int limit)
    {
        var ids = await grains.GetGrain<ILedgerGrain>(0).ClosedTransactionsAsync(before, limit);
        return await ViewsAsync(ids);
    }

    /// <summary>When a closed transaction closed: the key of the close index.</summary>
    public static DateTimeOffset? ClosedAt(TransactionView view) => view.ConfirmedAt ?? view.CancelledAt;

    private async Task<IReadOnlyList<TransactionView>> ViewsAsync(IEnumerable<Guid> ids)
    {
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<ITransactionGrain>(id).GetAsync()));
        return views.OfType<TransactionView>().ToList();
    }
}
