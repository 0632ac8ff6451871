using Paycue.Grains.Configuration;
using Paycue.Grains.Telegram;

namespace Paycue.Gateway.Services;

/// <summary>The cards and how each is doing, adding and logging in Telegram accounts, removing cards: for the HTTP API and the console alike.</summary>
public sealed class CardService(IGrainFactory grains, PaycueOptions options)
{
    /// <summary>
    /// A Telegram account for <paramref name="phone"/> with <paramref name="card"/> on it (fields already checked):
    /// registered with the card as its first when new, else the card added to it; then Telegram is asked for a login
    /// code (normally <c>code_required</c>). A refused add answers its failure with the account's id as the card's.
    /// </summary>
    public async Task<(string AccountId, string CardId, LoginResult Result)> AddTelegramAsync(string phone, CardSpec card)
    {
        var accountId = TelegramCardIds.FromPhone(phone);
        var account = grains.GetGrain<ICardGrain>(accountId);
        var cardId = accountId;
        if (await account.GetInfoAsync() is null)
        {
            await account.RegisterAsync(new CardSpec(accountId, CardKind.Telegram, card.Last4, card.Number, card.Owner, card.Bank == CardBanks.Uzcard ? options.UzcardWatchId ?? 0 : options.WatchId, card.Bank));
        }
        else
        {
            var added = await account.AddCardAsync(card);
            if (!added.Succeeded)
            {
                return (accountId, accountId, added);
            }

            cardId = added.Reason!;
        }

        return (accountId, cardId, await account.StartLoginAsync(phone));
    }

    /// <summary>
    /// Adds a further card whose bank bot writes into the account's Telegram; on success the result's reason is the
    /// new card's id. Null when there is no Telegram account <paramref name="accountId"/>.
    /// </summary>
    public async Task<LoginResult?> AddAccountCardAsync(string accountId, CardSpec card)
    {
        var account = grains.GetGrain<ICardGrain>(accountId);
        var info = await account.GetInfoAsync();
        if (info is null || info.Spec.Kind != CardKind.Telegram || info.Spec.IsHosted)
        {
            return null;
        }

        return await account.AddCardAsync(card);
    }

    /// <summary>The login code Telegram sent; answers <c>password_required</c> or <c>ready</c>.</summary>
    public Task<LoginResult> SubmitCodeAsync(string cardId, string code) => grains.GetGrain<ICardGrain>(cardId).SubmitLoginCodeAsync(code);

    /// <summary>The two-step verification password; answers <c>ready</c>.</summary>
    public Task<LoginResult> SubmitPasswordAsync(string cardId, string password) => grains.GetGrain<ICardGrain>(cardId).SubmitLoginPasswordAsync(password);

    /// <summary>The login e-mail address Telegram asks for (<c>email_required</c>); answers <c>email_code_required</c>.</summary>
    public Task<LoginResult> SubmitEmailAsync(string cardId, string email) => grains.GetGrain<ICardGrain>(cardId).SubmitLoginEmailAsync(email);

    /// <summary>The code Telegram mailed to that address; answers <c>password_required</c> or <c>ready</c>.</summary>
    public Task<LoginResult> SubmitEmailCodeAsync(string cardId, string code) => grains.GetGrain<ICardGrain>(cardId).SubmitLoginEmailCodeAsync(code);

    /// <summary>Starts the login again with the account's phone number, from any step.</summary>
    public Task<LoginResult> RestartLoginAsync(string cardId, string phone) => grains.GetGrain<ICardGrain>(cardId).StartLoginAsync(phone);

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
    public Task<LoginResult> RemoveAsync(string cardId, bool force)
    {
        // A further card of an account goes through its account, which stops feeding it once it is gone; the
        // account's first card (or a card on its own) goes with its session.
        var accountId = AccountCardIds.AccountOf(cardId);
        return accountId != cardId
            ? grains.GetGrain<ICardGrain>(accountId).RemoveCardAsync(cardId, force)
            : grains.GetGrain<ICardGrain>(cardId).LogoutAsync(force);
    }
}
