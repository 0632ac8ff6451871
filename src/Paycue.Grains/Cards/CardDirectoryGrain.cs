using Orleans.Runtime;

namespace Paycue.Grains.Cards;

/// <summary>The list of cards. Small (one entry per card) and written only when a card registers or changes status.</summary>
public sealed class CardDirectoryGrain(
    [PersistentState("directory", StorageNames.Paycue)] IPersistentState<CardDirectoryState> state) : Grain, ICardDirectoryGrain
{
    public async Task UpsertAsync(CardSpec spec, string status)
    {
        var entry = new CardDirectoryEntry(spec, status);
        if (state.State.Cards.TryGetValue(spec.CardId, out var existing) && existing == entry)
        {
            return;
        }

        state.State.Cards[spec.CardId] = entry;
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string cardId)
    {
        if (state.State.Cards.Remove(cardId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<CardDirectoryEntry>> ListAsync() =>
        Task.FromResult<IReadOnlyList<CardDirectoryEntry>>(state.State.Cards.Values.OrderBy(c => c.Spec.CardId, StringComparer.Ordinal).ToList());
}
