using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paycue.Grains.Configuration;
using Paycue.Grains.Pool;
using Paycue.Grains.Transactions;

namespace Paycue.Grains.Ledger;

/// <summary>
/// Hourly: removes payment and delivery records older than RETENTION, closed transactions older than it, and what
/// else grows with every payment: processed-message markers, Idempotency-Key records and unmatched-payment notices.
/// An id leaves its index only once its record is gone, so a purge that failed (or was refused: a webhook still
/// pending) is tried again next hour instead of leaving the record forever. Every silo runs it; the deletes are
/// idempotent, so several silos sweeping at once only repeat work.
/// </summary>
public sealed partial class RetentionService(
    ILedgerStore ledger,
    ICardStore cards,
    ITransactionStore transactions,
    IGrainFactory grains,
    PaycueOptions options,
    TimeProvider clock,
    ILogger<RetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int Batch = 500;

    /// <summary>One sweep; returns how many transactions were purged.</summary>
    public Task<int> SweepAsync() => SweepAsync(clock.GetUtcNow() - options.Retention);

    /// <summary>One sweep of everything older than <paramref name="cutoff"/>; returns how many transactions were purged.</summary>
    public async Task<int> SweepAsync(DateTimeOffset cutoff)
    {
        var purged = 0;
        var kept = 0;
        IReadOnlyList<Guid> old;
        do
        {
            old = await ledger.SweepAsync(cutoff, kept, Batch);
            var gone = new List<Guid>(old.Count);
            foreach (var id in old)
            {
                if (await grains.GetGrain<ITransactionGrain>(id).PurgeAsync())
                {
                    purged++;
                    gone.Add(id);
                }
                else if (await transactions.LoadAsync(id) is null)
                {
                    gone.Add(id); // Purged before (by another silo, or a sweep whose forget failed).
                }
                else
                {
                    kept++; // Refused for now (a webhook still pending): it stays indexed for the next sweep.
                }
            }

            await ledger.ForgetClosedAsync(gone);
        }
        while (old.Count == Batch);

        await SweepKeptAsync(KeptKinds.Idempotency, cutoff, async key =>
        {
            await grains.GetGrain<IIdempotencyGrain>(key).ForgetAsync();
            return true;
        });
        await SweepKeptAsync(KeptKinds.PaymentNotice, cutoff, key => grains.GetGrain<IPaymentNoticeGrain>(key).ForgetAsync());
        await cards.SweepProcessedAsync(cutoff);
        return purged;
    }

    private async Task SweepKeptAsync(string kind, DateTimeOffset cutoff, Func<string, Task<bool>> forget)
    {
        var kept = 0;
        IReadOnlyList<string> old;
        do
        {
            old = await ledger.KeptBeforeAsync(kind, cutoff, kept, Batch);
            var gone = new List<string>(old.Count);
            foreach (var id in old)
            {
                if (await forget(id))
                {
                    gone.Add(id);
                }
                else
                {
                    kept++;
                }
            }

            await ledger.ForgetKeptAsync(kind, gone);
        }
        while (old.Count == Batch);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var purged = await SweepAsync();
                LogSwept(purged);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep removed {Purged} closed transactions.")]
    private partial void LogSwept(int purged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep failed; it runs again within the hour.")]
    private partial void LogSweepFailed(Exception exception);
}
