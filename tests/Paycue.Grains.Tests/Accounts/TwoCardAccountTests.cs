using Paycue.Grains.Cards;
using Paycue.Grains.Telegram;
using Paycue.Grains.Tests.Telegram;
using Paycue.Grains.Transactions;
using Paycue.Testing;
using Paycue.Testing.Telegram;
using static Paycue.Grains.Tests.Accounts.BankBotMessages;

namespace Paycue.Grains.Tests.Accounts;

/// <summary>
/// One Telegram account (the scripted TDLib fake) carrying a Humo card and an Uzcard card: each card has its own pool,
/// each bank's bot pays only its own bank's card with that last4, and everything else is recorded and confirms nothing.
/// The Uzcard bot is found by username (UZCARD_WATCH_ID is not set in this cluster).
/// </summary>
[Collection(TelegramCollection.Name)]
public sealed class TwoCardAccountTests(TelegramCluster fixture)
{
    private const long UzcardBot = FakeTdAccount.UzcardBotId;

    [Fact]
    public async Task EachBanksCreditConfirmsOnlyItsOwnCardAndStrayCreditsConfirmNothing()
    {
        var (account, humo, uzcard, fake) = await TwoCardAccountAsync();
        var humoId = humo.GetPrimaryKeyString();
        var uzcardId = uzcard.GetPrimaryKeyString();
        Assert.Equal($"{humoId}.uzcard-8346", uzcardId);

        // Equal amounts land on both cards: two pools, each hands out the exact amount.
        var onHumo = await fixture.CreateAsync(humoId, 52_000_00);
        var onUzcard = await fixture.CreateAsync(uzcardId, 52_000_00);
        Assert.Equal(52_000_00, onHumo.AmountTiyin);
        Assert.Equal(52_000_00, onUzcard.AmountTiyin);
        Assert.Equal(uzcardId, onUzcard.CardId);

        Deliver(fake, UzcardCredit(301, onUzcard.AmountTiyin, "8346"));
        await WaitForStateAsync(onUzcard.TransactionId, TransactionState.Confirmed, "the Uzcard credit confirms the Uzcard card's transaction");
        Assert.Equal(TransactionState.Active, await StateAsync(onHumo.TransactionId));

        Deliver(fake, TelegramCluster.BotMessage(302, onHumo.AmountTiyin, "7159"));
        await WaitForStateAsync(onHumo.TransactionId, TransactionState.Confirmed, "the Humo credit confirms the Humo card's transaction");

        var humoOpen = await fixture.CreateAsync(humoId, 53_000_00);
        var uzcardOpen = await fixture.CreateAsync(uzcardId, 53_000_00);

        // The Humo bot names the Uzcard card's last4; the Humo bot sends an Uzcard-format credit; the Uzcard bot names
        // the Humo card's last4; the Humo bot reports a card Paycue does not manage.
        Deliver(fake, TelegramCluster.BotMessage(303, 53_000_00, "8346"));
        Deliver(fake, Sent(UzcardCredit(304, 53_000_00, "8346"), from: TelegramCluster.BankBot));
        Deliver(fake, UzcardCredit(305, 53_000_00, "7159"));
        Deliver(fake, TelegramCluster.BotMessage(306, 53_000_00, "1111"));
        Deliver(fake, UzcardCredit(307, 53_000_00, "9999"));

        // Debits of the open amounts from each card's own bot, in each bank's words: never a payment, never a row.
        Deliver(fake, WithText(UzcardCredit(308, 0, "8346"), "🔴 Platezh\n➖ 53 000.00 UZS\n💳 ***8346\n🕒 23.09.26 22:50"));
        Deliver(fake, WithText(UzcardCredit(309, 0, "8346"), "🔴 E-Com oplata\n- 53 000.00 UZS\n💳 ***8346\n🕒 23.09.26 22:51"));
        Deliver(fake, WithText(TelegramCluster.BotMessage(310, 0), "💸 To'lov\n- 53.000,00 UZS\n⚠️ Komissiya: 0,00 UZS\n💳 HUMOCARD *7159\n🕐 22:26 18.06.2026"));
        Deliver(fake, TelegramCluster.BotMessage(311, 53_000_01, "1111")); // processed after the debits: its row says they were

        var rows = await Eventually.WaitAsync(
            async () => (await fixture.PaymentsAsync(humoId)).Where(p => p.MessageId is >= 303 and <= 311).ToList(),
            p => p.Count == 6, TimeSpan.FromSeconds(20), "six stray credits recorded on the account");
        Assert.Equal(
            [(303L, MatchOutcomes.WrongCard), (304L, MatchOutcomes.UntrustedSender), (305L, MatchOutcomes.WrongCard), (306L, MatchOutcomes.UnknownCard), (307L, MatchOutcomes.UnknownCard), (311L, MatchOutcomes.UnknownCard)],
            rows.OrderBy(p => p.MessageId).Select(p => (p.MessageId, p.Outcome)));
        Assert.DoesNotContain(await fixture.PaymentsAsync(uzcardId), p => p.MessageId is >= 308 and <= 310);
        Assert.All(rows, r => Assert.Null(r.TransactionId));
        Assert.Equal(TransactionState.Active, await StateAsync(humoOpen.TransactionId));
        Assert.Equal(TransactionState.Active, await StateAsync(uzcardOpen.TransactionId));

        // The ledger rows of the two real payments sit on their own cards.
        Assert.Equal([(301L, MatchOutcomes.Confirmed)], (await fixture.PaymentsAsync(uzcardId)).Select(p => (p.MessageId, p.Outcome)));
        Assert.Contains(await fixture.PaymentsAsync(humoId), p => p.MessageId == 302 && p.Outcome == MatchOutcomes.Confirmed);

        var cards = await account.ListAccountCardsAsync();
        Assert.Equal([(humoId, CardBanks.Humo), (uzcardId, CardBanks.Uzcard)], cards.Select(c => (c.CardId, c.BankName)));
        Assert.Equal(UzcardBot, cards[1].BankBotUserId);
    }

