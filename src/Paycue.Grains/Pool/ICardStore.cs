namespace Paycue.Grains.Pool;

/// <summary>
/// Per-card records that change on every transaction: the amount pool and the processed bank messages. Written
/// one entry at a time, so a create costs one small write however many transactions the card holds.
/// </summary>
public interface ICardStore
{
    Task<IReadOnlyList<PoolEntry>> LoadPoolAsync(string cardId);

    /// <summary>
    /// Writes an entry of a transaction the card already holds (its close), unless the amount's field now holds
    /// another transaction: a stale activation of the card must never overwrite a newer hold. False when refused.
    /// </summary>
    Task<bool> PutPoolEntryAsync(string cardId, PoolEntry entry);

    /// <summary>Deletes swept entries, each only while its field still holds that same closed entry's transaction.</summary>
    Task RemovePoolEntriesAsync(string cardId, IReadOnlyCollection<PoolEntry> entries);

    /// <summary>The recorded outcome of a bank message, or null when it was never processed.</summary>
    Task<string?> GetProcessedAsync(string cardId, long messageId);

    Task SetProcessedAsync(string cardId, long messageId, string outcome);

    /// <summary>Forgets processed-message markers recorded before <paramref name="cutoff"/> (RETENTION); returns how many.</summary>
    Task<int> SweepProcessedAsync(DateTimeOffset cutoff);
}
