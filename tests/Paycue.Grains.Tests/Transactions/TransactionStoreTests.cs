using Paycue.Grains.Pool;
using Paycue.Grains.Transactions;
using StackExchange.Redis;

namespace Paycue.Grains.Tests.Transactions;

/// <summary>The same behaviour from the in-memory stores and the Redis stores (against a real redis-server).</summary>
public sealed class TransactionStoreTests(RedisConnection redis) : IClassFixture<RedisConnection>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private ConnectionMultiplexer Connection => redis.Connection;

    private IEnumerable<(string Name, ICardStore Cards, ITransactionStore Transactions)> Stores()
    {
        var memory = new MemoryCardStore();
        yield return ("memory", memory, new MemoryTransactionStore(memory));
        var serviceId = $"tx-{Guid.NewGuid():N}";
        yield return ("redis", new RedisCardStore(Connection, serviceId), new RedisTransactionStore(Connection, serviceId));
    }

    private static (PoolEntry Entry, TransactionRecord Record) Opening(long amountTiyin)
    {
        var id = Guid.NewGuid();
        var opening = new TransactionOpening("card-1", "4242", amountTiyin, amountTiyin, Now, Now.AddMinutes(30));
        return (new PoolEntry(amountTiyin, id, Now, opening.ExpiresAt, null), new TransactionRecord { State = TransactionState.Active, Opening = opening });
    }

    [Fact]
    public async Task CreateStoresTheTransactionAndHoldsItsAmount()
    {
        foreach (var (name, cards, transactions) in Stores())
        {
            var (entry, record) = Opening(2_000_100);
            Assert.True(await transactions.CreateAsync("card-1", entry, entry.TransactionId, record, Now));

            var stored = await transactions.LoadAsync(entry.TransactionId);
            Assert.True(stored is not null, name);
            Assert.Equal(1, stored.Version);
            Assert.Equal(TransactionState.Active, stored.Record.State);
            Assert.Equal(record.Opening, stored.Record.Opening);
            Assert.Equal(entry, Assert.Single(await cards.LoadPoolAsync("card-1")));
            Assert.Null(await transactions.LoadAsync(Guid.NewGuid()));
        }
    }

    [Fact]
    public async Task OrderIdIsIndexedWithTheCreateAndLeavesTheIndexWithTheDelete()
    {
        foreach (var (name, _, transactions) in Stores())
        {
            var orderId = $"order-{Guid.NewGuid():N}";
            var (first, firstRecord) = Opening(4_000_100);
            var (second, secondRecord) = Opening(4_000_200);
            var (refused, refusedRecord) = Opening(4_000_100);
            var (plain, plainRecord) = Opening(4_000_300);
            firstRecord.Opening = firstRecord.Opening! with { Order = new OrderDetails(orderId, "{\"a\":1}", null) };
            secondRecord.Opening = secondRecord.Opening! with { Order = new OrderDetails(orderId, null, "https://shop.example/") };
            refusedRecord.Opening = refusedRecord.Opening! with { Order = new OrderDetails(orderId, null, null) };
            Assert.True(await transactions.CreateAsync("card-1", first, first.TransactionId, firstRecord, Now));
            Assert.True(await transactions.CreateAsync("card-1", second, second.TransactionId, secondRecord, Now));
            Assert.True(await transactions.CreateAsync("card-1", plain, plain.TransactionId, plainRecord, Now));

            // A create the pool refuses (its amount is held) indexes nothing either.
            Assert.False(await transactions.CreateAsync("card-1", refused, refused.TransactionId, refusedRecord, Now));

            var found = await transactions.FindByOrderIdAsync(orderId, 10);
            Assert.Equal(new[] { first.TransactionId, second.TransactionId }.Order(), found.Order());
            Assert.Equal(firstRecord.Opening.Order, (await transactions.LoadAsync(first.TransactionId))!.Record.Opening!.Order);

            // Retention's purge takes the index entry with it; once the order has none left, its Redis set is gone.
            await transactions.DeleteAsync(first.TransactionId);
            Assert.Equal([second.TransactionId], await transactions.FindByOrderIdAsync(orderId, 10));
            await transactions.DeleteAsync(second.TransactionId);
            Assert.Empty(await transactions.FindByOrderIdAsync(orderId, 10));
            Assert.Empty(Connection.GetServer(Connection.GetEndPoints()[0]).Keys(pattern: $"*/paycue/order/{orderId}"));
        }
    }

    [Fact]
    public async Task SaveNamingAStaleVersionWritesNothing()
    {
        foreach (var (name, _, transactions) in Stores())
        {
            var (entry, record) = Opening(3_000_000);
            Assert.True(await transactions.CreateAsync("card-1", entry, entry.TransactionId, record, Now));

            record.State = TransactionState.Confirmed;
            Assert.Equal(2, await transactions.SaveAsync(entry.TransactionId, record, 1));

            // A second activation that read version 1 tries to cancel: refused, the confirm stays.
            var stale = new TransactionRecord { State = TransactionState.Cancelled, Opening = record.Opening, CancelReason = "expired" };
            Assert.Null(await transactions.SaveAsync(entry.TransactionId, stale, 1));
            var stored = (await transactions.LoadAsync(entry.TransactionId))!;
            Assert.True(stored.Record.State == TransactionState.Confirmed, name);
            Assert.Equal(2, stored.Version);

            await transactions.DeleteAsync(entry.TransactionId);
            Assert.Null(await transactions.LoadAsync(entry.TransactionId));
            Assert.Equal(1, await transactions.SaveAsync(entry.TransactionId, record, 0));
        }
    }

    /// <summary>
    /// Two activations of one card (a membership change, a partition) each with its own pool in memory, racing for
    /// one amount: Redis (or the memory store) is the arbiter, and exactly one wins.
    /// </summary>
    [Fact]
    public async Task TwoActivationsRacingForOneAmountOnOneCardExactlyOneWins()
    {
        foreach (var (name, cards, transactions) in Stores())
        {
            var (first, firstRecord) = Opening(5_000_000);
            var (second, secondRecord) = Opening(5_000_000);
            var results = await Task.WhenAll(
                transactions.CreateAsync("card-1", first, first.TransactionId, firstRecord, Now),
                transactions.CreateAsync("card-1", second, second.TransactionId, secondRecord, Now));

            Assert.True(results.Count(r => r) == 1, $"{name}: {results.Count(r => r)} creates won");
            var winner = results[0] ? first : second;
            var loser = results[0] ? second : first;
            Assert.Equal(winner, Assert.Single(await cards.LoadPoolAsync("card-1")));
            Assert.NotNull(await transactions.LoadAsync(winner.TransactionId));
            Assert.Null(await transactions.LoadAsync(loser.TransactionId));
        }
    }

    [Fact]
    public async Task ACoolingAmountIsRefusedAndAFreedOneIsTaken()
    {
        foreach (var (name, cards, transactions) in Stores())
        {
            var (paid, paidRecord) = Opening(6_000_000);
            Assert.True(await transactions.CreateAsync("card-1", paid, paid.TransactionId, paidRecord, Now), name);
            Assert.True(await cards.PutPoolEntryAsync("card-1", paid with { ClosedAt = Now.AddMinutes(1) }), name);

            // Closed at +1 min: still cooling for a create that frees only what closed before +1 min.
            var (early, earlyRecord) = Opening(6_000_000);
            Assert.False(await transactions.CreateAsync("card-1", early, early.TransactionId, earlyRecord, Now.AddMinutes(1)), name);

            // Once the cooldown has passed, the amount is free again.
            var (late, lateRecord) = Opening(6_000_000);
            Assert.True(await transactions.CreateAsync("card-1", late, late.TransactionId, lateRecord, Now.AddMinutes(1).AddMilliseconds(1)), name);

            // A stale activation's close of the old transaction must not overwrite the new hold.
            Assert.False(await cards.PutPoolEntryAsync("card-1", paid with { ClosedAt = Now.AddMinutes(2) }), name);
            Assert.Equal(late, Assert.Single(await cards.LoadPoolAsync("card-1")));

            // Nor may a sweep of the old entry delete it.
            await cards.RemovePoolEntriesAsync("card-1", [paid with { ClosedAt = Now.AddMinutes(1) }]);
            Assert.Equal(late, Assert.Single(await cards.LoadPoolAsync("card-1")));
        }
    }

    [Fact]
    public async Task ACreateRetriedForAnExistingTransactionWritesNothing()
    {
        foreach (var (name, _, transactions) in Stores())
        {
            var (entry, record) = Opening(7_000_000);
            Assert.True(await transactions.CreateAsync("card-1", entry, entry.TransactionId, record, Now), name);
            record.State = TransactionState.Confirmed;
            Assert.Equal(2, await transactions.SaveAsync(entry.TransactionId, record, 1));

            // The same create again (its first answer was lost): refused, and the confirm is not overwritten.
            var again = new TransactionRecord { State = TransactionState.Active, Opening = record.Opening };
            Assert.False(await transactions.CreateAsync("card-1", entry, entry.TransactionId, again, Now), name);
            Assert.Equal(TransactionState.Confirmed, (await transactions.LoadAsync(entry.TransactionId))!.Record.State);
        }
    }
}
