using StackExchange.Redis;
using Paycue.Grains.Pool;

namespace Paycue.Grains.Transactions;

/// <summary>
/// One hash per transaction (fields <c>v</c>: version, <c>d</c>: JSON). A create writes it and the card's pool entry
/// in one script, so a transaction never exists without its amount held, nor the reverse. Saves compare the version
/// first, so of two activations that ever raced (a membership change), the second write fails instead of
/// overwriting a confirm.
/// </summary>
public sealed class RedisTransactionStore(IConnectionMultiplexer redis, string serviceId) : ITransactionStore
{
    // KEYS: pool, transaction, its order_id's index set. ARGV: amount field, pool entry JSON, transaction JSON,
    // transaction id, "free if closed before" (Unix ms), 1 when the transaction has an order_id to index.
    // An entry of another transaction that is open, or closed at or after that instant, holds the amount.
    private const string CreateScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        if current then
          local e = cjson.decode(current)
          if e.transactionId ~= ARGV[4] then
            if e.isOpen ~= false then return 0 end
            if type(e.closedAtUnixMs) == 'number' and e.closedAtUnixMs >= tonumber(ARGV[5]) then return 0 end
          end
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('HSET', KEYS[2], 'v', '1', 'd', ARGV[3])
        if ARGV[6] == '1' then redis.call('SADD', KEYS[3], ARGV[4]) end
        return 1
        """;

    private const string SaveScript = """
        local current = redis.call('HGET', KEYS[1], 'v')
        if (current or '0') ~= ARGV[1] then return -1 end
        local next = tonumber(ARGV[1]) + 1
        redis.call('HSET', KEYS[1], 'v', tostring(next), 'd', ARGV[2])
        return next
        """;

    private static readonly RedisValue[] Fields = ["v", "d"];

    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> CreateAsync(string cardId, PoolEntry entry, Guid transactionId, TransactionRecord record, DateTimeOffset freeIfClosedBefore) =>
        (long)await Db.ScriptEvaluateAsync(CreateScript,
            [RedisCardStore.PoolKey(serviceId, cardId), Key(transactionId), OrderKey(record.Opening?.Order?.OrderId ?? "")],
            [RedisCardStore.Field(entry), RedisCardStore.Serialize(entry), TransactionJson.Serialize(record),
             transactionId.ToString("D"), freeIfClosedBefore.ToUnixTimeMilliseconds(), record.Opening?.Order?.OrderId is null ? 0 : 1]) == 1;

    public async Task<StoredTransaction?> LoadAsync(Guid transactionId)
    {
        var values = await Db.HashGetAsync(Key(transactionId), Fields);
        if (values[1].IsNull)
        {
            return null;
        }

        return new StoredTransaction(TransactionJson.Deserialize((byte[])values[1]!), (long)values[0]);
    }

    public async Task<long?> SaveAsync(Guid transactionId, TransactionRecord record, long expectedVersion)
    {
        var result = (long)await Db.ScriptEvaluateAsync(SaveScript, [Key(transactionId)], [expectedVersion, TransactionJson.Serialize(record)]);
        return result < 0 ? null : result;
    }

    public async Task DeleteAsync(Guid transactionId)
    {
        // The order id never changes after the create, so reading it first and then deleting both is safe. A lost
        // index removal leaves an id whose record is gone; lookups skip and drop those.
        var stored = await LoadAsync(transactionId);
        if (stored?.Record.Opening?.Order?.OrderId is { } orderId)
        {
            await Db.SetRemoveAsync(OrderKey(orderId), transactionId.ToString("D"));
        }

        await Db.KeyDeleteAsync(Key(transactionId));
    }

    public async Task<IReadOnlyList<Guid>> FindByOrderIdAsync(string orderId, int limit)
    {
        var members = await Db.SetMembersAsync(OrderKey(orderId));
        var ids = members.Select(m => Guid.ParseExact((string)m!, "D")).ToList();
        var exists = await Task.WhenAll(ids.Select(id => Db.KeyExistsAsync(Key(id))));
        var gone = ids.Where((_, i) => !exists[i]).Select(id => (RedisValue)id.ToString("D")).ToArray();
        if (gone.Length > 0)
        {
            await Db.SetRemoveAsync(OrderKey(orderId), gone);
        }

        return ids.Where((_, i) => exists[i]).Take(limit).ToList();
    }

    private RedisKey Key(Guid transactionId) => $"{serviceId}/paycue/tx/{transactionId:N}";

    private RedisKey OrderKey(string orderId) => $"{serviceId}/paycue/order/{orderId}";
}
