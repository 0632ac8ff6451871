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

    public Task<IReadOnlyList<CardDirectoryEntry>> GetCardsAsync() =>
        IsFresh ? Task.FromResult(cards) : RefreshAsync();

    // Every create asks; within the second of freshness the answer is at hand, with no async machinery to pay for.
    private bool IsFresh => clock.GetUtcNow() - fetchedAt < Freshness;

    private async Task<IReadOnlyList<CardDirectoryEntry>> RefreshAsync()
    {
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
    public ValueTask<IReadOnlyList<string>> GetReadyCardIdsAsync() =>
        IsFresh ? new(readyIds) : new(RefreshThen(static c => c.readyIds));

    /// <summary>The ready cards of one bank (<see cref="CardBanks"/>).</summary>
    public ValueTask<IReadOnlyList<string>> GetReadyCardIdsAsync(string bank) =>
        IsFresh ? new(ReadyOf(bank)) : new(RefreshThen(c => c.ReadyOf(bank)));

    private IReadOnlyList<string> ReadyOf(string bank) => readyByBank.TryGetValue(bank, out var ids) ? ids : [];

    private async Task<IReadOnlyList<string>> RefreshThen(Func<CardCatalog, IReadOnlyList<string>> pick)
    {
        await RefreshAsync();
        return pick(this);
    }

    /// <summary>Forgets the cached list, e.g. after this process registered a card.</summary>
    public void Invalidate() => fetchedAt = DateTimeOffset.MinValue;
}
