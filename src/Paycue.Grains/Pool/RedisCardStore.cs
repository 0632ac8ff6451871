using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Paycue.Grains.Pool;

/// <summary>
/// Pool entries in one Redis hash per card (field: amount in tiyin), processed messages in another (field:
/// message id), and when each message was processed in a sorted set beside it, for the retention sweep. Keys start
/// with the service id like Orleans' own, so test runs and deployments never mix.
/// </summary>
public sealed class RedisCardStore(IConnectionMultiplexer redis, string serviceId, TimeProvider? time = null) : ICardStore
{
    private const int SweepBatch = 1000;

    private const string MarkScript = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        return 1
        """;

    private const string SweepScript = """
        local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        if #old > 0 then
            redis.call('HDEL', KEYS[1], unpack(old))
            redis.call('ZREM', KEYS[2], unpack(old))
        end
        return #old
        """;

    /// <summary>
    /// One page of a card's markers (HSCAN cursor ARGV[1], page size ARGV[2]): a marker with no time (written before
    /// the time sets existed) gets ARGV[3], so it is swept a whole retention period after the upgrade, never sooner.
    /// Returns the next cursor and how many were dated.
    /// </summary>
    private const string BackfillScript = """
        local page = redis.call('HSCAN', KEYS[1], ARGV[1], 'COUNT', tonumber(ARGV[2]))
        local fields = page[2]
        local dated = 0
        for i = 1, #fields, 2 do
            if not redis.call('ZSCORE', KEYS[2], fields[i]) then
                redis.call('ZADD', KEYS[2], ARGV[3], fields[i])
                dated = dated + 1
            end
        end
        return {page[1], dated}
        """;

    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private int backfilled;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A close: written only while the field is empty or still holds the same transaction.</summary>
    private const string PutScript = """
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        if current and cjson.decode(current).transactionId ~= ARGV[3] then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        return 1
        """;

    /// <summary>A sweep: pairs of (amount, transaction id); each field goes only if it still holds that closed entry.</summary>
    private const string RemoveScript = """
        local removed = 0
        for i = 1, #ARGV, 2 do
          local current = redis.call('HGET', KEYS[1], ARGV[i])
          if current then
            local e = cjson.decode(current)
            if e.transactionId == ARGV[i + 1] and e.isOpen == false then
              redis.call('HDEL', KEYS[1], ARGV[i])
              removed = removed + 1
            end
          end
        end
        return removed
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<IReadOnlyList<PoolEntry>> LoadPoolAsync(string cardId)
    {
        var fields = await Db.HashGetAllAsync(PoolKey(cardId));
        return fields.Select(f => JsonSerializer.Deserialize<PoolEntry>((string)f.Value!, Json)!).ToList();
    }

    public async Task<bool> PutPoolEntryAsync(string cardId, PoolEntry entry) =>
        (long)await Db.ScriptEvaluateAsync(PutScript, [PoolKey(cardId)], [Field(entry), Serialize(entry), entry.TransactionId.ToString("D")]) == 1;

    public Task RemovePoolEntriesAsync(string cardId, IReadOnlyCollection<PoolEntry> entries)
    {
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        var args = new RedisValue[entries.Count * 2];
        var i = 0;
        foreach (var entry in entries)
        {
            args[i++] = Field(entry);
            args[i++] = entry.TransactionId.ToString("D");
        }

        return Db.ScriptEvaluateAsync(RemoveScript, [PoolKey(cardId)], args);
    }

    public async Task<string?> GetProcessedAsync(string cardId, long messageId)
    {
        var value = await Db.HashGetAsync(MessagesKey(cardId), messageId);
        return value.IsNull ? null : (string?)value;
    }

    public Task SetProcessedAsync(string cardId, long messageId, string outcome) =>
        Db.ScriptEvaluateAsync(MarkScript, [MessagesKey(cardId), MessageTimesKey(cardId)], [messageId, outcome, clock.GetUtcNow().ToUnixTimeMilliseconds()]);

    /// <summary>
    /// Every card's markers, found through their time sets. Marker and time go in one script, so neither outlives
    /// the other. Markers written before the time sets existed are dated "now" by this process's first sweep
    /// (<see cref="BackfillUndatedAsync"/>), so an upgraded deployment does not keep them for ever.
    /// </summary>
    public async Task<int> SweepProcessedAsync(DateTimeOffset cutoff)
    {
        if (Volatile.Read(ref backfilled) == 0)
        {
            await BackfillUndatedAsync();
            Volatile.Write(ref backfilled, 1);
        }

        var swept = 0;
        var prefix = $"{serviceId}/paycue/messages-at/";
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica)
            {
                continue;
            }

