using Paycue.Grains.Ledger;
using StackExchange.Redis;

namespace Paycue.Grains.Tests.Ledger;

/// <summary>Resolutions and the cancelled index behave the same in the in-memory store and the Redis store (a real redis-server).</summary>
public sealed class LedgerResolutionStoreTests(RedisConnection redis) : IClassFixture<RedisConnection>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private ConnectionMultiplexer Connection => redis.Connection;

    private IEnumerable<ILedgerStore> Stores() => [new MemoryLedgerStore(), new RedisLedgerStore(Connection, $"ledger-{Guid.NewGuid():N}")];

    private static PaymentRecord Stray(string id, int minute) =>
        new(id, "card-1", minute, 100_000 + minute, "UZS", Now.AddMinutes(minute), null, null, MatchOutcomes.PaidAfterCancel, Guid.NewGuid());

    private static async Task<IReadOnlyList<string>> IdsAsync(ILedgerStore store, PaymentFilter filter) =>
        (await store.PaymentsAsync(filter, null, null, 50)).Select(p => p.PaymentId).ToList();

    [Fact]
    public async Task AClaimIsFirstComeAndOnlyAFinalDecisionLeavesTheUnmatchedList()
    {
        foreach (var store in Stores())
        {
            await store.RecordPaymentAsync(Stray("a", 1));
            await store.RecordPaymentAsync(Stray("b", 2));
            var tx = Guid.NewGuid();
            var claim = new PaymentResolution("a", PaymentResolutionStatus.Resolving, tx, "shop", Now, "rounded down");

            Assert.Equal(claim, await store.ClaimResolutionAsync(claim));
            var dismiss = new PaymentResolution("a", PaymentResolutionStatus.Dismissed, null, "other", Now, "refunded");
            Assert.Equal(claim, await store.ClaimResolutionAsync(dismiss));

            // Resolving is not a decision yet: still unmatched, and shown with its claim.
            Assert.Equal(["b", "a"], await IdsAsync(store, PaymentFilter.Unmatched));
            Assert.Equal(claim, (await store.PaymentAsync("a"))!.Resolution);

            await store.PutResolutionAsync(claim with { Status = PaymentResolutionStatus.Resolved });
            Assert.Equal(["b"], await IdsAsync(store, PaymentFilter.Unmatched));
            Assert.Equal(["a"], await IdsAsync(store, PaymentFilter.Resolved));
            Assert.Equal(PaymentResolutionStatus.Resolved, (await store.PaymentsAsync(PaymentFilter.All, null, null, 50)).Single(p => p.PaymentId == "a").Resolution!.Status);

            // The bank message read again (a replay) rewrites its row, and the decision stays.
            await store.RecordPaymentAsync(Stray("a", 1));
            Assert.Equal(["b"], await IdsAsync(store, PaymentFilter.Unmatched));
            Assert.Equal(PaymentResolutionStatus.Resolved, (await store.PaymentAsync("a"))!.Resolution!.Status);

            var dismissB = new PaymentResolution("b", PaymentResolutionStatus.Dismissed, null, "shop", Now, "refunded");
            Assert.Equal(dismissB, await store.ClaimResolutionAsync(dismissB));
            Assert.Empty(await IdsAsync(store, PaymentFilter.Unmatched));
            Assert.Equal(["b"], await IdsAsync(store, PaymentFilter.Dismissed));
            Assert.Null(await store.PaymentAsync("missing"));
        }
    }

    [Fact]
    public async Task ClearingRemovesOnlyTheResolvingClaimOfThatTransaction()
    {
        foreach (var store in Stores())
        {
            await store.RecordPaymentAsync(Stray("c", 3));
            var tx = Guid.NewGuid();
            await store.ClaimResolutionAsync(new PaymentResolution("c", PaymentResolutionStatus.Resolving, tx, "shop", Now, null));

            await store.ClearResolutionAsync("c", Guid.NewGuid());
            Assert.NotNull((await store.PaymentAsync("c"))!.Resolution);
            await store.ClearResolutionAsync("c", tx);
            Assert.Null((await store.PaymentAsync("c"))!.Resolution);
            Assert.Equal(["c"], await IdsAsync(store, PaymentFilter.Unmatched));

            await store.PutResolutionAsync(new PaymentResolution("c", PaymentResolutionStatus.Resolved, tx, "shop", Now, null));
            await store.ClearResolutionAsync("c", tx);
            Assert.Equal(PaymentResolutionStatus.Resolved, (await store.PaymentAsync("c"))!.Resolution!.Status);
        }
    }

    [Fact]
    public async Task CancelledIndexIsPerCardByTimeAndSweptWithRetention()
    {
        foreach (var store in Stores())
        {
            var early = Guid.NewGuid();
            var late = Guid.NewGuid();
            await store.RecordCancelledAsync("card|with|bars", early, 1_000_000, Now);
            await store.RecordCancelledAsync("card|with|bars", late, 1_000_100, Now.AddMinutes(30));
            await store.RecordCancelledAsync("other", Guid.NewGuid(), 1_000_000, Now);

            var found = await store.CancelledAsync("card|with|bars", Now.AddMinutes(-1), Now.AddHours(1));
            Assert.Equal([(early, 1_000_000L), (late, 1_000_100L)], found.OrderBy(f => f.CancelledAt).Select(f => (f.TransactionId, f.AmountTiyin)));
            Assert.Equal(Now, found.Single(f => f.TransactionId == early).CancelledAt);
            Assert.Empty(await store.CancelledAsync("card|with|bars", Now.AddHours(2), Now.AddHours(3)));

            await store.SweepAsync(Now.AddMinutes(10), 0, 10);
            Assert.Equal([late], (await store.CancelledAsync("card|with|bars", Now.AddDays(-1), Now.AddDays(1))).Select(f => f.TransactionId));
        }
    }

    [Fact]
    public async Task RetentionDropsAResolutionWithItsRow()
    {
        foreach (var store in Stores())
        {
            await store.RecordPaymentAsync(Stray("d", 1));
            await store.ClaimResolutionAsync(new PaymentResolution("d", PaymentResolutionStatus.Dismissed, null, "shop", Now, "refunded"));
            await store.SweepAsync(Now.AddMinutes(5), 0, 10);
            Assert.Empty(await IdsAsync(store, PaymentFilter.Dismissed));
            await store.RecordPaymentAsync(Stray("d", 1));
            Assert.Null((await store.PaymentAsync("d"))!.Resolution);
        }
    }
}
