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
            [Key("payments"), Key("payments/all"), Key("payments/matched"), Key("payments/unmatched"), Key("payments/resolution")],
            [payment.PaymentId, JsonSerializer.Serialize(payment, Json), payment.ReceivedAt.ToUnixTimeMilliseconds(), payment.Matched ? 1 : 0]);

    /// <summary>
    /// One bank message is one row. A row that says <c>confirmed</c> is never rewritten with another outcome (a
    /// re-read of the message that paid an order must not turn it into stray money); anything else may be. A credit a
    /// person resolved or dismissed stays out of the unmatched index when its message is read again.
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
          local r = redis.call('HGET', KEYS[5], ARGV[1])
          local st = r and cjson.decode(r).status
          if st == 'dismissed' or st == 'resolved' then
            redis.call('ZREM', KEYS[4], ARGV[1])
          else
            redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
          end
          redis.call('ZREM', KEYS[3], ARGV[1])
        end
        return 1
        """;

    /// <summary>
    /// KEYS: resolution hash, all, matched, unmatched, dismissed, resolved. ARGV: payment id, resolution JSON, its status,
    /// mode (claim: only if none; put: always; clear: only a resolving claim of transaction ARGV[5]). Returns the
    /// resolution stored afterwards (false when none). The row moves between the unmatched, dismissed and resolved
    /// indexes under its received time (its score in the all index).
    /// </summary>
    private const string ResolutionScript = """
        local cur = redis.call('HGET', KEYS[1], ARGV[1])
        local status = ARGV[3]
        if ARGV[4] == 'claim' then
          if cur then return cur end
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        elseif ARGV[4] == 'put' then
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        else
          if not cur then return false end
          local c = cjson.decode(cur)
          if c.status ~= 'resolving' or c.transactionId ~= ARGV[5] then return cur end
          redis.call('HDEL', KEYS[1], ARGV[1])
          status = 'none'
        end
        local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
        if score then
          redis.call('ZREM', KEYS[5], ARGV[1])
          redis.call('ZREM', KEYS[6], ARGV[1])
          if status == 'dismissed' then
            redis.call('ZREM', KEYS[4], ARGV[1])
            redis.call('ZADD', KEYS[5], score, ARGV[1])
          elseif status == 'resolved' then
            redis.call('ZREM', KEYS[4], ARGV[1])
            redis.call('ZADD', KEYS[6], score, ARGV[1])
          elseif not redis.call('ZSCORE', KEYS[3], ARGV[1]) then
            redis.call('ZADD', KEYS[4], score, ARGV[1])
          end
        end
        if status == 'none' then return false end
        return ARGV[2]
        """;

    private Task<RedisResult> ResolutionAsync(PaymentResolution resolution, string mode) =>
        Db.ScriptEvaluateAsync(ResolutionScript,
            [Key("payments/resolution"), Key("payments/all"), Key("payments/matched"), Key("payments/unmatched"), Key("payments/dismissed"), Key("payments/resolved")],
            [resolution.PaymentId, JsonSerializer.Serialize(resolution, Json), resolution.Status, mode, resolution.TransactionId?.ToString("D") ?? ""]);

    public async Task<PaymentRecord?> PaymentAsync(string paymentId)
    {
        var rows = await Read<PaymentRecord>(Key("payments"), [paymentId]);
        return rows.Count == 0 ? null : (await WithResolutions(rows))[0];
    }

    public async Task<PaymentResolution> ClaimResolutionAsync(PaymentResolution wanted) =>
        JsonSerializer.Deserialize<PaymentResolution>((string)(await ResolutionAsync(wanted, "claim"))!, Json)!;

    public Task PutResolutionAsync(PaymentResolution resolution) => ResolutionAsync(resolution, "put");

    public Task ClearResolutionAsync(string paymentId, Guid transactionId) =>
        ResolutionAsync(new PaymentResolution(paymentId, PaymentResolutionStatus.Resolving, transactionId, "", DateTimeOffset.UnixEpoch, null), "clear");

    /// <summary>Member: amount, transaction id, card id (last, so a card id may hold any character); score: the cancel time.</summary>
    public Task RecordCancelledAsync(string cardId, Guid transactionId, long amountTiyin, DateTimeOffset cancelledAt) =>
        Db.SortedSetAddAsync(Key("transactions/cancelled"), $"{amountTiyin}|{transactionId:N}|{cardId}", cancelledAt.ToUnixTimeMilliseconds());

    public async Task<IReadOnlyList<CancelledEntry>> CancelledAsync(string cardId, DateTimeOffset from, DateTimeOffset to)
    {
        var found = await Db.SortedSetRangeByScoreWithScoresAsync(Key("transactions/cancelled"), from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        var entries = new List<CancelledEntry>();
        foreach (var item in found)
        {
            var parts = ((string)item.Element!).Split('|', 3);
            if (parts.Length == 3 && parts[2] == cardId)
            {
                entries.Add(new CancelledEntry(Guid.ParseExact(parts[1], "N"), long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
                    DateTimeOffset.FromUnixTimeMilliseconds((long)item.Score)));
            }
        }

        return entries;
    }

    private async Task<IReadOnlyList<PaymentRecord>> WithResolutions(IReadOnlyList<PaymentRecord> rows)
    {
        if (rows.Count == 0)
        {
            return rows;
        }

        var values = await Db.HashGetAsync(Key("payments/resolution"), rows.Select(r => (RedisValue)r.PaymentId).ToArray());
        return rows.Select((r, i) => values[i].IsNull ? r : JsonSerializer.Deserialize<PaymentResolution>((string)values[i]!, Json)!.JoinTo(r)).ToList();
    }

    public async Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(PaymentFilter filter, DateTimeOffset? since, DateTimeOffset? before, int limit)
    {
        var index = filter switch
        {
            PaymentFilter.Matched => "payments/matched",
            PaymentFilter.Unmatched => "payments/unmatched",
            PaymentFilter.Dismissed => "payments/dismissed",
            PaymentFilter.Resolved => "payments/resolved",
            _ => "payments/all",
        };
        var ids = await Page(Key(index), since, before, limit);
        return await WithResolutions(await Read<PaymentRecord>(Key("payments"), ids));
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
            await db.HashDeleteAsync(Key("payments/resolution"), oldPayments);
            foreach (var index in new[] { "payments/all", "payments/matched", "payments/unmatched", "payments/dismissed", "payments/resolved" })
            {
                await db.SortedSetRemoveAsync(Key(index), oldPayments);
            }
        }

        await db.SortedSetRemoveRangeByScoreAsync(Key("transactions/cancelled"), double.NegativeInfinity, max);
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
