using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Paycue.Grains.Pool;

/// <summary>
/// Pool entries in one Redis hash per card (field: amount in tiyin), processed messages in another (field:
/// message id). Keys start with the service id like Orleans' own, so test runs and deployments never mix.
/// </summary>
public sealed class RedisCardStore(IConnectionMultiplexer redis, string serviceId) : ICardStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IDatabase Db => redis.GetDatabase();

    public async Task<IReadOnlyList<PoolEntry>> LoadPoolAsync(string cardId)
    {
        var fields = await Db.HashGetAllAsync(PoolKey(cardId));
        return fields.Select(f => JsonSerializer.Deserialize<PoolEntry>((string)f.Value!, Json)!).ToList();
    }

    public Task PutPoolEntryAsync(string cardId, PoolEntry entry) =>
        Db.HashSetAsync(PoolKey(cardId), Field(entry), Serialize(entry));

    public Task RemovePoolEntriesAsync(string cardId, IReadOnlyCollection<long> amountsTiyin) =>
        amountsTiyin.Count == 0
            ? Task.CompletedTask
            : Db.HashDeleteAsync(PoolKey(cardId), amountsTiyin.Select(a => (RedisValue)a.ToString(CultureInfo.InvariantCulture)).ToArray());

    public async Task<string?> GetProcessedAsync(string cardId, long messageId)
    {
        var value = await Db.HashGetAsync(MessagesKey(cardId), messageId);
        return value.IsNull ? null : (string?)value;
    }

    public Task SetProcessedAsync(string cardId, long messageId, string outcome) =>
        Db.HashSetAsync(MessagesKey(cardId), messageId, outcome);

    internal static RedisKey PoolKey(string serviceId, string cardId) => $"{serviceId}/paycue/pool/{cardId}";

    internal static RedisValue Field(PoolEntry entry) => entry.AmountTiyin.ToString(CultureInfo.InvariantCulture);

    internal static RedisValue Serialize(PoolEntry entry) => JsonSerializer.Serialize(entry, Json);

    private RedisKey PoolKey(string cardId) => PoolKey(serviceId, cardId);

    private RedisKey MessagesKey(string cardId) => $"{serviceId}/paycue/messages/{cardId}";
}
