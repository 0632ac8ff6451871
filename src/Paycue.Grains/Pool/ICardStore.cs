namespace Paycue.Grains.Pool;

/// <summary>
/// Per-card records that change on every transaction: the amount pool and the processed bank messages. Written
/// one entry at a time, so a create costs one small write however many transactions the card holds.
/// </summary>
public interface ICardStore
{
    Task<IReadOnlyList<PoolEntry>> LoadPoolAsync(string cardId);

    Task PutPoolEntryAsync(string cardId, PoolEntry entry);

    Task RemovePoolEntriesAsync(string cardId, IReadOnlyCollection<long> amountsTiyin);

    /// <summary>The recorded outcome of a bank message, or null when it was never processed.</summary>
    Task<string?> GetProcessedAsync(string cardId, long messageId);

    Task SetProcessedAsync(string cardId, long messageId, string outcome);

    /// <summary>Forgets processed-message markers recorded before <paramref name="cutoff"/> (RETENTION); returns how many.</summary>
    Task<int> SweepProcessedAsync(DateTimeOffset cutoff);
}
