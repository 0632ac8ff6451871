using System.Collections.Concurrent;

namespace Paycue.Grains.Pool;

/// <summary>The embedded default: nothing survives a restart, which the start-up warning says.</summary>
public sealed class MemoryCardStore : ICardStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, PoolEntry>> pools = new();
    private readonly ConcurrentDictionary<(string, long), string> processed = new();

    public Task<IReadOnlyList<PoolEntry>> LoadPoolAsync(string cardId) =>
        Task.FromResult<IReadOnlyList<PoolEntry>>(Pool(cardId).Values.ToList());

    public Task PutPoolEntryAsync(string cardId, PoolEntry entry)
    {
        Pool(cardId)[entry.AmountTiyin] = entry;
        return Task.CompletedTask;
    }

    public Task RemovePoolEntriesAsync(string cardId, IReadOnlyCollection<long> amountsTiyin)
    {
        foreach (var amount in amountsTiyin)
        {
            Pool(cardId).TryRemove(amount, out _);
        }

        return Task.CompletedTask;
    }

    public Task<string?> GetProcessedAsync(string cardId, long messageId) =>
        Task.FromResult(processed.GetValueOrDefault((cardId, messageId)));

    public Task SetProcessedAsync(string cardId, long messageId, string outcome)
    {
        processed[(cardId, messageId)] = outcome;
        return Task.CompletedTask;
    }

    private ConcurrentDictionary<long, PoolEntry> Pool(string cardId) => pools.GetOrAdd(cardId, _ => new());
}
