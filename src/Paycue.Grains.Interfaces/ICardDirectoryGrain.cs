namespace Paycue.Grains.Interfaces;

/// <summary>
/// The set of registered cards (a singleton, key 0). Cards report themselves here; the gateway caches the list
/// so this grain stays off the create path.
/// </summary>
[Alias("paycue.card-directory")]
public interface ICardDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("upsert")]
    Task UpsertAsync(CardSpec spec, string status);

    [Alias("remove")]
    Task RemoveAsync(string cardId);

    /// <summary>Every registered card with its last reported status.</summary>
    [Alias("list")]
    [AlwaysInterleave]
    Task<IReadOnlyList<CardDirectoryEntry>> ListAsync();
}
