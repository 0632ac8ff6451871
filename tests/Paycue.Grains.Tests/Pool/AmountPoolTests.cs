using Paycue.Grains.Configuration;
using Paycue.Grains.Pool;

namespace Paycue.Grains.Tests.Pool;

public sealed class AmountPoolTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 16, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(10);

    private static AmountPool Som(long limitSom = 100, AmountDirection direction = AmountDirection.Up) =>
        new(stepTiyin: 100, maxOffsetSteps: limitSom, direction, Cooldown);

    private static PoolEntry Hold(AmountPool pool, long requestedTiyin, DateTimeOffset? at = null)
    {
        var now = at ?? T0;
        var free = pool.FindFree(requestedTiyin, now) ?? throw new InvalidOperationException("pool full");
        var entry = new PoolEntry(free.AmountTiyin, Guid.NewGuid(), now, now.AddMinutes(30), null);
        pool.Hold(entry);
        return entry;
    }

    [Fact]
    public void SomPrecisionStepsByOneSomUpwards()
    {
        var pool = Som();
        var amounts = Enumerable.Range(0, 4).Select(_ => Hold(pool, 2_000_000).AmountTiyin).ToList();
        Assert.Equal([2_000_000, 2_000_100, 2_000_200, 2_000_300], amounts);
        Assert.Equal(4, pool.OpenCount);
    }

    [Fact]
    public void TiyinPrecisionStepsByOneTiyin()
    {
        var pool = new AmountPool(stepTiyin: 1, maxOffsetSteps: 100 * 100, AmountDirection.Up, Cooldown);
        var amounts = Enumerable.Range(0, 3).Select(_ => Hold(pool, 2_000_000).AmountTiyin).ToList();
        Assert.Equal([2_000_000, 2_000_001, 2_000_002], amounts);
    }

    [Fact]
    public void DownDirectionStepsBelowAndNeverReachesZero()
    {
        var pool = Som(limitSom: 10, direction: AmountDirection.Down);
        Assert.Equal(300, Hold(pool, 300).AmountTiyin);
        Assert.Equal(200, Hold(pool, 300).AmountTiyin);
        Assert.Equal(100, Hold(pool, 300).AmountTiyin);
        Assert.Null(pool.FindFree(300, T0));
    }

    [Fact]
    public void LimitBoundsTheOffsetInclusively()
    {
        var pool = Som(limitSom: 2);
        Hold(pool, 10_000);
        Hold(pool, 10_000);
        var third = Hold(pool, 10_000);
        Assert.Equal(10_200, third.AmountTiyin);
        Assert.Null(pool.FindFree(10_000, T0));
    }

    [Fact]
    public void ClosedAmountStaysHeldForTheCooldownThenFrees()
    {
        var pool = Som();
        var entry = Hold(pool, 500_000);
        pool.Close(entry.TransactionId, T0.AddMinutes(1));
        Assert.Equal(0, pool.OpenCount);
        Assert.Equal(500_100, pool.FindFree(500_000, T0.AddMinutes(1) + Cooldown - TimeSpan.FromSeconds(1))!.Value.AmountTiyin);
        Assert.Equal(500_000, pool.FindFree(500_000, T0.AddMinutes(1) + Cooldown)!.Value.AmountTiyin);
    }

    /// <summary>
    /// An open entry is never freed, replaced or swept before its transaction closes, however long past its deadline
    /// (a card holding expiry while its feed is down; with AMOUNT_COOLDOWN=0 the old rule handed the amount out again
    /// at the deadline and the old transaction dropped out of expiry for good).
    /// </summary>
    [Fact]
    public void OpenEntryStaysHeldPastItsDeadlineUntilItsTransactionCloses()
    {
        var pool = new AmountPool(stepTiyin: 100, maxOffsetSteps: 100, AmountDirection.Up, TimeSpan.Zero);
        var entry = Hold(pool, 500_000);
        var muchLater = entry.ExpiresAt + TimeSpan.FromDays(1);
        Assert.Equal(500_100, pool.FindFree(500_000, muchLater)!.Value.AmountTiyin);
        Assert.Empty(pool.Expired(muchLater));
        Assert.Throws<InvalidOperationException>(() => pool.Hold(entry with { TransactionId = Guid.NewGuid(), CreatedAt = muchLater }));
        Assert.Single(pool.OpenDue(muchLater, 10));

        pool.Close(entry.TransactionId, muchLater);
        Assert.Equal(500_000, pool.FindFree(500_000, muchLater)!.Value.AmountTiyin);
    }

    [Fact]
    public void HoldingAnAmountHeldByAnotherTransactionThrows()
    {
        var pool = Som();
        var entry = Hold(pool, 100_000);
        var clash = entry with { TransactionId = Guid.NewGuid() };
        Assert.Throws<InvalidOperationException>(() => pool.Hold(clash));
    }

    [Fact]
    public void SweepForgetsOnlyEntriesWhoseHoldEnded()
    {
        var pool = Som();
        var old = Hold(pool, 100_000);
        var young = Hold(pool, 100_000);
        pool.Close(old.TransactionId, T0);
        var expired = pool.Expired(T0 + Cooldown);
        Assert.Equal([old.AmountTiyin], expired.Select(e => e.AmountTiyin));
        foreach (var e in expired)
        {
            pool.Forget(e);
        }

        Assert.Null(pool.Find(old.AmountTiyin));
        Assert.NotNull(pool.Find(young.AmountTiyin));
        Assert.Equal(1, pool.HeldCount);
    }

    [Fact]
    public void LoadRestoresOpenAndClosedEntries()
    {
        var source = Som();
        var open = Hold(source, 100_000);
        var closed = Hold(source, 100_000);
        source.Close(closed.TransactionId, T0);

        var restored = Som();
        restored.Load([open, source.Find(closed.AmountTiyin)!]);
        Assert.Equal(1, restored.OpenCount);
        Assert.Equal(100_200, restored.FindFree(100_000, T0)!.Value.AmountTiyin);
    }

    [Fact]
    public void DeadlinesComeOutEarliestFirstAndLeaveWhenTheTransactionCloses()
    {
        var pool = Som();
        var first = Hold(pool, 1_000_000, T0);
        var second = Hold(pool, 2_000_000, T0.AddMinutes(1));
        var third = Hold(pool, 3_000_000, T0.AddMinutes(2));

        Assert.Empty(pool.OpenDue(T0.AddMinutes(29), 10));
        Assert.Equal(first.ExpiresAt, pool.NextOpenExpiryAfter(T0));
        var afterTwo = T0.AddMinutes(31);
        Assert.Equal([first.TransactionId, second.TransactionId], pool.OpenDue(afterTwo, 10).Select(e => e.TransactionId));
        Assert.Equal([first.TransactionId], pool.OpenDue(afterTwo, 1).Select(e => e.TransactionId));

        // The ones already due (waiting for their transaction) are skipped when looking for the next deadline.
        Assert.Equal(third.ExpiresAt, pool.NextOpenExpiryAfter(afterTwo));

        pool.Close(first.TransactionId, afterTwo);
        pool.Forget(second);
        Assert.Empty(pool.OpenDue(afterTwo, 10));
        Assert.Equal([third.TransactionId], pool.OpenDue(T0.AddHours(1), 10).Select(e => e.TransactionId));
        Assert.Null(pool.NextOpenExpiryAfter(T0.AddHours(1)));
    }
}
