using Paycue.Grains.Configuration;
using Paycue.Grains.Telegram;
using StackExchange.Redis;

namespace Paycue.Gateway.Cli;

/// <summary>
/// <c>paycue --telegram</c>'s hold on the account's session lease before it starts TDLib here. With Redis the lease
/// is where every silo of the service looks, so a card session running anywhere refuses this login (and this login,
/// while it runs, keeps the card's session waiting). Without Redis no other process could see a lease taken here.
/// </summary>
internal sealed class LocalLease : IAsyncDisposable
{
    private readonly IConnectionMultiplexer? _redis;

    private LocalLease(IConnectionMultiplexer? redis, SessionLeaseKeeper? keeper, (string Sentence, int ExitCode)? refused)
    {
        _redis = redis;
        Keeper = keeper;
        Refused = refused;
    }

    /// <summary>The lease, renewed while this login runs; null when refused.</summary>
    public SessionLeaseKeeper? Keeper { get; }

    /// <summary>Why this login may not start TDLib here, and the exit code that says so.</summary>
    public (string Sentence, int ExitCode)? Refused { get; }

    /// <summary>Null without Redis (nothing to take); otherwise the lease, or the refusal.</summary>
    public static async Task<LocalLease?> AcquireAsync(PaycueOptions options, string accountId)
    {
        if (!options.UsesRedis)
        {
            return null;
        }

        var config = ConfigurationOptions.Parse(options.RedisAddress!);
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = 5000;
        IConnectionMultiplexer? redis = null;
        try
        {
            redis = await ConnectionMultiplexer.ConnectAsync(config);
            var leases = new RedisSessionLeases(redis, options.ServiceId);
            var ttl = options.SessionLeaseTtl;
            var (keeper, grant) = await SessionLeaseKeeper.TryAcquireAsync(leases, accountId, CardSession.Holder("paycue --telegram"), ttl);
            if (keeper is not null)
            {
                return new LocalLease(redis, keeper, null);
            }

            return new LocalLease(redis, null, (
                $"another process runs the session of this Telegram account ({grant.Holder}), so no second Telegram client starts here: "
                + "Telegram may end a session that is used from two places at once. Log in through that service (PAYCUE_URL, or "
                + $"POST /api/cards/{accountId}/login), or stop it (systemctl stop paycue) and run this again; if that process is gone, "
                + $"its hold ends within {Durations.Format(grant.HeldFor > TimeSpan.Zero ? grant.HeldFor : ttl)}.",
                ExitCodes.SessionBusy));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // REDIS_ADDR may carry a password: the sentence names the key, never its value.
            return new LocalLease(redis, null, (
                $"the session lease in Redis (REDIS_ADDR) cannot be checked ({e.GetType().Name}), and this account's session may be running "
                + "elsewhere; start Redis, or run this where REDIS_ADDR reaches it.",
                ExitCodes.Unreachable));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Keeper is not null)
        {
            await Keeper.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
