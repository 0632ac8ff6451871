namespace Paycue.Grains.Cards;

/// <summary>
/// The directory's card list, cached for a second per process so creating a transaction does not queue on the
/// directory singleton. A card registered a moment ago appears within that second; a card that stops being ready
/// answers its quote with "no offset", so staleness never routes a transaction to it.
/// </summary>
public sealed class CardCatalog(IGrainFactory grains, TimeProvider clock)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim refresh = new(1, 1);
    private IReadOnlyList<CardDirectoryEntry> cards = [];
    private DateTimeOffset fetchedAt = DateTimeOffset.MinValue;

    public async Task<IReadOnlyList<CardDirectoryEntry>> GetCardsAsync()
    {
        if (clock.GetUtcNow() - fetchedAt < Freshness)
        {
            return cards;
        }

        await refresh.WaitAsync();
        try
        {
            if (clock.GetUtcNow() - fetchedAt >= Freshness)
            {
                cards = await grains.GetGrain<ICardDirectoryGrain>(0).ListAsync();
                fetchedAt = clock.GetUtcNow();
            }

            return cards;
        }
        finally
        {
            refresh.Release();
        }
    }

    /// <summary>Forgets the cached list, e.g. after this process registered a card.</summary>
    public void Invalidate() => fetchedAt = DateTimeOffset.MinValue;
}
