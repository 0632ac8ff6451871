using Paycue.Grains.Configuration;
using Paycue.Grains.Telegram;
using Paycue.Grains.Tests.Telegram;
using Paycue.Testing;
using Paycue.Testing.Telegram;
using static Paycue.Grains.Tests.Accounts.BankBotMessages;

namespace Paycue.Grains.Tests.Accounts;

/// <summary>
/// <c>WATCH_ID</c> and <c>UZCARD_WATCH_ID</c> override the bank bots' ids: an account trusts exactly the configured bot
/// of each bank, opens their chats by id (never looking a username up), and follows a changed setting after a
/// restart for every card it carries.
/// </summary>
public sealed class ConfiguredBankBotTests : IAsyncLifetime
{
    private const long HumoBot = 700_000_001;
    private const long UzcardBot = 700_000_002;

    private readonly ScriptedAccountsCluster cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task EachBanksConfiguredBotPaysItsCardAndTheDefaultBotsPayNothing()
    {
        await cluster.StartAsync(o => o with { WatchId = HumoBot, UzcardWatchId = UzcardBot });
        var (account, uzcard, fake) = await AccountAsync(HumoBot, "7159", CardBanks.Uzcard, "8346");
        var accountId = account.GetPrimaryKeyString();
        var uzcardId = uzcard.GetPrimaryKeyString();
        Assert.Equal(UzcardBot, (await uzcard.GetInfoAsync())!.Spec.BankBotUserId);

        var onHumo = await cluster.CreateAsync(accountId, 52_000_00);
        var onUzcard = await cluster.CreateAsync(uzcardId, 52_000_00);

        // The default bots' ids are nobody here: their credits, even handed to the account directly, pay nothing.
        var fromDefaultHumo = await account.OnBankMessageAsync(Message(PaycueOptions.HumoCardBotId, 901, $"🎉 To'ldirish\n➕ 52.000,00 UZS\n💳 HUMOCARD *7159"));
        var fromDefaultUzcard = await account.OnBankMessageAsync(Message(FakeTdAccount.UzcardBotId, 902, "🟢 Perevod na kartu\n➕ 52 000.00 UZS\n💳 ***8346"));
        Assert.Equal((MatchOutcomes.UntrustedSender, MatchOutcomes.UntrustedSender), (fromDefaultHumo.Outcome, fromDefaultUzcard.Outcome));
        Assert.Equal(TransactionState.Active, await cluster.StateAsync(onHumo.TransactionId));
        Assert.Equal(TransactionState.Active, await cluster.StateAsync(onUzcard.TransactionId));

        Deliver(fake, Sent(UzcardCredit(903, onUzcard.AmountTiyin, "8346"), from: UzcardBot));
        Deliver(fake, Sent(TelegramCluster.BotMessage(904, onHumo.AmountTiyin, "7159"), from: HumoBot));
        await cluster.WaitForStateAsync(onUzcard.TransactionId, TransactionState.Confirmed, "UZCARD_WATCH_ID's credit confirms the Uzcard card");
        await cluster.WaitForStateAsync(onHumo.TransactionId, TransactionState.Confirmed, "WATCH_ID's credit confirms the Humo card");

        // Both chats were opened by the configured ids; no username was looked up.
        var opened = fake.Requests.Where(r => r["@type"]!.GetValue<string>() == "createPrivateChat").Select(r => r["user_id"]!.GetValue<long>()).ToHashSet();
        Assert.Equal([HumoBot, UzcardBot], opened.Order());
        Assert.DoesNotContain(fake.Requests, r => r["@type"]!.GetValue<string>() == "searchPublicChat");
    }

    /// <summary>
    /// A further card keeps the bot id it was registered with in its spec, and checks the sender of every message its
    /// account hands it. After a restart with another WATCH_ID the account trusts only the new bot, and its further Humo
    /// card must too: before, it refused the new bot's credit as untrusted_sender, and the account's own card still paid
    /// a credit from the old id.
    /// </summary>
    [Fact]
    public async Task AfterARestartWithAnotherWatchIdEveryCardOfTheAccountTrustsOnlyTheNewBot()
    {
        const long oldBot = 700_000_011;
        const long newBot = 700_000_012;
        await cluster.StartAsync(o => o with { WatchId = oldBot });
        var (account, further, fake) = await AccountAsync(oldBot, "7159", CardBanks.Humo, "7160");
        var accountId = account.GetPrimaryKeyString();
        var furtherId = further.GetPrimaryKeyString();
        Assert.Equal(oldBot, (await further.GetInfoAsync())!.Spec.BankBotUserId);

        await cluster.StartAsync(o => o with { WatchId = newBot });
        (account, further) = (cluster.Client.GetGrain<ICardGrain>(accountId), cluster.Client.GetGrain<ICardGrain>(furtherId));
        await cluster.WaitForStatusAsync(account, CardStatus.Ready);
        await cluster.WaitForStatusAsync(further, CardStatus.Ready);
        var onFurther = await cluster.CreateAsync(furtherId, 53_000_00);
        var onFirst = await cluster.CreateAsync(accountId, 53_000_00);

        var fromOld = await account.OnBankMessageAsync(Message(oldBot, 911, "🎉 To'ldirish\n➕ 53.000,00 UZS\n💳 HUMOCARD *7159"));
        Assert.Equal(MatchOutcomes.UntrustedSender, fromOld.Outcome);
        Assert.Equal(TransactionState.Active, await cluster.StateAsync(onFirst.TransactionId));

        Deliver(fake, Sent(TelegramCluster.BotMessage(912, onFurther.AmountTiyin, "7160"), from: newBot));
        await cluster.WaitForStateAsync(onFurther.TransactionId, TransactionState.Confirmed, "the new bot's credit confirms the further card");
        Assert.All(await account.ListAccountCardsAsync(), c => Assert.Equal(newBot, c.BankBotUserId));
        Assert.Equal(TransactionState.Active, await cluster.StateAsync(onFirst.TransactionId));
    }

    /// <summary>A logged-in account whose first card is Humo <paramref name="last4"/>, with a further card added to it.</summary>
    private async Task<(ICardGrain Account, ICardGrain Further, FakeTdAccount Fake)> AccountAsync(long humoBot, string last4, string furtherBank, string furtherLast4)
    {
        var id = TelegramCardIds.FromPhone($"+99890{Random.Shared.Next(1_000_000, 9_999_999)}");
        var fake = cluster.Accounts[id] = new FakeTdAccount { LoggedIn = true };
        var account = cluster.Client.GetGrain<ICardGrain>(id);
        await account.RegisterAsync(new CardSpec(id, CardKind.Telegram, last4, null, "Owner", humoBot, CardBanks.Humo));
        await cluster.WaitForStatusAsync(account, CardStatus.Ready);
        var added = await account.AddCardAsync(new CardSpec("", CardKind.Telegram, furtherLast4, null, "Owner", 0, furtherBank));
        Assert.True(added.Succeeded, added.Reason);
        var further = cluster.Client.GetGrain<ICardGrain>(added.Reason!);
        await cluster.WaitForStatusAsync(further, CardStatus.Ready);
        return (account, further, fake);
    }

    /// <summary>A message from <paramref name="sender"/> in its private chat with the account.</summary>
    private static BankMessage Message(long sender, long messageId, string text) =>
        new(sender, sender, messageId, DateTimeOffset.UtcNow, text, false, false, true);
}
