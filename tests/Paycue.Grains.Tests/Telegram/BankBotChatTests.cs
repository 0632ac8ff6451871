using System.Text.Json.Nodes;
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

    private static string TypeOf(JsonObject request) => request["@type"]!.GetValue<string>();

    private static async Task<IReadOnlyList<JsonObject>> WaitForAsync(FakeTdAccount account, int count)
    {
        await Paycue.Testing.Eventually.WaitAsync(
            () => Task.FromResult(string.Join(", ", account.RequestTypes)), _ => account.Requests.Count >= count, TimeSpan.FromSeconds(15), $"{count} requests");
        return account.Requests.ToList();
    }
}
