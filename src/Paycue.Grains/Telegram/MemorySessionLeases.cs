using System.Diagnostics;

namespace Paycue.Grains.Telegram;

/// <summary>
/// Session leases without Redis: one table for the whole process (<see cref="Process"/>), shared by every silo a
/// process hosts, with the same rules as <see cref="RedisSessionLeases"/>: a random token, expiry on the monotonic
/// clock, a fence that grows with each acquisition, and snapshot writes refused from an older fence.
/// </summary>
public sealed class MemorySessionLeases : ISessionLeases
{
    /// <summary>The process's table: two activations of one account in this process must meet here.</summary>
    public static MemorySessionLeases Process { get; } = new();

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Token, string Holder, long ExpiresAt)> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _fences = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Fence, byte[]? Snapshot)> _snapshots = new(StringComparer.Ordinal);

    public Task<SessionLeaseGrant> TryAcquireAsync(string accountId, string holder, TimeSpan ttl)
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (_leases.TryGetValue(accountId, out var held) && held.ExpiresAt > now)
            {
                return Task.FromResult(new SessionLeaseGrant(null, held.Holder, Stopwatch.GetElapsedTime(now, held.ExpiresAt)));
            }

            var fence = _fences.GetValueOrDefault(accountId) + 1;
            _fences[accountId] = fence;
            var token = Guid.NewGuid().ToString("N");
            _leases[accountId] = (token, holder, now + Ticks(ttl));
            return Task.FromResult(new SessionLeaseGrant(new SessionLease(accountId, token, fence), null, TimeSpan.Zero));
        }
    }

    public Task<bool> RenewAsync(SessionLease lease, TimeSpan ttl)
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (!_leases.TryGetValue(lease.AccountId, out var held) || held.Token != lease.Token || held.ExpiresAt <= now)
            {
                return Task.FromResult(false);
            }

            _leases[lease.AccountId] = held with { ExpiresAt = now + Ticks(ttl) };
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(SessionLease lease)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(lease.AccountId, out var held) && held.Token == lease.Token)
            {
                _leases.Remove(lease.AccountId);
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> SaveSnapshotAsync(SessionLease lease, byte[]? snapshot)
    {
        lock (_gate)
        {
            if (_fences.GetValueOrDefault(lease.AccountId) > lease.Fence)
            {
                return Task.FromResult(false);
            }

            _snapshots[lease.AccountId] = (lease.Fence, snapshot);
            return Task.FromResult(true);
        }
    }

    public Task<StoredSessionSnapshot> LoadSnapshotAsync(string accountId)
    {
        lock (_gate)
        {
            return Task.FromResult(_snapshots.TryGetValue(accountId, out var stored)
                ? new StoredSessionSnapshot(true, stored.Snapshot, stored.Fence)
                : new StoredSessionSnapshot(false, null, 0));
        }
    }

    private static long Ticks(TimeSpan ttl) => (long)(ttl.TotalSeconds * Stopwatch.Frequency);
}