    /// <summary>
    /// The account owns the feed, so a gap in a further card's balance chain must make the account read its chats
    /// again, as a gap in its first card's chain does; before, the further card (no session) counted the gap and no
    /// catch-up ran, so the missed credit stayed unread until some other catch-up.
    /// </summary>
    [Fact]
    public async Task AGapInAFurtherCardsBalanceChainReadsTheChatAgainAndConfirmsTheMissedCredit()
    {
        var (_, humo, uzcard, fake) = await TwoCardAccountAsync();
        var uzcardId = uzcard.GetPrimaryKeyString();
        Deliver(fake, WithBalance(UzcardCredit(601, 1_000_00, "8346"), 10_000_00));
        await Eventually.WaitAsync(async () => await fixture.PaymentsAsync(uzcardId), p => p.Any(r => r.MessageId == 601), TimeSpan.FromSeconds(20), "the first Uzcard credit read");
        var transaction = await fixture.CreateAsync(uzcardId, 46_000_00);
        var reads = fake.RequestLog.Count(r => r.Type == "getChatHistory");

        // The payment's notification never arrives as an update; the next one's balance gives it away.
        fake.History[602] = WithBalance(UzcardCredit(602, transaction.AmountTiyin, "8346"), 10_000_00 + transaction.AmountTiyin);
        Deliver(fake, WithBalance(UzcardCredit(603, 1_000_00, "8346"), 11_000_00 + transaction.AmountTiyin));

        await WaitForStateAsync(transaction.TransactionId, TransactionState.Confirmed, "the missed Uzcard credit confirms after the account reads the chat again");
        Assert.True(fake.RequestLog.Count(r => r.Type == "getChatHistory") > reads, "the account read the chats again");
        Assert.Equal(1, (await uzcard.GetInfoAsync())!.BalanceGaps);
        Assert.Equal(0, (await humo.GetInfoAsync())!.BalanceGaps);
        var payment = Assert.Single(await fixture.PaymentsAsync(uzcardId), p => p.MessageId == 602);
        Assert.Equal((MatchOutcomes.Confirmed, transaction.TransactionId), (payment.Outcome, payment.TransactionId));
        Assert.Single(await fixture.PaymentsAsync(uzcardId), p => p.MessageId == 603);
    }

