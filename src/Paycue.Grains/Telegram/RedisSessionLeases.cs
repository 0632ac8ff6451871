using StackExchange.Redis;

namespace Paycue.Grains.Telegram;

/// <summary>
/// Session leases in Redis, one key per account: <c>SET NX PX</c> with a random token, extended by compare-and-extend
/// and given up by compare-and-delete (Lua, so a holder never touches a lease someone else took after its own
/// expired). Each acquisition increments the account's fence counter in the same script; the snapshot write is a
/// script that refuses a fence older than the counter.
/// </summary>
public sealed class RedisSessionLeases(IConnectionMultiplexer redis, string serviceId) : ISessionLeases
{
    /// <summary>KEYS: lease, fence. ARGV: value (token and holder), ttl ms. Returns {1, fence} or {0, value held, pttl}.</summary>
    private const string AcquireScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return {1, redis.call('INCR', KEYS[2])}
        end
        return {0, redis.call('GET', KEYS[1]) or '', redis.call('PTTL', KEYS[1])}
        """;

    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    /// <summary>KEYS: fence, snapshot. ARGV: the writer's fence, the snapshot ('' for none). Refused when a newer acquisition exists.</summary>
    private const string SaveScript = """
        local newest = tonumber(redis.call('GET', KEYS[1]) or '0')
        if newest > tonumber(ARGV[1]) then
          return 0
        end
        redis.call('HSET', KEYS[2], 'fence', ARGV[1], 'data', ARGV[2])
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<SessionLeaseGrant> TryAcquireAsync(string accountId, string holder, TimeSpan ttl)
    {
        var token = Guid.NewGuid().ToString("N");
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            AcquireScript, [LeaseKey(accountId), FenceKey(accountId)], [Value(token, holder), Milliseconds(ttl)]))!;
        if ((long)result[0] == 1)
        {
            return new SessionLeaseGrant(new SessionLease(accountId, Value(token, holder), (long)result[1]), null, TimeSpan.Zero);
        }

        var held = (string?)result[1] ?? "";
        var pttl = (long)result[2];
        return new SessionLeaseGrant(null, HolderOf(held), TimeSpan.FromMilliseconds(Math.Max(0, pttl)));
    }

    public async Task<bool> RenewAsync(SessionLease lease, TimeSpan ttl) =>
        (long)await Db.ScriptEvaluateAsync(RenewScript, [LeaseKey(lease.AccountId)], [lease.Token, Milliseconds(ttl)]) == 1;

    public async Task ReleaseAsync(SessionLease lease) =>
        await Db.ScriptEvaluateAsync(ReleaseScript, [LeaseKey(lease.AccountId)], [lease.Token]);

    public async Task<bool> SaveSnapshotAsync(SessionLease lease, byte[]? snapshot) =>
        (long)await Db.ScriptEvaluateAsync(
            SaveScript, [FenceKey(lease.AccountId), SnapshotKey(lease.AccountId)], [lease.Fence, snapshot ?? []]) == 1;

    public async Task<StoredSessionSnapshot> LoadSnapshotAsync(string accountId)
    {
        var fields = await Db.HashGetAsync(SnapshotKey(accountId), ["fence", "data"]);
        if (fields[0].IsNull)
        {
            return new StoredSessionSnapshot(false, null, 0);
        }

        var data = (byte[]?)fields[1];
        return new StoredSessionSnapshot(true, data is { Length: > 0 } ? data : null, (long)fields[0]);
    }

    /// <summary>The token, then who holds it: the holder is shown to the next one that asks, the token never.</summary>
    private static string Value(string token, string holder) => $"{token} {holder}";

    private static string HolderOf(string value) => value.IndexOf(' ') is var space and >= 0 ? value[(space + 1)..] : "another process";

    private static long Milliseconds(TimeSpan ttl) => Math.Max(1, (long)ttl.TotalMilliseconds);

    internal static RedisKey LeaseKey(string serviceId, string accountId) => $"{serviceId}/paycue/session-lease/{accountId}";

    private RedisKey LeaseKey(string accountId) => LeaseKey(serviceId, accountId);

    private RedisKey FenceKey(string accountId) => $"{serviceId}/paycue/session-fence/{accountId}";

    private RedisKey SnapshotKey(string accountId) => $"{serviceId}/paycue/session-snapshot/{accountId}";
}
