using Paycue.Grains.Configuration;
using Paycue.Grains.Telegram;

namespace Paycue.Gateway.Services;

/// <summary>The cards and how each is doing, adding and logging in Telegram accounts, removing cards: for the HTTP API and the console alike.</summary>
public sealed class CardService(IGrainFactory grains, PaycueOptions options)
{
    /// <summary>
    /// Registers a Telegram card for <paramref name="phone"/> (fields already checked) and asks Telegram for a login
    /// code; normally answers <c>code_required</c>.
    /// </summary>
    public async Task<(string CardId, LoginResult Result)> AddTelegramAsync(string phone, string? number, string? last4, string? owner)
    {
        var spec = new CardSpec(TelegramCardIds.FromPhone(phone), CardKind.Telegram, last4 ?? number?[^4..], number, owner, options.WatchId);
        var card = grains.GetGrain<ICardGrain>(spec.CardId);
        await card.RegisterAsync(spec);
        return (spec.CardId, await card.StartLoginAsync(phone));
    }

    /// <summary>The login code Telegram sent; answers <c>password_required</c> or <c>ready</c>.</summary>
    public Task<LoginResult> SubmitCodeAsync(string cardId, string code) => grains.GetGrain<ICardGrain>(cardId).SubmitLoginCodeAsync(code);

    /// <summary>The two-step verification password; answers <c>ready</c>.</summary>
    public Task<LoginResult> SubmitPasswordAsync(string cardId, string password) => grains.GetGrain<ICardGrain>(cardId).SubmitLoginPasswordAsync(password);

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
