using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Paycue.Grains.BankMessages;
using Paycue.Grains.Configuration;
using Paycue.Grains.Telegram;

namespace Paycue.Grains.Cards;

/// <summary>
/// Several cards on one Telegram account. The grain that owns the session is the account: its id is the phone's
/// <c>tg-&lt;hash&gt;</c>, which is also the id of its first card, so every card, pool key, transaction and Redis
/// state written before accounts existed is the account's first card unchanged. Further cards are grains of their
/// own (<c>tg-&lt;hash&gt;.uzcard-8346</c>): each keeps its pool, cooldowns, expiry reminder and feed hold exactly as a
/// single card does. The account decides which card a bank message is for (the bank of the bot that sent it, and
/// the last4 in it) before any pool is read, then that card matches it in its own turn, so the turn that matches
/// owns the only pool the message can pay. A hosted card learns its account's session status and feed from the
/// account: pushed, in order with the messages, and pulled when it activates.
/// </summary>
public sealed partial class CardGrain
{
    private const string HostedCallKey = "paycue.account";

    private long accountVersion;

    /// <summary>A card fed by another grain's session (it has no session itself).</summary>
    private bool IsHosted => state.State.Spec?.IsHosted == true;

    /// <summary>This grain owns a Telegram session (an account, with or without a card of its own).</summary>
    private bool IsAccount => IsTelegram && !IsHosted;

    private IEnumerable<CardSpec> AccountCards => (state.State.Spec is { SessionOnly: false } own ? [own] : Array.Empty<CardSpec>()).Concat(state.State.HostedCards);

    public Task<IReadOnlyList<CardSpec>> ListAccountCardsAsync() =>
        Task.FromResult<IReadOnlyList<CardSpec>>(Registered && IsAccount ? AccountCards.ToList() : []);

    /// <summary>The bot a bank's cards trust: <c>WATCH_ID</c> for Humo; <c>UZCARD_WATCH_ID</c>, else the id found at login, for Uzcard (0: not found yet).</summary>
    private long BotFor(string bank) => bank == CardBanks.Uzcard
        ? options.UzcardWatchId ?? state.State.UzcardBotUserId ?? session?.BotUserId(CardBanks.Uzcard) ?? 0
        : options.WatchId;

    /// <summary>The bots whose chats this account's cards need, Humo's first (as a single card always watched it).</summary>
    private List<WatchedBot> BankBots()
    {
        var banks = AccountCards.Select(c => c.BankName).ToHashSet(StringComparer.Ordinal);
        var bots = new List<WatchedBot>();
        if (banks.Count == 0 || banks.Contains(CardBanks.Humo))
        {
            bots.Add(new WatchedBot(CardBanks.Humo, options.WatchId, CardSession.BankBotUsername));
        }

        if (banks.Contains(CardBanks.Uzcard))
        {
            bots.Add(new WatchedBot(CardBanks.Uzcard, options.UzcardWatchId ?? state.State.UzcardBotUserId ?? 0, CardSession.UzcardBotUsername));
        }

        return bots;
    }

    public async Task<LoginResult> AddCardAsync(CardSpec spec)
    {
        if (!Registered || !IsAccount)
        {
            return new LoginResult(state.State.Status, $"{CardId} is not a Telegram account; POST /api/accounts starts one.", LoginFailure.NotTelegram);
        }

        if (CardBanks.Parse(spec.Bank) is not { } bank)
        {
            return new LoginResult(state.State.Status, "bank must be \"humo\" or \"uzcard\".", LoginFailure.Refused);
        }

        if (spec.Last4 is not { Length: 4 } last4 || !last4.All(char.IsAsciiDigit))
        {
            return new LoginResult(state.State.Status, "last4 must be the card's last four digits, as the bank bot prints them.", LoginFailure.Refused);
        }

        var own = state.State.Spec!;
        if (own.SessionOnly || own.Last4 is null || (own.BankName == bank && own.Last4 == last4))
        {
            // The account's first card: new, or kept from before last4 was required (it takes no transactions
            // without one), or the same card again, perhaps with a new number or owner.
            if (state.State.HostedCards.Exists(c => c.BankName == bank && c.Last4 == last4))
            {
                return new LoginResult(state.State.Status, $"Account {CardId} already has a {CardBanks.DisplayName(bank)} card *{last4}.", LoginFailure.Conflict);
            }

            await RegisterAsync(new CardSpec(CardId, CardKind.Telegram, last4, spec.Number, spec.Owner, BotFor(bank), bank));
            return new LoginResult(state.State.Status, CardId, LoginFailure.None);
        }

        var id = AccountCardIds.Hosted(CardId, bank, last4);
        var hosted = new CardSpec(id, CardKind.Telegram, last4, spec.Number, spec.Owner, BotFor(bank), bank, CardId);

        // The card first, then the account's list: a card is fed (and can become ready) only once it is listed, and
        // a crash in between leaves a registered card that is not ready, never a listed card that is not registered.
        await GrainFactory.GetGrain<ICardGrain>(id).RegisterAsync(hosted);
        var index = state.State.HostedCards.FindIndex(c => c.CardId == id);
        if (index < 0 || state.State.HostedCards[index] != hosted)
        {
            if (index < 0)
            {
                state.State.HostedCards.Add(hosted);
            }
            else
            {
                state.State.HostedCards[index] = hosted;
            }

            await state.WriteStateAsync();
        }

        await GrainFactory.GetGrain<ICardGrain>(id).OnAccountStateAsync(SessionView(id));
        session?.WatchBanks(BankBots());
        LogCardAdded(CardId, id, bank);
        return new LoginResult(state.State.Status, id, LoginFailure.None);
    }

