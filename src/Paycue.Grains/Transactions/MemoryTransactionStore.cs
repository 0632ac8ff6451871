using Paycue.Grains.Pool;

namespace Paycue.Grains.Transactions;

/// <summary>The embedded default. Records are kept serialized, so no grain ever shares an object with the store.</summary>
public sealed class MemoryTransactionStore(MemoryCardStore cards) : ITransactionStore
{
    private readonly Dictionary<Guid, (byte[] Json, long Version)> records = [];
    private readonly Dictionary<string, HashSet<Guid>> byOrderId = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public Task<bool> CreateAsync(string cardId, PoolEntry entry, Guid transactionId, TransactionRecord record, DateTimeOffset freeIfClosedBefore)
    {
        lock (gate)
        {
            if (records.ContainsKey(transactionId) || !cards.TryHold(cardId, entry, freeIfClosedBefore))
            {
                return Task.FromResult(false);
            }

            records[transactionId] = (TransactionJson.Serialize(record), 1);
            if (record.Opening?.Order?.OrderId is { } orderId)
            {
                (byOrderId.TryGetValue(orderId, out var ids) ? ids : byOrderId[orderId] = []).Add(transactionId);
            }

            return Task.FromResult(true);
        }
    }

    public Task<StoredTransaction?> LoadAsync(Guid transactionId)
    {
        lock (gate)
        {
            return Task.FromResult(records.TryGetValue(transactionId, out var stored)
                ? new StoredTransaction(TransactionJson.Deserialize(stored.Json), stored.Version)
                : null);
        }
    }

    public Task<long?> SaveAsync(Guid transactionId, TransactionRecord record, long expectedVersion)
    {
        lock (gate)
        {
            var current = records.TryGetValue(transactionId, out var stored) ? stored.Version : 0;
            if (current != expectedVersion)
            {
                return Task.FromResult<long?>(null);
            }

            records[transactionId] = (TransactionJson.Serialize(record), current + 1);
            return Task.FromResult<long?>(current + 1);
        }
    }

    public Task DeleteAsync(Guid transactionId)
    {
        lock (gate)
        {
            if (records.Remove(transactionId, out var stored) && TransactionJson.Deserialize(stored.Json).Opening?.Order?.OrderId is { } orderId
                && byOrderId.TryGetValue(orderId, out var ids) && ids.Remove(transactionId) && ids.Count == 0)
            {
                byOrderId.Remove(orderId);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Guid>> FindByOrderIdAsync(string orderId, int limit)
    {
        lock (gate)
        {
            IReadOnlyList<Guid> found = byOrderId.TryGetValue(orderId, out var ids) ? ids.Take(limit).ToList() : [];
            return Task.FromResult(found);
        }
    }
}