            await foreach (var timesKey in server.KeysAsync(Db.Database, $"{prefix}*", pageSize: 500))
            {
                var cardId = ((string)timesKey!)[prefix.Length..];
                int batch;
                do
                {
                    batch = (int)await Db.ScriptEvaluateAsync(SweepScript, [MessagesKey(cardId), timesKey], [cutoff.ToUnixTimeMilliseconds() - 1, SweepBatch]);
                    swept += batch;
                }
                while (batch == SweepBatch);
            }
        }

        return swept;
    }

    /// <summary>Dates every undated marker of every card; returns how many it dated.</summary>
    public async Task<long> BackfillUndatedAsync()
    {
        long dated = 0;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var prefix = $"{serviceId}/paycue/messages/";
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica)
            {
                continue;
            }

            await foreach (var messagesKey in server.KeysAsync(Db.Database, $"{prefix}*", pageSize: 500))
            {
                var cardId = ((string)messagesKey!)[prefix.Length..];
                RedisValue cursor = "0";
                do
                {
                    var page = (RedisResult[])(await Db.ScriptEvaluateAsync(BackfillScript, [messagesKey, MessageTimesKey(cardId)], [cursor, SweepBatch, now]))!;
                    cursor = (RedisValue)page[0];
                    dated += (long)page[1];
                }
                while (cursor != "0");
            }
        }

        return dated;
    }

    internal static RedisKey PoolKey(string serviceId, string cardId) => $"{serviceId}/paycue/pool/{cardId}";

    internal static RedisValue Field(PoolEntry entry) => entry.AmountTiyin.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The entry as the serializer writes it under <see cref="Json"/>, written field by field (every create stores one;
    /// <c>TransactionJsonTests</c> compares the bytes). Redis's scripts read <c>transactionId</c>, <c>isOpen</c> and
    /// <c>closedAtUnixMs</c> from it.
    /// </summary>
    internal static RedisValue Serialize(PoolEntry entry)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber(EntryAmountTiyin, entry.AmountTiyin);
            writer.WriteString(EntryTransactionId, entry.TransactionId);
            writer.WriteString(EntryCreatedAt, entry.CreatedAt);
            writer.WriteString(EntryExpiresAt, entry.ExpiresAt);
            if (entry.ClosedAt is { } closedAt)
            {
                writer.WriteString(EntryClosedAt, closedAt);
            }
            else
            {
                writer.WriteNull(EntryClosedAt);
            }

            writer.WriteBoolean(EntryIsOpen, entry.IsOpen);
            if (entry.ClosedAtUnixMs is { } closedAtUnixMs)
            {
                writer.WriteNumber(EntryClosedAtUnixMs, closedAtUnixMs);
            }
            else
            {
                writer.WriteNull(EntryClosedAtUnixMs);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static readonly JsonEncodedText EntryAmountTiyin = EntryName(nameof(PoolEntry.AmountTiyin));
    private static readonly JsonEncodedText EntryTransactionId = EntryName(nameof(PoolEntry.TransactionId));
    private static readonly JsonEncodedText EntryCreatedAt = EntryName(nameof(PoolEntry.CreatedAt));
    private static readonly JsonEncodedText EntryExpiresAt = EntryName(nameof(PoolEntry.ExpiresAt));
    private static readonly JsonEncodedText EntryClosedAt = EntryName(nameof(PoolEntry.ClosedAt));
    private static readonly JsonEncodedText EntryIsOpen = EntryName(nameof(PoolEntry.IsOpen));
    private static readonly JsonEncodedText EntryClosedAtUnixMs = EntryName(nameof(PoolEntry.ClosedAtUnixMs));

    private static JsonEncodedText EntryName(string property) => JsonEncodedText.Encode(Json.PropertyNamingPolicy!.ConvertName(property));

    private RedisKey PoolKey(string cardId) => PoolKey(serviceId, cardId);

    private RedisKey MessagesKey(string cardId) => $"{serviceId}/paycue/messages/{cardId}";

    private RedisKey MessageTimesKey(string cardId) => $"{serviceId}/paycue/messages-at/{cardId}";
}
