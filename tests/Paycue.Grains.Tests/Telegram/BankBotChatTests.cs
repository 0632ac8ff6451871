using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Paycue.Grains.Cards;
using Paycue.Testing.Telegram;

namespace Paycue.Grains.Tests.Telegram;

/// <summary>What the card says to TDLib once logged in: which chat, whether to say /start, and reading back after a reconnect.</summary>
[Collection(TelegramCollection.Name)]
public sealed class BankBotChatTests(TelegramCluster fixture)
{
    private static readonly string[] LoginRequests = ["getAuthorizationState", "setTdlibParameters"];

    [Fact]
    public async Task AnEmptyChatGetsStartOnceAndNothingElse()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var card = await fixture.NewCardAsync(account);
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        var requests = await WaitForAsync(account, 6);

        Assert.Equal([.. LoginRequests, "createPrivateChat", "getChatHistory", "sendMessage", "getChatHistory"], requests.Select(TypeOf));
        Assert.Equal(TelegramCluster.BankBot, requests[2]["user_id"]!.GetValue<long>());
        Assert.Equal(1, requests[3]["limit"]!.GetValue<int>());
        var start = requests[4];
        Assert.Equal(TelegramCluster.BankBot, start["chat_id"]!.GetValue<long>());
        Assert.Equal("inputMessageText", start["input_message_content"]!["@type"]!.GetValue<string>());
        Assert.Equal("/start", start["input_message_content"]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task AChatWithHistoryGetsNoStart()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        account.History[7] = TelegramCluster.BotMessage(7, 1_000_00);
        var card = await fixture.NewCardAsync(account);
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        await WaitForAsync(account, 6);
        await Task.Delay(300); // a sendMessage would follow the probe straight away

        // The probe, then the catch-up: its message, then the empty page that marks the chat's start.
        Assert.Equal([.. LoginRequests, "createPrivateChat", "getChatHistory", "getChatHistory", "getChatHistory"], account.RequestTypes);
    }