    [Fact]
    public async Task AHostedCardIsRemovedThroughItsAccountAndTheSessionStays()
    {
        var (account, humo, uzcard, fake) = await TwoCardAccountAsync();
        var uzcardId = uzcard.GetPrimaryKeyString();
        var open = await fixture.CreateAsync(uzcardId, 54_000_00);

        var direct = await uzcard.LogoutAsync(force: true);
        Assert.Equal(LoginFailure.Conflict, direct.Failure);
        var refused = await account.RemoveCardAsync(uzcardId, force: false);
        Assert.Equal(LoginFailure.OpenTransactions, refused.Failure);
        var first = await account.LogoutAsync(force: true);
        Assert.Equal(LoginFailure.Conflict, first.Failure); // the first card goes last: it holds the session

        var removed = await account.RemoveCardAsync(uzcardId, force: true);
        Assert.True(removed.Succeeded, removed.Reason);
        Assert.Equal(TransactionState.Cancelled, await StateAsync(open.TransactionId));
        Assert.Null(await uzcard.GetInfoAsync());
        Assert.Equal(CardStatus.Ready, (await humo.GetInfoAsync())!.Status);

        // A credit to the removed card is now a card Paycue does not manage.
        Deliver(fake, UzcardCredit(401, 54_000_00, "8346"));
        var row = await Eventually.WaitAsync(
            async () => (await fixture.PaymentsAsync(humo.GetPrimaryKeyString())).SingleOrDefault(p => p.MessageId == 401),
            p => p is not null, TimeSpan.FromSeconds(20), "the credit to the removed card recorded");
        Assert.Equal(MatchOutcomes.UnknownCard, row!.Outcome);
    }

    [Fact]
    public async Task AnAccountLoggedInWithoutACardTakesItsFirstCardUnderItsOwnId()
    {
        var id = $"tg-test-{Guid.NewGuid():N}";
        fixture.Accounts[id] = new FakeTdAccount { LoggedIn = true };
        var account = fixture.Client.GetGrain<ICardGrain>(id);
        await account.RegisterAsync(new CardSpec(id, CardKind.Telegram, null, null, null, TelegramCluster.BankBot, SessionOnly: true));
        await fixture.WaitForStatusAsync(account, CardStatus.Ready);
        Assert.Null((await account.QuoteAsync(10_000_00)).OffsetSteps); // no card, no transactions

        var added = await account.AddCardAsync(new CardSpec("", CardKind.Telegram, "8346", null, "Owner", 0, CardBanks.Uzcard));
        Assert.True(added.Succeeded, added.Reason);
        Assert.Equal(id, added.Reason);
        var info = (await account.GetInfoAsync())!;
        Assert.Equal(CardBanks.Uzcard, info.Spec.BankName);
        Assert.False(info.Spec.SessionOnly);

        var bad = await account.AddCardAsync(new CardSpec("", CardKind.Telegram, "8346", null, null, 0, "visa"));
        Assert.Equal(LoginFailure.Refused, bad.Failure);
        Assert.Contains("humo", bad.Reason);
    }

