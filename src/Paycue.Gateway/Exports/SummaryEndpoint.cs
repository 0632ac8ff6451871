using Microsoft.AspNetCore.Http.HttpResults;
using Paycue.Gateway.Http;

namespace Paycue.Gateway.Exports;

/// <summary><c>GET /api/summary?since=…</c>: the day (or any span) in numbers, per card and in total.</summary>
public static class SummaryEndpoint
{
    public static async Task<Results<JsonHttpResult<Envelope<SummaryResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> GetAsync(
        IGrainFactory grains, string? since, CancellationToken cancellationToken)
    {
        if (!ExportEndpoints.TryTime(since, "since", out var sinceTime, out var error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        var from = sinceTime ?? DateTimeOffset.UtcNow.AddDays(-1);
        var perCard = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        var total = new Tally();
        Tally Of(string cardId) => perCard.TryGetValue(cardId, out var t) ? t : perCard[cardId] = new Tally();

        // Transactions created since then, whatever became of them; the money that arrived unmatched since then.
        await foreach (var t in ExportPages.TransactionsAsync(grains, null, from, null, null, cancellationToken))
        {
            Of(t.CardId).Add(t);
            total.Add(t);
        }

        await foreach (var p in ExportPages.PaymentsAsync(grains, PaymentFilter.Unmatched, from, null, null, cancellationToken))
        {
            Of(p.CardId).AddUnmatched(p);
            total.AddUnmatched(p);
        }

        return Envelope.Ok(new SummaryResponse(from, DateTimeOffset.UtcNow, total.ToFigures(),
            perCard.Select(c => new CardSummary(c.Key, c.Value.ToFigures())).ToList()));
    }

    /// <summary>Integer sums only: tiyin and milliseconds.</summary>
    private sealed class Tally
    {
        private long created, confirmed, cancelled, confirmedTiyin, unmatched, unmatchedTiyin, payMsTotal;

        public void Add(TransactionView t)
        {
            created++;
            if (t.State == TransactionState.Confirmed)
            {
                confirmed++;
                confirmedTiyin += t.AmountTiyin;
                payMsTotal += (long)((t.ConfirmedAt ?? t.CreatedAt) - t.CreatedAt).TotalMilliseconds;
            }
            else if (t.State == TransactionState.Cancelled)
            {
                cancelled++;
            }
        }

        public void AddUnmatched(PaymentRecord p)
        {
            unmatched++;
            unmatchedTiyin += p.AmountTiyin;
        }

        public SummaryFigures ToFigures() => new(created, confirmed, cancelled, confirmedTiyin, unmatched, unmatchedTiyin,
            confirmed == 0 ? null : payMsTotal / confirmed / 1000);
    }
}

/// <param name="Since">The start of the span (transactions created, credits received, at or after it).</param>
/// <param name="Until">When the summary was computed.</param>
public sealed record SummaryResponse(DateTimeOffset Since, DateTimeOffset Until, SummaryFigures Total, IReadOnlyList<CardSummary> Cards);

public sealed record CardSummary(string CardId, SummaryFigures Figures);

/// <summary>
/// Amounts in integer tiyin (<c>_tiyin</c>). <c>transactions_confirmed</c> and <c>transactions_cancelled</c> count the
/// transactions created in the span; <c>average_seconds_to_pay</c>: from create to confirm, whole seconds, null when
/// nothing was paid.
/// </summary>
public sealed record SummaryFigures(long TransactionsCreated, long TransactionsConfirmed, long TransactionsCancelled, long AmountConfirmedTiyin,
    long UnmatchedCredits, long UnmatchedAmountTiyin, long? AverageSecondsToPay);