    public async Task<LoginResult> RemoveCardAsync(string cardId, bool force)
    {
        if (state.State.HostedCards.Find(c => c.CardId == cardId) is not { } hosted)
        {
            // Removed already (a retry, or a crash after the card went): make sure the card itself is gone too.
            RequestContext.Set(HostedCallKey, CardId);
            var again = await GrainFactory.GetGrain<ICardGrain>(cardId).LogoutAsync(force);
            RequestContext.Remove(HostedCallKey);
            return again.Failure == LoginFailure.NotRegistered ? new LoginResult(CardStatus.Unregistered, $"No card {cardId}.", LoginFailure.NotRegistered) : again;
        }

        // The card goes first (its open transactions refused or cancelled there); only then does the account stop
        // feeding it, so no transaction is left on a card whose payments nobody would read.
        RequestContext.Set(HostedCallKey, CardId);
        var result = await GrainFactory.GetGrain<ICardGrain>(cardId).LogoutAsync(force);
        RequestContext.Remove(HostedCallKey);
        if (result.Failure is not (LoginFailure.None or LoginFailure.NotRegistered))
        {
            return result;
        }

        state.State.HostedCards.Remove(hosted);
        await state.WriteStateAsync();
        session?.WatchBanks(BankBots());
        return new LoginResult(CardStatus.Unregistered, null, LoginFailure.None);
    }

    public Task<AccountSession> GetSessionAsync(string cardId) => Task.FromResult(SessionView(cardId));

    private AccountSession SessionView(string cardId)
    {
        accountVersion = Math.Max(accountVersion + 1, clock.GetUtcNow().UtcTicks);
        var hosts = Registered && IsAccount && state.State.HostedCards.Exists(c => c.CardId == cardId);
        return new AccountSession(hosts, hosts ? state.State.Status : CardStatus.Unregistered, hosts ? state.State.StatusReason : null,
            hosts && feedLive && state.State.Status == CardStatus.Ready, accountVersion);
    }

    public async Task OnAccountStateAsync(AccountSession account)
    {
        if (!IsHosted || account.Version <= state.State.AccountVersion)
        {
            return;
        }

        await ApplyAccountAsync(account);
    }

    private async Task ApplyAccountAsync(AccountSession account)
    {
        state.State.AccountVersion = account.Version;
        await SetFeedLiveAsync(account.FeedLive);
        var status = account.Hosts ? account.Status : CardStatus.Connecting;
        var reason = account.Hosts ? account.Reason : $"Not (yet) listed on account {state.State.Spec!.Account}.";
        await SetStatusAsync(status, reason);
    }

