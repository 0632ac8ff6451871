using Paycue.Testing.Telegram;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paycue.Grains.Tests.Telegram;

[Collection(TelegramCollection.Name)]
public sealed class BankBotWatchTests(TelegramCluster fixture)
{
    /// <summary>
    /// TDLib-shaped updates enter through the real TdClient's dispatcher (the path td_receive feeds), then the card's
    /// session, then the grain: only the genuine one confirms. Messages of other chats never reach the card.
    /// </summary>
    [Fact]
    public async Task UpdatesThroughTheReceiveDispatcherConfirmOnlyTheGenuineCredit()
    {
        var card = await fixture.NewCardAsync(account: null);
        var cardId = card.GetPrimaryKeyString();
        await fixture.WaitForStatusAsync(card, CardStatus.LoginRequired); // real TDLib, offline
        await card.OnSessionStatusAsync(CardStatus.Ready, null); // stand-in for a login this machine cannot do
        var client = fixture.RealClients[cardId];

        var forwarded = TelegramCluster.BotMessage(11, 20_000_00);
        forwarded["forward_info"] = new JsonObject { ["@type"] = "messageForwardInfo", ["date"] = 1 };
        var otherSender = TelegramCluster.BotMessage(12, 20_000_00);
        otherSender["sender_id"] = new JsonObject { ["@type"] = "messageSenderUser", ["user_id"] = 42 };
        otherSender["chat_id"] = 42;
        var outgoing = TelegramCluster.BotMessage(13, 20_000_00);
        outgoing["is_outgoing"] = true;
        var group = TelegramCluster.BotMessage(14, 20_000_00);
        group["chat_id"] = -100123;
        var photo = TelegramCluster.BotMessage(15, 20_000_00);
        photo["content"] = new JsonObject { ["@type"] = "messagePhoto", ["photo"] = new JsonObject { ["@type"] = "photo" } }; // no caption: no words
        var edited = new JsonObject
        {
            ["@type"] = "updateMessageContent",
            ["chat_id"] = TelegramCluster.BankBot,
            ["message_id"] = 16,
            ["new_content"] = TelegramCluster.BotMessage(16, 20_000_00)["content"]!.DeepClone(),
        };

        var transaction = await fixture.CreateAsync(cardId, 20_000_00);
        foreach (var update in new[]
        {
            TelegramCluster.NewMessage(forwarded), TelegramCluster.NewMessage(otherSender), TelegramCluster.NewMessage(outgoing),
            TelegramCluster.NewMessage(group), TelegramCluster.NewMessage(photo), edited,
        })
        {
            client.Post(JsonSerializer.SerializeToElement(update));
        }

        var refused = await Paycue.Testing.Eventually.WaitAsync(() => fixture.PaymentsAsync(cardId), p => p.Count == 2, TimeSpan.FromSeconds(10), "two refusals");
        Assert.Equal(
            [(11L, MatchOutcomes.Forwarded), (13L, MatchOutcomes.Outgoing)],
            refused.OrderBy(p => p.MessageId).Select(p => (p.MessageId, p.Outcome)));
        Assert.Equal(TransactionState.Active, (await fixture.Client.GetGrain<ITransactionGrain>(transaction.TransactionId).GetAsync())!.State);

        client.Post(JsonSerializer.SerializeToElement(TelegramCluster.NewMessage(TelegramCluster.BotMessage(17, transaction.AmountTiyin))));
        await Paycue.Testing.Eventually.WaitAsync(
            () => fixture.Client.GetGrain<ITransactionGrain>(transaction.TransactionId).GetAsync(),
            t => t!.State == TransactionState.Confirmed, TimeSpan.FromSeconds(10), "the genuine credit confirms");
        Assert.DoesNotContain(await fixture.PaymentsAsync(cardId), p => p.MessageId is 12 or 14 or 15 or 16);
    }

    [Fact]
    public async Task MessagesMissedWhileInactiveAreProcessedOnceAfterActivation()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var card = await fixture.NewCardAsync(account);
        var cardId = card.GetPrimaryKeyString();
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        var transaction = await fixture.CreateAsync(cardId, 30_000_00);

        await fixture.Cluster.DeactivateAsync(card);
        account.History[101] = TelegramCluster.BotMessage(101, transaction.AmountTiyin);

        await card.GetInfoAsync(); // activation: restore, start, catch up
        await Paycue.Testing.Eventually.WaitAsync(
            () => fixture.Client.GetGrain<ITransactionGrain>(transaction.TransactionId).GetAsync(),
            t => t!.State == TransactionState.Confirmed, TimeSpan.FromSeconds(15), "the missed credit confirms");
        Assert.Equal(2, account.ClientsCreated);

        // The same message again, live: processed as a duplicate, never a second confirmation nor a second row. The
        // session hands messages over in order, so once the next message's row is there, the replay was processed.
        account.Current!.Push(TelegramCluster.NewMessage(TelegramCluster.BotMessage(101, transaction.AmountTiyin)));
        account.Current!.Push(TelegramCluster.NewMessage(TelegramCluster.BotMessage(102, 123_00)));
        var payments = await Paycue.Testing.Eventually.WaitAsync(() => fixture.PaymentsAsync(cardId), p => p.Count == 2, TimeSpan.FromSeconds(10), "the next message recorded");
        Assert.Equal([(101L, MatchOutcomes.Confirmed), (102L, MatchOutcomes.NoOpenTransaction)], payments.OrderBy(p => p.MessageId).Select(p => (p.MessageId, p.Outcome)));
        Assert.Single(payments, p => p.TransactionId == transaction.TransactionId);
    }

    [Fact]
    public async Task ACreditSentAsAPhotoWithACaptionConfirmsLikeText()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var card = await fixture.NewCardAsync(account);
        var cardId = card.GetPrimaryKeyString();
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        var transaction = await fixture.CreateAsync(cardId, 25_000_00);

        var photo = TelegramCluster.BotMessage(201, transaction.AmountTiyin);
        photo["content"] = new JsonObject
        {
            ["@type"] = "messagePhoto",
            ["photo"] = new JsonObject { ["@type"] = "photo", ["has_stickers"] = false, ["sizes"] = new JsonArray() },
            ["caption"] = photo["content"]!["text"]!.DeepClone(),
            ["show_caption_above_media"] = false,
            ["has_spoiler"] = false,
            ["is_secret"] = false,
        };
        account.Current!.Push(TelegramCluster.NewMessage(photo));

        await Paycue.Testing.Eventually.WaitAsync(
            () => fixture.Client.GetGrain<ITransactionGrain>(transaction.TransactionId).GetAsync(),
            t => t!.State == TransactionState.Confirmed, TimeSpan.FromSeconds(15), "the captioned credit confirms");
        await Paycue.Testing.Eventually.WaitAsync(
            () => fixture.PaymentsAsync(cardId), p => p.Any(r => r.MessageId == 201 && r.Outcome == MatchOutcomes.Confirmed),
            TimeSpan.FromSeconds(10), "the captioned credit recorded as confirmed");
    }
}
