using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Paycue.Grains.Telegram;

/// <summary>
/// Holds one account's lease for as long as a TDLib client runs: renews it every third of its time to live, and
/// declares it <see cref="Lost"/> when it was not renewed in time. The deadline is measured on this process's
/// monotonic clock from the moment each successful renewal was <em>sent</em>, less a margin, so the client is told to
/// stop before the lease can have expired in Redis for anyone else, whatever Redis or this process were doing.
/// </summary>
public sealed partial class SessionLeaseKeeper : IAsyncDisposable
{
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(5);

    private readonly ISessionLeases _leases;
    private readonly TimeSpan _ttl;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private Task? _renewing;

    private SessionLeaseKeeper(ISessionLeases leases, SessionLease lease, TimeSpan ttl, long sentAt, ILogger logger)
    {
        _leases = leases;
        Lease = lease;
        _ttl = ttl;
        _logger = logger;
        ValidUntil = sentAt + Ticks(ttl);
    }

    public SessionLease Lease { get; }

    /// <summary>The store the lease lives in, for the writes it fences.</summary>
    public ISessionLeases Leases => _leases;

    /// <summary>Cancelled once the lease can no longer be trusted to be this holder's: stop the client at once.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Stopwatch timestamp before which the lease is surely still ours (renewals move it).</summary>
    private long ValidUntil { get; set; }

    /// <summary>Stop this long before the lease could expire: Redis and this process may disagree a little about time.</summary>
    private TimeSpan Margin => _ttl / 5;

    /// <summary>
    /// One attempt to take the lease; on success a keeper that renews it. A refusal says who holds it. Redis being
    /// unreachable throws (the caller decides whether to wait or give up).
    /// </summary>
    public static async Task<(SessionLeaseKeeper? Keeper, SessionLeaseGrant Grant)> TryAcquireAsync(
        ISessionLeases leases, string accountId, string holder, TimeSpan ttl, ILogger? logger = null)
    {
        var sentAt = Stopwatch.GetTimestamp();
        var grant = await leases.TryAcquireAsync(accountId, holder, ttl).ConfigureAwait(false);
        if (grant.Lease is null)
        {
            return (null, grant);
        }

        var keeper = new SessionLeaseKeeper(leases, grant.Lease, ttl, sentAt, logger ?? NullLogger.Instance);
        keeper._renewing = Task.Run(keeper.RenewLoopAsync);
        return (keeper, grant);
    }

    /// <summary>Stops renewing and gives the lease up (quietly when Redis cannot be reached: it then expires by itself).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        if (_renewing is { } renewing)
        {
            await renewing.ConfigureAwait(false);
        }

        try
        {
            // Bounded: a stop must not hang on Redis; an unreleased lease only delays the next holder by its TTL.
            await _leases.ReleaseAsync(Lease).WaitAsync(_ttl < ReleaseWait ? _ttl : ReleaseWait).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReleaseFailed(Lease.AccountId, ex.GetType().Name);
        }
    }

    private async Task RenewLoopAsync()
    {
        var period = _ttl / 3;
        while (!_stop.IsCancellationRequested)
        {
            var stopAt = ValidUntil - Ticks(Margin);
            var untilStop = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), stopAt);
            try
            {
                var wait = untilStop < period ? untilStop : period;
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var sentAt = Stopwatch.GetTimestamp();
            var left = Stopwatch.GetElapsedTime(sentAt, stopAt);
            if (left <= TimeSpan.Zero)
            {
                LoseLease("it could not be renewed in time");
                return;
            }

            try
            {
                if (await _leases.RenewAsync(Lease, _ttl).WaitAsync(left, _stop.Token).ConfigureAwait(false))
                {
                    ValidUntil = sentAt + Ticks(_ttl);
                }
                else
                {
                    LoseLease("another holder has it now");
                    return;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Redis slow or away: try again until the deadline, then stop the client.
                LogRenewFailed(Lease.AccountId, ex.GetType().Name);
            }
        }
    }

    private void LoseLease(string why)
    {
        LogLost(Lease.AccountId, why);
        _lost.Cancel();
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    [LoggerMessage(Level = LogLevel.Error, Message = "Account {AccountId}: the session lease is lost ({Why}); its TDLib client stops.")]
    private partial void LogLost(string accountId, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId}: renewing the session lease failed ({ErrorType}); retrying.")]
    private partial void LogRenewFailed(string accountId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId}: releasing the session lease failed ({ErrorType}); it expires by itself.")]
    private partial void LogReleaseFailed(string accountId, string errorType);
}
