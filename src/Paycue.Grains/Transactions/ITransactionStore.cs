using Paycue.Grains.Pool;

namespace Paycue.Grains.Transactions;

/// <summary>A stored transaction and the version its next save must name.</summary>
public sealed record StoredTransaction(TransactionRecord Record, long Version);

/// <summary>
/// Transactions, stored apart from Orleans' grain storage so that a card can create one in the same atomic write
/// that holds its amount: a create then activates no transaction grain at all. The grain reads the record when
/// something first asks about the transaction (a confirm, a cancel, a read, its expiry).
/// </summary>
public interface ITransactionStore
{
    /// <summary>
    /// Writes a new transaction (version 1) and its card's pool entry, both or neither. The store is the arbiter of
    /// the pool: it refuses (false, nothing written) when the amount's field holds another transaction's entry that
    /// is open or closed at or after <paramref name="freeIfClosedBefore"/> (still cooling down), or when a
    /// transaction with this id already exists. Two activations of one card can then never hand out one amount twice.
    /// </summary>
    Task<bool> CreateAsync(string cardId, PoolEntry entry, Guid transactionId, TransactionRecord record, DateTimeOffset freeIfClosedBefore);

    /// <summary>The transaction, or null when none was ever created under this id (or it was purged).</summary>
    Task<StoredTransaction?> LoadAsync(Guid transactionId);

    /// <summary>
    /// Replaces the record if the stored version is still <paramref name="expectedVersion"/> (0: nothing stored) and
    /// returns the new version; null when someone else wrote in between, and nothing was written.
    /// </summary>
    Task<long?> SaveAsync(Guid transactionId, TransactionRecord record, long expectedVersion);

    /// <summary>Deletes the transaction and its entry in the order index (retention).</summary>
    Task DeleteAsync(Guid transactionId);

    /// <summary>
    /// Ids of the stored transactions created with this <c>order_id</c> (indexed at create, in the same write; removed
    /// by <see cref="DeleteAsync"/>), at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<Guid>> FindByOrderIdAsync(string orderId, int limit);
}
