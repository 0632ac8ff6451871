using System.Text.Json;
using StackExchange.Redis;

namespace Paycue.Grains.Ledger;

/// <summary>
/// Records as JSON in hashes, ordered by time in sorted sets (score: Unix milliseconds), so a page is one
/// ZREVRANGEBYSCORE and one HMGET, and retention is ZRANGEBYSCORE up to the cutoff.
/// </summary>
public sealed class RedisLedgerStore(IConnectionMultiplexer redis, string serviceId) : ILedgerStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IDatabase Db => redis.GetDatabase();

    private string Key(string name) => $"{serviceId}/paycue/{name}";

    public Task RecordPaymentAsync(PaymentRecord payment) =>
        Db.ScriptEvaluateAsync(RecordPaymentScript,
            [Key("payments"), Key("payments/all"), Key("payments/matched"), Key("payments/unmatched")],
            [payment.PaymentId, JsonSerializer.Serialize(payment, Json), payment.ReceivedAt.ToUnixTimeMilliseconds(), payment.Matched ? 1 : 0]);

    /// <summary>
    /// One bank message is one row. A row that says <c>confirmed</c> is never rewritten with another outcome (a
    /// re-read of the message that paid an order must not turn it into stray money); anything else may be.
    /// </summary>
    private const string RecordPaymentScript = """
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        if current and ARGV[4] == '0' and cjson.decode(current).outcome == 'confirmed' then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        if ARGV[4] == '1' then
          redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
          redis.call('ZREM', KEYS[4], ARGV[1])
        else
          redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
          redis.call('ZREM', KEYS[3], ARGV[1])
        end
        return 1
        """;

    public async Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(PaymentFilter filter, DateTimeOffset? since, DateTimeOffset? before, int limit)
    {
        var index = filter switch { PaymentFilter.Matched => "payments/matched", PaymentFilter.Unmatched => "payments/unmatched", _ => "payments/all" };
        var ids = await Page(Key(index), since, before, limit);
        return await Read<PaymentRecord>(Key("payments"), ids);
    }

    public async Task RecordDeliveryAsync(DeliveryRecord delivery)
    {
        var batch = Db.CreateBatch();
        var tasks = new List<Task> { batch.HashSetAsync(Key("deliveries"), delivery.EventId, JsonSerializer.Serialize(delivery, Json)) };
        foreach (var status in Enum.GetValues<WebhookStatus>())
        {
            tasks.Add(status == delivery.Status
                ? batch.SortedSetAddAsync(Key($"deliveries/{status}"), delivery.EventId, delivery.At.ToUnixTimeMilliseconds())
                : batch.SortedSetRemoveAsync(Key($"deliveries/{status}"), delivery.EventId));
        }

        batch.Execute();
        await Task.WhenAll(tasks);
    }

    public async Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(WebhookStatus status, DateTimeOffset? before, int limit)
    {
        var ids = await Page(Key($"deliveries/{status}"), null, before, limit);
        return await Read<DeliveryRecord>(Key("deliveries"), ids);
    }

    public Task RecordClosedAsync(Guid transactionId, DateTimeOffset closedAt) =>
        Db.SortedSetAddAsync(Key("transactions/closed"), transactionId.ToString("N"), closedAt.ToUnixTimeMilliseconds());

    public async Task<IReadOnlyList<Guid>> ClosedAsync(DateTimeOffset? before, int limit) =>
        (await Page(Key("transactions/closed"), null, before, limit)).Select(c => Guid.ParseExact((string)c!, "N")).ToList();

    public async Task<IReadOnlyList<Guid>> SweepAsync(DateTimeOffset cutoff, int skip, int maxTransactions)
    {
        var max = cutoff.ToUnixTimeMilliseconds() - 1;
        var db = Db;
        var oldPayments = await db.SortedSetRangeByScoreAsync(Key("payments/all"), double.NegativeInfinity, max);
        if (oldPayments.Length > 0)
        {
            await db.HashDeleteAsync(Key("payments"), oldPayments);
            foreach (var index in new[] { "payments/all", "payments/matched", "payments/unmatched" })
            {
                await db.SortedSetRemoveAsync(Key(index), oldPayments);
            }
        }

        foreach (var status in Enum.GetValues<WebhookStatus>())
        {
            var old = await db.SortedSetRangeByScoreAsync(Key($"deliveries/{status}"), double.NegativeInfinity, max);
            if (old.Length > 0)
            {
                await db.HashDeleteAsync(Key("deliveries"), old);
                await db.SortedSetRemoveAsync(Key($"deliveries/{status}"), old);
            }
        }

        var closed = await db.SortedSetRangeByScoreAsync(Key("transactions/closed"), double.NegativeInfinity, max, skip: skip, take: maxTransactions);
        return closed.Select(c => Guid.ParseExact((string)c!, "N")).ToList();
    }

    public Task ForgetClosedAsync(IReadOnlyCollection<Guid> transactionIds) =>
        transactionIds.Count == 0
            ? Task.CompletedTask
            : Db.SortedSetRemoveAsync(Key("transactions/closed"), transactionIds.Select(id => (RedisValue)id.ToString("N")).ToArray());

    public Task RecordKeptAsync(string kind, string id, DateTimeOffset at) =>
        Db.SortedSetAddAsync(Key($"kept/{kind}"), id, at.ToUnixTimeMilliseconds());

    public async Task<IReadOnlyList<string>> KeptBeforeAsync(string kind, DateTimeOffset cutoff, int skip, int limit) =>
        (await Db.SortedSetRangeByScoreAsync(Key($"kept/{kind}"), double.NegativeInfinity, cutoff.ToUnixTimeMilliseconds() - 1, skip: skip, take: limit))
            .Select(v => (string)v!).ToList();

    public Task ForgetKeptAsync(string kind, IReadOnlyCollection<string> ids) =>
        ids.Count == 0 ? Task.CompletedTask : Db.SortedSetRemoveAsync(Key($"kept/{kind}"), ids.Select(id => (RedisValue)id).ToArray());

    private async Task<RedisValue[]> Page(string index, DateTimeOffset? since, DateTimeOffset? before, int limit) =>
        await Db.SortedSetRangeByScoreAsync(
            index,
            start: since?.ToUnixTimeMilliseconds() ?? double.NegativeInfinity,
            stop: before is null ? double.PositiveInfinity : before.Value.ToUnixTimeMilliseconds(),
            exclude: before is null ? Exclude.None : Exclude.Stop,
            order: Order.Descending,
            take: limit);

    private async Task<IReadOnlyList<T>> Read<T>(string hash, RedisValue[] ids)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await Db.HashGetAsync(hash, ids);
        return values.Where(v => !v.IsNull).Select(v => JsonSerializer.Deserialize<T>((string)v!, Json)!).ToList();
    }
}
