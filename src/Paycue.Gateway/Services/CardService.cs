namespace Paycue.Gateway.Services;

/// <summary>The cards and how each is doing, for the HTTP API and the console alike.</summary>
public sealed class CardService(IGrainFactory grains)
{
    public async Task<IReadOnlyList<CardInfo>> ListAsync()
    {
        var entries = await grains.GetGrain<ICardDirectoryGrain>(0).ListAsync();
        var infos = await Task.WhenAll(entries.Select(e => grains.GetGrain<ICardGrain>(e.Spec.CardId).GetInfoAsync()));
        return infos.OfType<CardInfo>().ToList();
    }

    /// <summary>
    /// Removes the card (a Telegram account is logged out first). Refused with <see cref="LoginFailure.OpenTransactions"/>
    /// while it has open transactions, unless <paramref name="force"/> cancels each first.
    /// </summary>
    public Task<LoginResult> RemoveAsync(string cardId, bool force) => grains.GetGrain<ICardGrain>(cardId).LogoutAsync(force);
}
