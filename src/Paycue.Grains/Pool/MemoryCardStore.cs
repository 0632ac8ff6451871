using System.Collections.Concurrent;

namespace Paycue.Grains.Pool;

/// <summary>The embedded default: nothing survives a restart, which the start-up warning says.</summary>
public sealed class MemoryCardStore(TimeProvider? time = null) : ICardStore
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, PoolEntry>> pools = new();
    private readonly ConcurrentDictionary<(string, long), (string Outcome, DateTimeOffset At)> processed = new();

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
        Task.FromResult(processed.TryGetValue((cardId, messageId), out var marker) ? marker.Outcome : null);

    public Task SetProcessedAsync(string cardId, long messageId, string outcome)
    {
        processed[(cardId, messageId)] = (outcome, clock.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<int> SweepProcessedAsync(DateTimeOffset cutoff)
    {
        var swept = 0;
        foreach (var (key, marker) in processed)
        {
            if (marker.At < cutoff && processed.TryRemove(key, out _))
            {
                swept++;
            }
        }

        return Task.FromResult(swept);
    }

    private ConcurrentDictionary<long, PoolEntry> Pool(string cardId) => pools.GetOrAdd(cardId, _ => new());
}
