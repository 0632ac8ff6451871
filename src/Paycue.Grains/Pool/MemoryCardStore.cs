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

    public Task<bool> PutPoolEntryAsync(string cardId, PoolEntry entry)
    {
        lock (Gate)
        {
            var pool = Pool(cardId);
            if (pool.TryGetValue(entry.AmountTiyin, out var current) && current.TransactionId != entry.TransactionId)
            {
                return Task.FromResult(false);
            }

            pool[entry.AmountTiyin] = entry;
            return Task.FromResult(true);
        }
    }

    public Task RemovePoolEntriesAsync(string cardId, IReadOnlyCollection<PoolEntry> entries)
    {
        lock (Gate)
        {
            var pool = Pool(cardId);
            foreach (var entry in entries)
            {
                if (pool.TryGetValue(entry.AmountTiyin, out var current) && current.TransactionId == entry.TransactionId && !current.IsOpen)
                {
                    pool.TryRemove(entry.AmountTiyin, out _);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Holds <paramref name="entry"/>'s amount unless another transaction's entry is open or closed at or after
    /// <paramref name="freeIfClosedBefore"/>: the same rule as Redis's create script.
    /// </summary>
    internal bool TryHold(string cardId, PoolEntry entry, DateTimeOffset freeIfClosedBefore)
    {
        lock (Gate)
        {
            var pool = Pool(cardId);
            if (pool.TryGetValue(entry.AmountTiyin, out var current) && current.TransactionId != entry.TransactionId
                && (current.ClosedAt is not { } closed || closed >= freeIfClosedBefore))
            {
                return false;
            }

            pool[entry.AmountTiyin] = entry;
            return true;
        }
    }

    /// <summary>One lock for the compare-and-write rules; the dictionaries stay concurrent for plain reads.</summary>
    internal Lock Gate { get; } = new();

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
