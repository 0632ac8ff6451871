using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paycue.Grains.Configuration;

namespace Paycue.Grains.Ledger;

/// <summary>
/// Hourly: removes payment and delivery records older than RETENTION, and closed transactions older than it.
/// Every silo runs it; the deletes are idempotent, so several silos sweeping at once only repeat work.
/// </summary>
public sealed partial class RetentionService(ILedgerStore ledger, IGrainFactory grains, PaycueOptions options, TimeProvider clock, ILogger<RetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int Batch = 500;

    /// <summary>One sweep; returns how many transactions were purged.</summary>
    public async Task<int> SweepAsync()
    {
        var cutoff = clock.GetUtcNow() - options.Retention;
        var purged = 0;
        IReadOnlyList<Guid> old;
        do
        {
            old = await ledger.SweepAsync(cutoff, Batch);
            foreach (var id in old)
            {
                purged += await grains.GetGrain<ITransactionGrain>(id).PurgeAsync() ? 1 : 0;
            }
        }
        while (old.Count == Batch);

        return purged;
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
