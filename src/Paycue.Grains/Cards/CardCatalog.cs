using Paycue.Grains.Configuration;

namespace Paycue.Grains.Cards;

/// <summary>
/// The directory's card list, cached for a second per process so creating a transaction does not queue on the
/// directory singleton. A card registered a moment ago appears within that second; a card that stops being ready
/// answers its quote with "no offset", so staleness never routes a transaction to it. With SANDBOX=false a sandbox
/// card is never among the ready ones, whatever the directory says (a directory written before the switch, a silo
/// still running the sandbox): its card number is fake, and a payer would send real money to it.
/// </summary>
public sealed class CardCatalog(IGrainFactory grains, TimeProvider clock, PaycueOptions options)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim refresh = new(1, 1);
    private IReadOnlyList<CardDirectoryEntry> cards = [];
    private IReadOnlyList<string> readyIds = [];
    private IReadOnlyDictionary<string, IReadOnlyList<string>> readyByBank = new Dictionary<string, IReadOnlyList<string>>();
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
                var fetched = await grains.GetGrain<ICardDirectoryGrain>(0).ListAsync();
                readyIds = fetched.Where(c => c.Status == CardStatus.Ready && !c.Spec.SessionOnly && (options.Sandbox || c.Spec.Kind != CardKind.Sandbox)).Select(c => c.Spec.CardId).ToList();
                var banks = fetched.ToDictionary(c => c.Spec.CardId, c => c.Spec.BankName, StringComparer.Ordinal);
                readyByBank = CardBanks.All.ToDictionary(b => b, b => (IReadOnlyList<string>)readyIds.Where(id => banks[id] == b).ToList());
                cards = fetched;
                fetchedAt = clock.GetUtcNow();
            }

            return cards;
        }
        finally
        {
            refresh.Release();
        }
    }

    /// <summary>The ids of the cards that take transactions, from the same cached list (computed once per refresh, not per create).</summary>
    public async Task<IReadOnlyList<string>> GetReadyCardIdsAsync()
    {
        await GetCardsAsync();
        return readyIds;
    }

    /// <summary>The ready cards of one bank (<see cref="CardBanks"/>).</summary>
    public async Task<IReadOnlyList<string>> GetReadyCardIdsAsync(string bank)
    {
        await GetCardsAsync();
        return readyByBank.TryGetValue(bank, out var ids) ? ids : [];
    }

    /// <summary>Forgets the cached list, e.g. after this process registered a card.</summary>
    public void Invalidate() => fetchedAt = DateTimeOffset.MinValue;
}
