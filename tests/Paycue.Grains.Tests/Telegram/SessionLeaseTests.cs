using System.Diagnostics;
using Paycue.Grains.Telegram;
using Paycue.Testing;

namespace Paycue.Grains.Tests.Telegram;

/// <summary>
/// Issue 16, item 5: the session lease behaves the same in Redis (a real redis-server) and in one process: one holder
/// at a time, renewal and release only by the holder, takeover after expiry with a newer fence, and the old holder's
/// snapshot writes refused from then on.
/// </summary>
public sealed class SessionLeaseTests(RedisConnection redis) : IClassFixture<RedisConnection>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private IEnumerable<ISessionLeases> Stores() => [new MemorySessionLeases(), new RedisSessionLeases(redis.Connection, $"lease-{Guid.NewGuid():N}")];

    [Fact]
    public async Task ASecondHolderIsRefusedAndToldWhoHoldsIt()
    {
        foreach (var leases in Stores())
        {
            var first = await leases.TryAcquireAsync("acc", "silo A", Long);
            var second = await leases.TryAcquireAsync("acc", "paycue --telegram", Long);

            Assert.True(first.Acquired, leases.GetType().Name);
            Assert.False(second.Acquired, leases.GetType().Name);
            Assert.Equal("silo A", second.Holder);
            Assert.InRange(second.HeldFor, TimeSpan.FromSeconds(1), Long);
            Assert.True((await leases.TryAcquireAsync("other-account", "silo B", Long)).Acquired, "another account's lease is its own");
        }
    }

    [Fact]
    public async Task OnlyTheHolderRenewsOrReleasesAndTheNextAcquisitionHasANewerFence()
    {
        foreach (var leases in Stores())
        {
            var held = (await leases.TryAcquireAsync("acc", "silo A", Long)).Lease!;
            var impostor = held with { Token = "not-the-token" };

            Assert.True(await leases.RenewAsync(held, Long));
            Assert.False(await leases.RenewAsync(impostor, Long));
            await leases.ReleaseAsync(impostor);
            Assert.False((await leases.TryAcquireAsync("acc", "silo B", Long)).Acquired, "a release by someone else frees nothing");

            await leases.ReleaseAsync(held);
            var next = (await leases.TryAcquireAsync("acc", "silo B", Long)).Lease;
            Assert.NotNull(next);
            Assert.True(next.Fence > held.Fence, $"{next.Fence} after {held.Fence}");
            Assert.False(await leases.RenewAsync(held, Long), "a released lease is not renewed");
        }
    }

    [Fact]
    public async Task AnExpiredLeaseIsTakenOverAndTheOldHoldersSnapshotWritesAreRefused()
    {
        foreach (var leases in Stores())
        {
            var old = (await leases.TryAcquireAsync("acc", "silo A", TimeSpan.FromMilliseconds(300))).Lease!;
            Assert.True(await leases.SaveSnapshotAsync(old, [1, 2, 3]));

            // Not renewed: once it expired, another holder gets it.
            var taken = await Eventually.WaitAsync(
                () => leases.TryAcquireAsync("acc", "silo B", Long), g => g.Acquired, TimeSpan.FromSeconds(10), "the takeover");
            var current = taken.Lease!;
            Assert.True(current.Fence > old.Fence);

            Assert.False(await leases.RenewAsync(old, Long), "the old holder cannot renew");
            Assert.False(await leases.SaveSnapshotAsync(old, [9, 9, 9]), "the old holder's write is fenced off");
            Assert.False(await leases.SaveSnapshotAsync(old, null), "nor can it erase the snapshot");
            Assert.Equal([1, 2, 3], (await leases.LoadSnapshotAsync("acc")).Snapshot);

            Assert.True(await leases.SaveSnapshotAsync(current, [4, 5]));
            var stored = await leases.LoadSnapshotAsync("acc");
            Assert.Equal(current.Fence, stored.Fence);
            Assert.Equal([4, 5], stored.Snapshot);
        }
    }

    [Fact]
    public async Task AForgottenSnapshotIsKnownToBeEmptyAndANeverSavedOneIsUnknown()
    {
        foreach (var leases in Stores())
        {
            var lease = (await leases.TryAcquireAsync("acc", "silo A", Long)).Lease!;
            Assert.False((await leases.LoadSnapshotAsync("acc")).Known);

            Assert.True(await leases.SaveSnapshotAsync(lease, [1]));
            Assert.True(await leases.SaveSnapshotAsync(lease, null));

            var stored = await leases.LoadSnapshotAsync("acc");
            Assert.True(stored.Known);
            Assert.Null(stored.Snapshot);
        }
    }

    [Fact]
    public async Task TheKeeperRenewsPastTheTtlAndDeclaresTheLeaseLostBeforeItCanExpireWhenRenewalsHang()
    {
        var ttl = TimeSpan.FromSeconds(3);
        var leases = new StallingLeases(new RedisSessionLeases(redis.Connection, $"lease-{Guid.NewGuid():N}"));
        var (keeper, _) = await SessionLeaseKeeper.TryAcquireAsync(leases, "acc", "silo A", ttl);
        Assert.NotNull(keeper);
        await using var _keeper = keeper;
        var started = Stopwatch.StartNew();

        // Four renewals take longer than one TTL: the lease outlived it, and nobody else could take it meanwhile.
        await Eventually.WaitAsync(() => Task.FromResult(leases.Renewals), n => n >= 4, TimeSpan.FromSeconds(30), "four renewals");
        Assert.True(started.Elapsed > ttl, $"{leases.Renewals} renewals in {started.Elapsed}");
        Assert.False(keeper.Lost.IsCancellationRequested);
        Assert.False((await leases.TryAcquireAsync("acc", "silo B", ttl)).Acquired);

        // Redis stops answering renewals: the keeper gives up while the lease is still its own in Redis. Redis
        // counts a renewal's TTL from when it ran it, which is after it was sent, so the lease cannot expire there
        // before (last renewal sent + TTL). Timed on this process's clock, at the very moment Lost fires: asking
        // Redis then would measure the round trip of a busy test machine, not the keeper.
        var lostAt = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        keeper.Lost.Register(() => lostAt.TrySetResult(Stopwatch.GetTimestamp()));
        leases.Stall();
        var lost = await lostAt.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var beforeExpiry = Stopwatch.GetElapsedTime(lost, leases.LastRenewalSentAt) + ttl;
        Assert.True(beforeExpiry > TimeSpan.Zero, $"the keeper stopped {-beforeExpiry.TotalMilliseconds:F0} ms after the lease could have expired");

        // Once it expired, the next holder takes over with a newer fence.
        var next = await Eventually.WaitAsync(
            () => leases.Inner.TryAcquireAsync("acc", "silo B", ttl), g => g.Acquired, TimeSpan.FromSeconds(20), "the takeover");
        Assert.True(next.Lease!.Fence > keeper.Lease.Fence);
        leases.Resume();
    }

    /// <summary>A lease store whose renewals can be made to hang, as when Redis is paused or the network is cut.</summary>
    private sealed class StallingLeases(ISessionLeases inner) : ISessionLeases
    {
        private volatile TaskCompletionSource _stalled = Done();
        private int _renewals;

        public ISessionLeases Inner => inner;

        public int Renewals => Volatile.Read(ref _renewals);

        public void Stall() => _stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Resume() => _stalled.TrySetResult();

        public Task<SessionLeaseGrant> TryAcquireAsync(string accountId, string holder, TimeSpan ttl) => inner.TryAcquireAsync(accountId, holder, ttl);

        /// <summary>Stopwatch timestamp at which the last renewal that went through was sent to the store.</summary>
        public long LastRenewalSentAt => Volatile.Read(ref _lastRenewalSentAt);

        private long _lastRenewalSentAt;

        public async Task<bool> RenewAsync(SessionLease lease, TimeSpan ttl)
        {
            await _stalled.Task;
            var sentAt = Stopwatch.GetTimestamp();
            var renewed = await inner.RenewAsync(lease, ttl);
            if (renewed)
            {
                Volatile.Write(ref _lastRenewalSentAt, sentAt);
            }

            Interlocked.Increment(ref _renewals);
            return renewed;
        }

        public Task ReleaseAsync(SessionLease lease) => inner.ReleaseAsync(lease);

        public Task<bool> SaveSnapshotAsync(SessionLease lease, byte[]? snapshot) => inner.SaveSnapshotAsync(lease, snapshot);

        public Task<StoredSessionSnapshot> LoadSnapshotAsync(string accountId) => inner.LoadSnapshotAsync(accountId);

        private static TaskCompletionSource Done()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }
    }
}
