using Paycue.Grains.Pool;

namespace Paycue.Grains.Transactions;

/// <summary>The embedded default. Records are kept serialized, so no grain ever shares an object with the store.</summary>
public sealed class MemoryTransactionStore(MemoryCardStore cards) : ITransactionStore
{
    private readonly Dictionary<Guid, (byte[] Json, long Version)> records = [];
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
            records.Remove(transactionId);
        }

        return Task.CompletedTask;
    }
}
