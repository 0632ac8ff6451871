using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Paycue.Grains.Cards;
using Paycue.Grains.Hosting;
using Paycue.Testing;
using Paycue.Testing.Telegram;

namespace Paycue.Grains.Tests.Telegram;

/// <summary>
/// Issue 14, section 2: a payment notification is never lost to a failed history read, a card that is slow to
/// answer, chatter in other chats, or a new card's old history; and the card always knows whether its feed is live.
/// </summary>
[Collection(TelegramCollection.Name)]
public sealed class MissedNotificationTests(TelegramCluster fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AGapCatchUpWhoseFirstReadFailsStillConfirmsTheMissedCredit()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        account.History[1] = WithBalance(TelegramCluster.BotMessage(1, 1_000_00), "10.000,00");
        var (card, cardId) = await ReadyCardAsync(account);
        var transaction = await fixture.CreateAsync(cardId, 40_000_00);

        // The payment's notification never arrives as an update; the next one gives it away, and the read it asks for fails.
        account.History[202] = WithBalance(TelegramCluster.BotMessage(202, transaction.AmountTiyin), "50.000,00");
        var next = WithBalance(TelegramCluster.BotMessage(303, 1_000_00), "51.000,00");
        account.History[303] = next;
        account.FailHistory(times: 1);
        account.Current!.Push(TelegramCluster.NewMessage(next));

        await WaitForConfirmAsync(transaction.TransactionId, "the missed credit confirms after a failed read");
        Assert.Equal(1, account.HistoryFailures);
        await WaitForFeedAsync(cardId, [false, true, false, true]); // not live from the gap until the retried read succeeded
        Assert.Equal(1, (await card.GetInfoAsync())!.BalanceGaps);
        var payment = Assert.Single(await fixture.PaymentsAsync(cardId), p => p.MessageId == 202);
        Assert.Equal(MatchOutcomes.Confirmed, payment.Outcome);
        Assert.Equal(transaction.TransactionId, payment.TransactionId);
    }

    [Fact]
    public async Task AnActivationCatchUpThatIsToldToWaitRetriesAfterTheWaitAndConfirms()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var (card, cardId) = await ReadyCardAsync(account);
        var transaction = await fixture.CreateAsync(cardId, 31_000_00);

        await fixture.Cluster.DeactivateAsync(card);
        account.History[101] = TelegramCluster.BotMessage(101, transaction.AmountTiyin);
        account.FailHistory(times: 1, retryAfterSeconds: 1);
        await card.GetInfoAsync(); // activation: its first history read meets a flood wait

        await WaitForConfirmAsync(transaction.TransactionId, "the credit read after the flood wait confirms");
        // The failed read is the first of the second client; the next one comes no earlier than Telegram asked.
        var secondClientReads = ReadsOfLatestClient(account);
        Assert.True(secondClientReads.Count >= 2, string.Join(", ", secondClientReads));
        Assert.True(secondClientReads[1] - secondClientReads[0] >= TimeSpan.FromMilliseconds(950), $"retried after {secondClientReads[1] - secondClientReads[0]}");
    }

    [Fact]
    public async Task AReadFailingOnItsSecondPagePassesOnTheFirstAndLaterTheRest()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        account.History[1] = TelegramCluster.BotMessage(1, 1_000_00);
        var (_, cardId) = await ReadyCardAsync(account);
        var newer = await fixture.CreateAsync(cardId, 42_000_00);
        var older = await fixture.CreateAsync(cardId, 43_000_00);

        account.Current!.PushConnectionState("connectionStateConnecting");
        for (var id = 2; id <= 131; id++)
        {
            account.History[id] = Chatter(TelegramCluster.BotMessage(id, 1_00));
        }

        // Newest first, 100 a page: 120 is on the first page, 10 on the second.
        account.History[120] = TelegramCluster.BotMessage(120, newer.AmountTiyin);
        account.History[10] = TelegramCluster.BotMessage(10, older.AmountTiyin);
        account.FailHistory(times: int.MaxValue, afterPages: 1);
        account.Current.PushConnectionState("connectionStateReady");

        await WaitForConfirmAsync(newer.TransactionId, "the credit on the page that was read confirms");
        await Eventually.WaitAsync(() => Task.FromResult(account.HistoryFailures), n => n >= 2, Wait, "the second page retried");
        Assert.Equal(TransactionState.Active, (await fixture.Client.GetGrain<ITransactionGrain>(older.TransactionId).GetAsync())!.State);

        account.FailHistory(times: 0);
        await WaitForConfirmAsync(older.TransactionId, "the credit on the page that failed confirms once it can be read");
        Assert.Equal(older.TransactionId, (await PaymentRowAsync(cardId, 10)).TransactionId);
    }

    [Fact]
    public async Task ACardThatFailsForAWhileStillGetsTheMessage()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var (_, cardId) = await ReadyCardAsync(account);
        var transaction = await fixture.CreateAsync(cardId, 44_000_00);

        fixture.Calls.FailBankMessages(cardId, 5);
        account.Current!.Push(TelegramCluster.NewMessage(TelegramCluster.BotMessage(404, transaction.AmountTiyin)));

        await WaitForConfirmAsync(transaction.TransactionId, "the credit confirms once the card answers");
        Assert.Equal(6, fixture.Calls.BankMessages(cardId).Count(m => m.MessageId == 404));
    }

    [Fact]
    public async Task AMessageTheCardKeepsFailingIsReadAgainAfterTheHandOffGivesUp()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        account.History[1] = TelegramCluster.BotMessage(1, 1_000_00);
        var (_, cardId) = await ReadyCardAsync(account);
        var transaction = await fixture.CreateAsync(cardId, 45_000_00);
        var readsBefore = account.RequestLog.Count(r => r.Type == "getChatHistory");

        fixture.Calls.FailBankMessages(cardId, int.MaxValue);
        var credit = TelegramCluster.BotMessage(505, transaction.AmountTiyin);
        account.History[505] = credit;
        account.Current!.Push(TelegramCluster.NewMessage(credit));

        // The hand-off gives up; the cursor stayed before the message, so the history is read back over it.
        await Eventually.WaitAsync(
            () => Task.FromResult(account.RequestLog.Count(r => r.Type == "getChatHistory")), n => n > readsBefore, TimeSpan.FromSeconds(30), "a read back after giving up");
        fixture.Calls.FailBankMessages(cardId, 0);

        await WaitForConfirmAsync(transaction.TransactionId, "the credit confirms once the card answers again");
        var row = await PaymentRowAsync(cardId, 505);
        Assert.Equal(MatchOutcomes.Confirmed, row.Outcome);
        Assert.Equal(transaction.TransactionId, row.TransactionId);
    }

    [Fact]
    public async Task ChatterFromOtherChatsNeverReachesTheCard()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var (_, cardId) = await ReadyCardAsync(account);

        var friend = TelegramCluster.BotMessage(601, 1_000_00);
        friend["sender_id"] = new JsonObject { ["@type"] = "messageSenderUser", ["user_id"] = 42 };
        friend["chat_id"] = 42;
        var group = TelegramCluster.BotMessage(602, 1_000_00);
        group["chat_id"] = -100123;
        account.Current!.Push(TelegramCluster.NewMessage(friend));
        account.Current.Push(TelegramCluster.NewMessage(group));
        account.Current.Push(TelegramCluster.NewMessage(TelegramCluster.BotMessage(603, 2_000_00)));

        await Eventually.WaitAsync(() => fixture.PaymentsAsync(cardId), p => p.Any(x => x.MessageId == 603), Wait, "the bank message processed");
        Assert.All(fixture.Calls.BankMessages(cardId), m => Assert.Equal(TelegramCluster.BankBot, m.ChatId));
        Assert.Equal([603L], (await fixture.PaymentsAsync(cardId)).Select(p => p.MessageId));
    }

    [Fact]
    public async Task ANewCardRecordsNoneOfTheOldCreditsInItsChat()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var hourAgo = DateTimeOffset.UtcNow.AddHours(-1);
        account.History[5] = TelegramCluster.BotMessage(5, 7_000_00, at: hourAgo);
        account.History[6] = TelegramCluster.BotMessage(6, 8_000_00, at: hourAgo.AddMinutes(1));
        var (_, cardId) = await ReadyCardAsync(account, waitForHistory: false);

        // Read by the catch-up after a reconnect, which runs after the start-up one.
        account.History[7] = TelegramCluster.BotMessage(7, 9_000_00);
        account.Current!.PushConnectionState("connectionStateConnecting");
        account.Current.PushConnectionState("connectionStateReady");

        await Eventually.WaitAsync(() => fixture.PaymentsAsync(cardId), p => p.Any(x => x.MessageId == 7), Wait, "the new credit recorded");
        Assert.Equal([7L], (await fixture.PaymentsAsync(cardId)).Select(p => p.MessageId));
        Assert.DoesNotContain(fixture.Calls.BankMessages(cardId), m => m.MessageId is 5 or 6);
    }

    [Fact]
    public async Task ACardSavedWithoutARegistrationTimeAndNothingProcessedCountsAsRegisteredNow()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var (card, cardId) = await ReadyCardAsync(account);
        await WaitForFeedAsync(cardId, [false, true]); // the first activation's "live" reported before it goes
        await fixture.Cluster.DeactivateAsync(card);

        // As a card registered by an older version was saved: no RegisteredAt.
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Paycue);
        var saved = new GrainState<CardState>();
        await storage.ReadStateAsync("card", card.GetGrainId(), saved);
        Assert.NotNull(saved.State!.RegisteredAt);
        saved.State.RegisteredAt = null;
        await storage.WriteStateAsync("card", card.GetGrainId(), saved);
        account.History[5] = TelegramCluster.BotMessage(5, 7_000_00, at: DateTimeOffset.UtcNow.AddHours(-1));
        var activatedAt = DateTimeOffset.UtcNow;

        await card.GetInfoAsync(); // activation: its catch-up reads nothing older than now
        await WaitForFeedAsync(cardId, [false, true, false, true]);
        Assert.Empty(await fixture.PaymentsAsync(cardId));
        await storage.ReadStateAsync("card", card.GetGrainId(), saved);
        Assert.True(saved.State.RegisteredAt >= activatedAt.AddSeconds(-1), $"registered at {saved.State.RegisteredAt}, activated at {activatedAt}");
    }

    [Fact]
    public async Task TheFeedIsReportedLiveOnlyAfterACatchUpAndNotLiveWhileTheConnectionIsDown()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        account.History[1] = TelegramCluster.BotMessage(1, 1_000_00);
        var (_, cardId) = await ReadyCardAsync(account);
        await WaitForFeedAsync(cardId, [false, true]);

        account.Current!.PushConnectionState("connectionStateConnecting");
        await WaitForFeedAsync(cardId, [false, true, false]);

        var transaction = await fixture.CreateAsync(cardId, 46_000_00);
        account.History[707] = TelegramCluster.BotMessage(707, transaction.AmountTiyin);
        account.Current.PushConnectionState("connectionStateReady");
        await WaitForFeedAsync(cardId, [false, true, false, true]);

        // The credit read by the reconnect catch-up reached the card before the feed was called live again.
        var calls = fixture.Calls.Of(cardId);
        var credit = calls.Select((call, index) => (call, index)).Single(c => c.call is BankMessage { MessageId: 707 }).index;
        Assert.True(credit < calls.Count - 1 && calls[^1] is true, string.Join(", ", calls));
        await WaitForConfirmAsync(transaction.TransactionId, "the credit read after the reconnect confirms");
    }

    /// <summary>A logged-in card whose start-up catch-up is over: every message of its chat processed, or /start said.</summary>
    private async Task<(ICardGrain Card, string CardId)> ReadyCardAsync(FakeTdAccount account, bool waitForHistory = true)
    {
        var card = await fixture.NewCardAsync(account);
        var cardId = card.GetPrimaryKeyString();
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        if (account.History.IsEmpty)
        {
            await Eventually.WaitAsync(
                () => Task.FromResult(string.Join(", ", account.RequestTypes)), t => t.EndsWith("sendMessage, getChatHistory", StringComparison.Ordinal), Wait, "/start and the read after it");
        }
        else if (waitForHistory)
        {
            var ids = account.History.Keys.ToHashSet();
            await Eventually.WaitAsync(() => fixture.PaymentsAsync(cardId), p => ids.IsSubsetOf(p.Select(x => x.MessageId)), Wait, "the chat's messages processed");
        }

        return (card, cardId);
    }

    private static List<DateTimeOffset> ReadsOfLatestClient(FakeTdAccount account)
    {
        var log = account.RequestLog.ToList();
        var start = log.FindLastIndex(r => r.Type == "getAuthorizationState");
        return log.Skip(start).Where(r => r.Type == "getChatHistory").Select(r => r.At).ToList();
    }

    /// <summary>
    /// The ledger row of one bank message, the only one. The card writes it after the confirm (and after reading the
    /// order id from the transaction, which may still be busy with its webhook): the confirm is visible first.
    /// </summary>
    private async Task<PaymentRecord> PaymentRowAsync(string cardId, long messageId)
    {
        var rows = await Eventually.WaitAsync(
            () => fixture.PaymentsAsync(cardId), p => p.Any(x => x.MessageId == messageId), Wait, $"the ledger row of message {messageId}");
        return Assert.Single(rows, p => p.MessageId == messageId);
    }

    private async Task WaitForConfirmAsync(Guid transactionId, string what) =>
        await Eventually.WaitAsync(
            () => fixture.Client.GetGrain<ITransactionGrain>(transactionId).GetAsync(), t => t!.State == TransactionState.Confirmed, Wait, what);

    private async Task WaitForFeedAsync(string cardId, bool[] expected) =>
        await Eventually.WaitAsync(
            () => Task.FromResult(string.Join(",", fixture.Calls.FeedStates(cardId))), s => s == string.Join(",", expected), Wait, $"feed states {string.Join(",", expected)}");

    private static JsonObject WithBalance(JsonObject message, string balance)
    {
        var text = message["content"]!["text"]!["text"]!.GetValue<string>();
        message["content"]!["text"]!["text"] = $"{text}\n💰 {balance} UZS";
        return message;
    }

    private static JsonObject Chatter(JsonObject message)
    {
        message["content"]!["text"]!["text"] = "Assalomu alaykum";
        return message;
    }
}
