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
            await transactions.CreateAsync("card-1", entry, entry.TransactionId, record);

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
    public async Task SaveNamingAStaleVersionWritesNothing()
    {
        foreach (var (name, _, transactions) in Stores())
        {
            var (entry, record) = Opening(3_000_000);
            await transactions.CreateAsync("card-1", entry, entry.TransactionId, record);

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
}