    /// <summary>A hosted card that activates asks its account (which starts the session if it was not running).</summary>
    private async Task AttachToAccountAsync()
    {
        try
        {
            var account = await GrainFactory.GetGrain<ICardGrain>(state.State.Spec!.Account).GetSessionAsync(CardId);
            if (account.Version > state.State.AccountVersion)
            {
                await ApplyAccountAsync(account);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not live until the account says so: overdue transactions are held, as while any feed is down.
            LogAttachFailed(CardId, ex.GetType().Name);
        }
    }

    /// <summary>The account tells each hosted card its status and feed; awaited, so a feed change follows the messages before it.</summary>
    private async Task PushToHostedAsync()
    {
        if (!IsAccount || state.State.HostedCards.Count == 0)
        {
            return;
        }

        await Task.WhenAll(state.State.HostedCards.Select(c => GrainFactory.GetGrain<ICardGrain>(c.CardId).OnAccountStateAsync(SessionView(c.CardId))));
    }

    /// <summary>
    /// Which card of this account a message that passed the sender checks is for. Null with an outcome when none:
    /// a credit in the other bank's format (<c>untrusted_sender</c>), one whose last4 is a card of the other bank
    /// (<c>wrong_card</c>), one for a card Paycue does not manage (<c>unknown_card</c>).
    /// </summary>
    private (CardSpec? Card, string? Outcome) RouteCredit(string bank, ParsedBankMessage parsed)
    {
        var formatBank = parsed.Format switch
        {
            BankFormat.Humo => CardBanks.Humo,
            BankFormat.Uzcard => CardBanks.Uzcard,
            _ => null,
        };
        if (formatBank is not null && formatBank != bank)
        {
            return (null, MatchOutcomes.UntrustedSender);
        }

        var cards = AccountCards.ToList();
        if (cards.Find(c => c.BankName == bank && c.Last4 is not null && c.Last4 == parsed.Last4) is { } card)
        {
            return (card, null);
        }

        return (null, cards.Exists(c => c.Last4 is not null && c.Last4 == parsed.Last4) ? MatchOutcomes.WrongCard : MatchOutcomes.UnknownCard);
    }

    /// <summary>The bank whose bot sent this message, for an account; null when the sender is no watched bank bot.</summary>
    private string? SenderBank(long senderId)
    {
        if (senderId == options.WatchId)
        {
            return CardBanks.Humo;
        }

        var uzcard = BotFor(CardBanks.Uzcard);
        return uzcard != 0 && senderId == uzcard ? CardBanks.Uzcard : null;
    }

    /// <summary>
    /// Makes every card of this account at <paramref name="bank"/> trust <paramref name="botId"/>, the bot the account
    /// knows for that bank now, and remembers @CardXabarBot's id when it was found by username (UZCARD_WATCH_ID not
    /// set), so a restart opens its chat by id instead of looking the username up again. A card registered under an
    /// earlier WATCH_ID, or before the Uzcard bot was found, is registered again with it: a further card checks the
    /// sender of every message its account hands it, and must not refuse one its account has just checked.
    /// </summary>
    private async Task TrustBankBotAsync(string bank, long botId)
    {
        var changed = false;
        if (bank == CardBanks.Uzcard && options.UzcardWatchId is null && state.State.UzcardBotUserId != botId)
        {
            state.State.UzcardBotUserId = botId;
            changed = true;
        }

        if (state.State.Spec is { SessionOnly: false } own && own.BankName == bank && own.BankBotUserId != botId)
        {
            state.State.Spec = own with { BankBotUserId = botId };
            await GrainFactory.GetGrain<ICardDirectoryGrain>(0).UpsertAsync(state.State.Spec, state.State.Status);
            changed = true;
        }

        for (var i = 0; i < state.State.HostedCards.Count; i++)
        {
            var card = state.State.HostedCards[i];
            if (card.BankName == bank && card.BankBotUserId != botId)
            {
                var updated = card with { BankBotUserId = botId };
                await GrainFactory.GetGrain<ICardGrain>(card.CardId).RegisterAsync(updated);
                state.State.HostedCards[i] = updated;
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
            LogBankBotTrusted(CardId, bank, botId);
        }
    }

    /// <summary>
    /// Once the feed is live, the session has found the chat of every bank bot the cards need: each bank's cards trust
    /// that bot from now on, and a bot found by username is remembered at once, not only when it first writes.
    /// </summary>
    private async Task TrustFoundBankBotsAsync()
    {
        foreach (var bank in AccountCards.Select(c => c.BankName).Distinct(StringComparer.Ordinal).ToList())
        {
            if (BotFor(bank) is var botId and not 0)
            {
                await TrustBankBotAsync(bank, botId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId}: card {CardId} ({Bank}) added.")]
    private partial void LogCardAdded(string accountId, string cardId, string bank);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId}: the {Bank} cards trust bank bot {BotUserId}.")]
    private partial void LogBankBotTrusted(string accountId, string bank, long botUserId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: could not reach its account ({Error}); its feed counts as down until the account reports.")]
    private partial void LogAttachFailed(string cardId, string error);
}