    [Fact]
    public async Task WithoutAPrivateChatByIdTheBotIsFoundByUsername()
    {
        var account = new FakeTdAccount { LoggedIn = true, PrivateChatFails = true };
        var card = await fixture.NewCardAsync(account);
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        var requests = await WaitForAsync(account, 7);

        Assert.Equal([.. LoginRequests, "createPrivateChat", "searchPublicChat", "getChatHistory", "sendMessage", "getChatHistory"], requests.Select(TypeOf));
        Assert.Equal("HUMOcardbot", requests[3]["username"]!.GetValue<string>());
        Assert.Equal(FakeTdAccount.BankBotId, requests[4]["chat_id"]!.GetValue<long>());
        Assert.Equal(FakeTdAccount.BankBotId, requests[5]["chat_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task AfterAReconnectTheHistoryIsReadAgainAndTheMissedCreditConfirms()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        account.History[1] = TelegramCluster.BotMessage(1, 1_000_00);
        var card = await fixture.NewCardAsync(account);
        var cardId = card.GetPrimaryKeyString();
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        await WaitForAsync(account, 6);
        var transaction = await fixture.CreateAsync(cardId, 40_000_00);

        // Ready again without having been offline: nothing to read.
        account.Current!.PushConnectionState("connectionStateReady");
        account.Current.PushConnectionState("connectionStateConnecting");
        account.History[202] = TelegramCluster.BotMessage(202, transaction.AmountTiyin);
        await Task.Delay(300);
        Assert.Equal(6, account.Requests.Count);

        account.Current.PushConnectionState("connectionStateReady");
        await Paycue.Testing.Eventually.WaitAsync(
            () => fixture.Client.GetGrain<ITransactionGrain>(transaction.TransactionId).GetAsync(),
            t => t!.State == TransactionState.Confirmed, TimeSpan.FromSeconds(15), "the credit sent while offline confirms");

        var requests = account.Requests.ToList();
        Assert.Equal(["createPrivateChat", "getChatHistory"], requests.Skip(6).Select(TypeOf));
        Assert.Equal(0, requests[^1]["from_message_id"]!.GetValue<long>());
        Assert.Equal(1, account.ClientsCreated); // the same client: no re-activation involved
        Assert.DoesNotContain("sendMessage", account.RequestTypes);
    }

    [Fact]
    public async Task ABalanceGapReadsTheHistoryBackAndTheMissedCreditConfirms()
    {
        static JsonObject WithBalance(JsonObject message, string balance)
        {
            var text = message["content"]!["text"]!["text"]!.GetValue<string>();
            message["content"]!["text"]!["text"] = $"{text}\n💰 {balance} UZS";
            return message;
        }

        var account = new FakeTdAccount { LoggedIn = true };
        account.History[1] = WithBalance(TelegramCluster.BotMessage(1, 1_000_00), "10.000,00");
        var card = await fixture.NewCardAsync(account);
        var cardId = card.GetPrimaryKeyString();
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        await WaitForAsync(account, 6);
        var transaction = await fixture.CreateAsync(cardId, 40_000_00);

        // The payment's notification never arrives as an update; the next one does, and its balance gives it away.
        account.History[202] = WithBalance(TelegramCluster.BotMessage(202, transaction.AmountTiyin), "50.000,00");
        var next = WithBalance(TelegramCluster.BotMessage(303, 1_000_00), "51.000,00");
        account.History[303] = next;
        account.Current!.Push(TelegramCluster.NewMessage(next));

        await Paycue.Testing.Eventually.WaitAsync(
            () => fixture.Client.GetGrain<ITransactionGrain>(transaction.TransactionId).GetAsync(),
            t => t!.State == TransactionState.Confirmed, TimeSpan.FromSeconds(15), "the missed credit confirms after the gap");
        Assert.Equal(1, (await card.GetInfoAsync())!.BalanceGaps);
    }

    [Fact]
    public async Task AUsernameThatNowBelongsToSomeoneElseIsNeverRead()
    {
        var account = new FakeTdAccount { LoggedIn = true, PrivateChatFails = true, UsernameOwner = 777_000_111 };
        account.History[7] = TelegramCluster.BotMessage(7, 1_000_00);
        var card = await fixture.NewCardAsync(account);
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);

        // The watch keeps retrying (with backoff), and each time refuses the chat the username leads to.
        await Paycue.Testing.Eventually.WaitAsync(
            () => Task.FromResult(account.RequestTypes.Count(t => t == "searchPublicChat")), n => n >= 2, TimeSpan.FromSeconds(15), "two lookups");
        Assert.DoesNotContain("getChatHistory", account.RequestTypes);
        Assert.DoesNotContain("sendMessage", account.RequestTypes);
        Assert.Empty(await fixture.PaymentsAsync(card.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task ABotChatFoundOnceIsRememberedAndARestartMeetsItAgainWithoutALookup()
    {
        var account = new FakeTdAccount { LoggedIn = true, PrivateChatFails = true };
        account.History[7] = TelegramCluster.BotMessage(7, 1_000_00);
        var card = await fixture.NewCardAsync(account);
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        await Paycue.Testing.Eventually.WaitAsync(
            () => Task.FromResult(account.RequestTypes.Count(t => t == "getChatHistory")), n => n >= 1, TimeSpan.FromSeconds(15), "the first read");
        Assert.Equal(1, account.RequestTypes.Count(t => t == "searchPublicChat"));

        // The chat found reaches the card through the session's queue, after the read that used it: the card goes only
        // once it has saved the chat, or the restart has nothing to remember (a deactivation a moment earlier did).
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Paycue);
        await Paycue.Testing.Eventually.WaitAsync(
            async () =>
            {
                var saved = new GrainState<CardState>();
                await storage.ReadStateAsync("card", card.GetGrainId(), saved);
                return saved.State?.BotChats.Count ?? 0;
            },
            n => n >= 1, TimeSpan.FromSeconds(15), "the bot chat saved");
        await fixture.Cluster.DeactivateAsync(card);
        var before = account.Requests.Count;
        await card.GetInfoAsync(); // a new activation: a new client that knows no users
        await Paycue.Testing.Eventually.WaitAsync(
            () => Task.FromResult(account.Requests.Skip(before).Count(r => TypeOf(r) == "getChatHistory")), n => n >= 1, TimeSpan.FromSeconds(15), "the read after the restart");

        var afterRestart = account.Requests.Skip(before).Select(TypeOf).ToList();
        Assert.Equal(2, account.ClientsCreated);
        Assert.DoesNotContain("searchPublicChat", afterRestart);
        Assert.Equal(["createPrivateChat", "loadChats", "createPrivateChat", "getChatHistory"], afterRestart.Where(t => t is not ("getAuthorizationState" or "setTdlibParameters")).Take(4));
    }

    private static string TypeOf(JsonObject request) => request["@type"]!.GetValue<string>();

    private static async Task<IReadOnlyList<JsonObject>> WaitForAsync(FakeTdAccount account, int count)
    {
        await Paycue.Testing.Eventually.WaitAsync(
            () => Task.FromResult(string.Join(", ", account.RequestTypes)), _ => account.Requests.Count >= count, TimeSpan.FromSeconds(15), $"{count} requests");
        return account.Requests.ToList();
    }
}
