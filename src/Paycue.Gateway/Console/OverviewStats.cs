using Paycue.Gateway.Services;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>Counts for one period of the overview.</summary>
public sealed record PeriodStats(int Created, int Paid, long ReceivedTiyin, TimeSpan? AverageTimeToPay)
{
    /// <summary>Paid of those created in the period, in whole percent; null with nothing created.</summary>
    public int? ConversionPercent => Created == 0 ? null : (int)Math.Round(100.0 * Paid / Created);
}

/// <summary>
/// The overview's numbers, read through the same services as the API: open transactions from the cards, closed ones
/// from the ledger's close index back to the period's start (at most <see cref="MaxScanned"/> of them, a bound the
/// page states when it is reached), stray credits from the payments ledger.
/// </summary>
public sealed class OverviewStats(TransactionService transactions, LedgerService ledger, ConsoleClock clock)
{
    public const int MaxScanned = 20_000;
    private const int Batch = 500;

    public async Task<(PeriodStats Today, PeriodStats Week, int OpenNow, int StrayCredits, bool Truncated)> ReadAsync()
    {
        var todayStart = clock.DayStart(0);
        var weekStart = clock.DayStart(6);
        var active = await transactions.ActiveAsync(1000);
        var closed = new List<TransactionView>();
        DateTimeOffset? before = null;
        var truncated = false;
        while (true)
        {
            var page = await transactions.ClosedAsync(before, Batch);
            closed.AddRange(page);
            if (page.Count < Batch || TransactionService.ClosedAt(page[^1]) is not { } last || last < weekStart)
            {
                break;
            }

            if (closed.Count >= MaxScanned)
            {
                truncated = true;
                break;
            }

            before = last;
        }

        var all = active.Concat(closed).ToList();
        var stray = await ledger.PaymentsAsync(PaymentFilter.Unmatched, weekStart, null, 500);
        return (Period(all, todayStart), Period(all, weekStart), active.Count, stray.Count, truncated);
    }

    private static PeriodStats Period(IReadOnlyList<TransactionView> views, DateTimeOffset start)
    {
        var created = views.Where(v => v.CreatedAt >= start).ToList();
        var paid = views.Where(v => v.State == TransactionState.Confirmed && v.ConfirmedAt >= start).ToList();
        var paidOfCreated = created.Count(v => v.State == TransactionState.Confirmed);
        TimeSpan? average = paid.Count == 0 ? null : TimeSpan.FromTicks((long)paid.Average(v => (v.ConfirmedAt!.Value - v.CreatedAt).Ticks));
        return new PeriodStats(created.Count, paidOfCreated, paid.Sum(v => v.AmountTiyin), average);
    }
}