    /// <summary>
    /// Routing sees cards, not accounts: every ready card of every account is one candidate, so K cards give a worst
    /// offset of ceil(N/K) − 1 for N equal requests, however the cards sit on accounts. Here: a two-card account, a
    /// second account with one card, and whatever ready cards the collection's earlier tests left (each on its own
    /// account); the tests of one collection run one at a time, so the set holds still while this one runs.
    /// </summary>
    [Fact]
    public async Task EqualRequestsSpreadOverEveryReadyCardWhateverAccountItSitsOn()
    {
        var (_, humo, uzcard, _) = await TwoCardAccountAsync();
        var otherId = $"tg-test-{Guid.NewGuid():N}";
        fixture.Accounts[otherId] = new FakeTdAccount { LoggedIn = true };
        var other = fixture.Client.GetGrain<ICardGrain>(otherId);
        await other.RegisterAsync(new CardSpec(otherId, CardKind.Telegram, "7160", null, "Owner", TelegramCluster.BankBot, CardBanks.Humo));
        await fixture.WaitForStatusAsync(other, CardStatus.Ready);

        var catalog = new CardCatalog(fixture.Client, TimeProvider.System, fixture.Options);
        var ours = new[] { humo.GetPrimaryKeyString(), uzcard.GetPrimaryKeyString(), otherId };
        var ready = await Eventually.WaitAsync(
            async () => { catalog.Invalidate(); return await catalog.GetReadyCardIdsAsync(); },
            ids => ours.All(ids.Contains), TimeSpan.FromSeconds(20), "the three new cards listed as ready");
        var k = ready.Count;
        const long requested = 47_000_00; // a price no other test asks for: every card starts with it free
        var n = 3 * k;

        var placer = new TransactionPlacer(fixture.Client, catalog);
        var views = new List<TransactionView>();
        for (var i = 0; i < n; i++)
        {
            var placed = await placer.PlaceAsync(requested, null, CancellationToken.None);
            Assert.Equal(PlacementStatus.Created, placed.Status);
            views.Add(placed.Transaction!);
        }

        Assert.Equal((long)Math.Ceiling(n / (double)k) - 1, views.Max(v => (v.AmountTiyin - requested) / 100));
        var perCard = views.GroupBy(v => v.CardId).ToDictionary(g => g.Key, g => g.Select(v => v.AmountTiyin).ToList());
        Assert.Equal(ready.OrderBy(id => id, StringComparer.Ordinal), perCard.Keys.OrderBy(id => id, StringComparer.Ordinal));
        Assert.All(perCard.Values, amounts => Assert.Equal([requested, requested + 100, requested + 200], amounts.Order()));
    }

    /// <summary>
    /// UZCARD_WATCH_ID is not set: the session finds @CardXabarBot by its username at login, and the account remembers
    /// the id at once (before, only when the bot first wrote), so its Uzcard card trusts it and a restart opens the chat
    /// by that id instead of looking the username up again (a lookup Telegram rate-limits hard).
    /// </summary>
    [Fact]
    public async Task TheUzcardBotFoundByUsernameAtLoginIsRememberedBeforeItWritesAndARestartNeedsNoLookup()
    {
        var (account, _, uzcard, fake) = await TwoCardAccountAsync();
        await Eventually.WaitAsync(
            account.ListAccountCardsAsync, c => c.Count == 2 && c[1].BankBotUserId == UzcardBot, TimeSpan.FromSeconds(20),
            "the Uzcard card trusts the bot found by username, with no message from it yet");
        Assert.Equal(UzcardBot, (await uzcard.GetInfoAsync())!.Spec.BankBotUserId);
        var lookups = UsernameLookups(fake, CardSession.UzcardBotUsername);
        Assert.True(lookups >= 1, "found by username");

        await fixture.Cluster.DeactivateAsync(account);
        await fixture.WaitForStatusAsync(account, CardStatus.Ready); // activates it again: a new TDLib client
        await fixture.WaitForStatusAsync(uzcard, CardStatus.Ready);
        Assert.Equal(2, fake.ClientsCreated);
        var open = await fixture.CreateAsync(uzcard.GetPrimaryKeyString(), 48_000_00);
        Deliver(fake, UzcardCredit(701, open.AmountTiyin, "8346"));
        await WaitForStateAsync(open.TransactionId, TransactionState.Confirmed, "the Uzcard credit confirms after the restart");
        Assert.Equal(lookups, UsernameLookups(fake, CardSession.UzcardBotUsername));
        Assert.Contains(fake.Requests, r => r["@type"]!.GetValue<string>() == "createPrivateChat" && r["user_id"]!.GetValue<long>() == UzcardBot);
    }

