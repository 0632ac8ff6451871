using System.Runtime.CompilerServices;

namespace Paycue.Gateway.Exports;

/// <summary>
/// The ledger and the transactions, newest first, read page by page (500 rows), so an export of any length holds one
/// page in memory. Pages follow a time cursor; rows sharing the boundary millisecond are read again and skipped by
/// id, so none is lost or repeated between pages.
/// </summary>
public static class ExportPages
{
    public const int PageSize = 500;

    public static async IAsyncEnumerable<PaymentRecord> PaymentsAsync(IGrainFactory grains, PaymentFilter filter, DateTimeOffset? since, DateTimeOffset? before,
        string? cardId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var ledger = grains.GetGrain<ILedgerGrain>(0);
        var cursor = before;
        var seenAtCursor = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await ledger.PaymentsAsync(filter, since, cursor, PageSize);
            var fresh = 0;
            foreach (var payment in page)
            {
                if (!seenAtCursor.Add(payment.PaymentId))
                {
                    continue;
                }

                fresh++;
                if (cardId is null || payment.CardId == cardId)
                {
                    yield return payment;
                }
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            (cursor, seenAtCursor) = Next(page[^1].ReceivedAt, page.Where(p => Millisecond(p.ReceivedAt) == Millisecond(page[^1].ReceivedAt)).Select(p => p.PaymentId), fresh);
        }
    }

    /// <summary>Open transactions (from the cards) first, then closed ones (newest close first), created in [since, before).</summary>
    public static async IAsyncEnumerable<TransactionView> TransactionsAsync(IGrainFactory grains, TransactionState? state, DateTimeOffset? since, DateTimeOffset? before,
        string? cardId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        bool Wanted(TransactionView v) => (state is null || v.State == state) && (cardId is null || v.CardId == cardId)
            && (since is null || v.CreatedAt >= since) && (before is null || v.CreatedAt < before);

        var query = grains.GetGrain<ITransactionQueryGrain>(0);
        if (state is null or TransactionState.Active)
        {
            var cards = await grains.GetGrain<ICardDirectoryGrain>(0).ListAsync();
            foreach (var card in cards.Where(c => cardId is null || c.Spec.CardId == cardId))
            {
                var open = await grains.GetGrain<ICardGrain>(card.Spec.CardId).ListOpenAsync(int.MaxValue);
                foreach (var chunk in open.Chunk(PageSize))
                {
                    foreach (var view in (await query.ByIdsAsync(chunk)).Where(v => v.State == TransactionState.Active && Wanted(v)))
                    {
                        yield return view;
                    }
                }
            }
        }

        if (state is TransactionState.Active)
        {
            yield break;
        }

        // Closed: a transaction closes after it is created, so nothing closed before `since` was created after it.
        DateTimeOffset? cursor = null;
        var seenAtCursor = new HashSet<Guid>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await query.ClosedAsync(cursor, PageSize);
            var page = result.Items;
            var fresh = 0;
            foreach (var view in page)
            {
                if (since is not null && ClosedAt(view) < since)
                {
                    yield break;
                }

                if (!seenAtCursor.Add(view.TransactionId))
                {
                    continue;
                }

                fresh++;
                if (view.State != TransactionState.Active && Wanted(view))
                {
                    yield return view;
                }
            }

            if (!result.Full || page.Count == 0)
            {
                yield break;
            }

            var last = ClosedAt(page[^1]);
            (cursor, seenAtCursor) = Next(last, page.Where(v => Millisecond(ClosedAt(v)) == Millisecond(last)).Select(v => v.TransactionId), fresh);
        }
    }

    private static DateTimeOffset ClosedAt(TransactionView view) => view.ConfirmedAt ?? view.CancelledAt ?? view.CreatedAt;

    private static long Millisecond(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>
    /// The next page ends just after the last row's millisecond, so rows sharing it are read again (and skipped);
    /// a page that brought nothing new (over a page of rows in one millisecond) moves past that millisecond instead.
    /// </summary>
    private static (DateTimeOffset? Cursor, HashSet<T> Seen) Next<T>(DateTimeOffset last, IEnumerable<T> atLast, int fresh)
    {
        var floor = DateTimeOffset.FromUnixTimeMilliseconds(Millisecond(last));
        return fresh == 0 ? (floor, []) : (floor.AddMilliseconds(1), atLast.ToHashSet());
    }
}