    /// <summary>
    /// An account whose only card is an Uzcard card watches @CardXabarBot's chat and not @HUMOcardbot's: the session
    /// watches the chats of the banks its cards need. Its Uzcard credit confirms; a Humo credit naming its last4 does not.
    /// </summary>
    [Fact]
    public async Task AnAccountWithOnlyAnUzcardCardWatchesOnlyTheUzcardBot()
    {
        var id = $"tg-test-{Guid.NewGuid():N}";
        var fake = fixture.Accounts[id] = new FakeTdAccount { LoggedIn = true };
        var account = fixture.Client.GetGrain<ICardGrain>(id);
        await account.RegisterAsync(new CardSpec(id, CardKind.Telegram, "8346", null, "Owner", 0, CardBanks.Uzcard));
        await fixture.WaitForStatusAsync(account, CardStatus.Ready);
        var open = await fixture.CreateAsync(id, 49_000_00);

        Deliver(fake, TelegramCluster.BotMessage(801, open.AmountTiyin, "8346"));
        Deliver(fake, UzcardCredit(802, open.AmountTiyin, "8346"));
        await WaitForStateAsync(open.TransactionId, TransactionState.Confirmed, "the Uzcard credit confirms the account's own Uzcard card");
        // The ledger row follows the confirm (the card writes it after).
        var rows = await Eventually.WaitAsync(
            () => fixture.PaymentsAsync(id), r => r.Any(p => p.MessageId == 801) && r.Any(p => p.MessageId == 802), TimeSpan.FromSeconds(20), "both credits recorded");
        Assert.Equal(MatchOutcomes.WrongCard, rows.Single(p => p.MessageId == 801).Outcome);
        Assert.Equal(open.TransactionId, rows.Single(p => p.MessageId == 802).TransactionId);

        Assert.Equal(UzcardBot, (await account.GetInfoAsync())!.Spec.BankBotUserId);
        Assert.Equal(0, UsernameLookups(fake, CardSession.BankBotUsername));
        Assert.DoesNotContain(fake.Requests, r => r["@type"]!.GetValue<string>() == "createPrivateChat" && r["user_id"]!.GetValue<long>() == TelegramCluster.BankBot);
    }

    private static System.Text.Json.Nodes.JsonObject WithText(System.Text.Json.Nodes.JsonObject message, string text)
    {
        message["content"]!["text"]!["text"] = text;
        return message;
    }

    private static int UsernameLookups(FakeTdAccount fake, string username) =>
        fake.Requests.Count(r => r["@type"]!.GetValue<string>() == "searchPublicChat" && r["username"]!.GetValue<string>() == username);

    private async Task<(ICardGrain Account, ICardGrain Humo, ICardGrain Uzcard, FakeTdAccount Fake)> TwoCardAccountAsync()
    {
        var id = $"tg-test-{Guid.NewGuid():N}";
        var fake = fixture.Accounts[id] = new FakeTdAccount { LoggedIn = true };
        var account = fixture.Client.GetGrain<ICardGrain>(id);
        await account.RegisterAsync(new CardSpec(id, CardKind.Telegram, "7159", "9860000000007159", "Owner", TelegramCluster.BankBot, CardBanks.Humo));
        await fixture.WaitForStatusAsync(account, CardStatus.Ready);
        var added = await account.AddCardAsync(new CardSpec("", CardKind.Telegram, "8346", null, "Owner", 0, CardBanks.Uzcard));
        Assert.True(added.Succeeded, added.Reason);
        var uzcard = fixture.Client.GetGrain<ICardGrain>(added.Reason!);
        await fixture.WaitForStatusAsync(uzcard, CardStatus.Ready);
        return (account, account, uzcard, fake);
    }

    private async Task<TransactionState?> StateAsync(Guid id) => (await fixture.Client.GetGrain<ITransactionGrain>(id).GetAsync())?.State;

    private Task WaitForStateAsync(Guid id, TransactionState state, string what) =>
        Eventually.WaitAsync(() => StateAsync(id), s => s == state, TimeSpan.FromSeconds(20), what);
}
