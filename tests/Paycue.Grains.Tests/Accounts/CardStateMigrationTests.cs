using Orleans.Storage;
using Paycue.Grains.Configuration;
using Paycue.Grains.Telegram;
using Paycue.Grains.Tests.Telegram;
using Paycue.Telegram;
using Paycue.Testing;
using Paycue.Testing.Telegram;

namespace Paycue.Grains.Tests.Accounts;

/// <summary>
/// A deployment upgrading to accounts: a card's Redis state as the code before accounts wrote it (one spec with no
/// bank and no account, a sealed session snapshot) loads into the new shape. The card is its account's first card
/// under the same id, its session is restored from the snapshot, and its transactions confirm and expire as before.
/// </summary>
public sealed class CardStateMigrationTests : IAsyncLifetime
{
    private readonly ScriptedAccountsCluster cluster = new();

    public Task InitializeAsync() => cluster.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task ACardStoredBeforeAccountsIsItsAccountsFirstCardAndKeepsItsSessionAndTransactions()
    {
        var id = TelegramCardIds.FromPhone("+998901234567");
        var fake = cluster.Accounts[id] = new FakeTdAccount { LoggedIn = true };

        // The session directory as it was sealed before the upgrade.
        var before = Path.Combine(cluster.SessionDirectory, "before");
        Directory.CreateDirectory(before);
        await File.WriteAllTextAsync(Path.Combine(before, "td.binlog"), "session-bytes");
        var snapshot = SessionSnapshot.Pack(before, TelegramCluster.SessionKey);

        var card = cluster.Client.GetGrain<ICardGrain>(id);
        await cluster.Storage.WriteStateAsync("card", card.GetGrainId(), new GrainState<CardStateBeforeAccounts>(new CardStateBeforeAccounts
        {
            Spec = new CardSpecBeforeAccounts(id, CardKind.Telegram, "7159", "9860000000007159", "Owner", PaycueOptions.HumoCardBotId),
            Status = CardStatus.Ready,
            LastMessageId = 0,
            RegisteredAt = DateTimeOffset.UtcNow.AddDays(-30),
            SessionSnapshot = snapshot,
        }));

        var info = await Eventually.WaitAsync(card.GetInfoAsync, i => i?.Status == CardStatus.Ready, TimeSpan.FromSeconds(20), "the stored card ready");
        Assert.Equal(CardBanks.Humo, info!.Spec.BankName);
        Assert.Equal(id, info.Spec.Account);
        Assert.False(info.Spec.IsHosted);
        Assert.Equal("session-bytes", await File.ReadAllTextAsync(Path.Combine(cluster.SessionDirectory, id, "td.binlog")));
        Assert.Equal([id], (await card.ListAccountCardsAsync()).Select(c => c.CardId));

        var placer = cluster.Placer();
        var paid = (await placer.PlaceAsync(61_000_00, id, CancellationToken.None)).Transaction!;
        var unpaid = (await placer.PlaceAsync(62_000_00, id, CancellationToken.None)).Transaction!;
        Assert.Equal(id, paid.CardId);

        var message = TelegramCluster.BotMessage(501, paid.AmountTiyin);
        fake.History[501] = message;
        fake.Current!.Push(TelegramCluster.NewMessage((System.Text.Json.Nodes.JsonObject)message.DeepClone()));
        await Eventually.WaitAsync(() => cluster.Client.GetGrain<ITransactionGrain>(paid.TransactionId).GetAsync(),
            t => t?.State == TransactionState.Confirmed, TimeSpan.FromSeconds(20), "the migrated card's transaction confirms");
        var expired = await Eventually.WaitAsync(() => cluster.Client.GetGrain<ITransactionGrain>(unpaid.TransactionId).GetAsync(),
            t => t?.State == TransactionState.Cancelled, TimeSpan.FromSeconds(30), "the unpaid one expires");
        Assert.True(DateTimeOffset.UtcNow >= unpaid.ExpiresAt + cluster.Options.ExpiryGrace);
        Assert.Equal("expired", expired!.CancelReason);

        // The upgraded account takes a second card beside the first.
        var added = await card.AddCardAsync(new CardSpec("", CardKind.Telegram, "8346", null, "Owner", 0, CardBanks.Uzcard));
        Assert.True(added.Succeeded, added.Reason);
        Assert.Equal($"{id}.uzcard-8346", added.Reason);
    }

    /// <summary>
    /// Before accounts a card could be stored without a last4, and then any credit its bank bot sent (to the owner's
    /// personal card on the same phone too) could pay its orders. Upgraded, such a card takes no transaction and a
    /// credit to it is recorded as <c>unknown_card</c>; given its last4 with its bank, the same card (same id, same
    /// session) takes transactions and is paid only by credits naming that last4.
    /// </summary>
    [Fact]
    public async Task ACardStoredWithoutALast4TakesNothingAndConfirmsNothingUntilItIsGivenOne()
    {
        var id = TelegramCardIds.FromPhone("+998901234568");
        var fake = cluster.Accounts[id] = new FakeTdAccount { LoggedIn = true };
        var card = cluster.Client.GetGrain<ICardGrain>(id);
        await cluster.Storage.WriteStateAsync("card", card.GetGrainId(), new GrainState<CardStateBeforeAccounts>(new CardStateBeforeAccounts
        {
            Spec = new CardSpecBeforeAccounts(id, CardKind.Telegram, null, null, "Owner", PaycueOptions.HumoCardBotId),
            Status = CardStatus.Ready,
            RegisteredAt = DateTimeOffset.UtcNow.AddDays(-30),
        }));

        await Eventually.WaitAsync(card.GetInfoAsync, i => i?.Status == CardStatus.Ready, TimeSpan.FromSeconds(20), "the stored card ready");
        Assert.Null((await card.QuoteAsync(63_000_00)).OffsetSteps);
        var refused = await cluster.Placer().PlaceAsync(63_000_00, id, CancellationToken.None);
        Assert.Equal(PlacementStatus.CardNotReady, refused.Status);

        // The bank bot reports a credit to some card of this phone: no card Paycue manages has that last4.
        Deliver(fake, TelegramCluster.BotMessage(601, 63_000_00, "4444"));
        var row = await Eventually.WaitAsync(
            async () => (await cluster.PaymentsAsync(id)).SingleOrDefault(p => p.MessageId == 601),
            p => p is not null, TimeSpan.FromSeconds(20), "the credit recorded");
        Assert.Equal((MatchOutcomes.UnknownCard, (Guid?)null), (row!.Outcome, row.TransactionId));

        var given = await card.AddCardAsync(new CardSpec("", CardKind.Telegram, "7159", null, "Owner", 0, CardBanks.Humo));
        Assert.True(given.Succeeded, given.Reason);
        Assert.Equal(id, given.Reason); // the first card, in place
        Assert.Equal("7159", (await card.GetInfoAsync())!.Spec.Last4);
        var open = await cluster.CreateAsync(id, 63_000_00);

        Deliver(fake, TelegramCluster.BotMessage(602, open.AmountTiyin, "4444"));
        Deliver(fake, TelegramCluster.BotMessage(603, open.AmountTiyin, "7159"));
        await cluster.WaitForStateAsync(open.TransactionId, TransactionState.Confirmed, "the credit naming the card's last4 confirms");
        var rows = await Eventually.WaitAsync(
            () => cluster.PaymentsAsync(id), r => r.Any(p => p.MessageId == 603), TimeSpan.FromSeconds(20), "the confirming credit's row, written after the confirm");
        Assert.Equal(MatchOutcomes.UnknownCard, rows.Single(p => p.MessageId == 602).Outcome);
        Assert.Equal(open.TransactionId, rows.Single(p => p.MessageId == 603).TransactionId);
    }

    /// <summary>Into the chat's history (a catch-up reads it) and as a live update: the card deduplicates the two.</summary>
    private static void Deliver(FakeTdAccount fake, System.Text.Json.Nodes.JsonObject message)
    {
        fake.History[message["id"]!.GetValue<long>()] = message;
        fake.Current!.Push(TelegramCluster.NewMessage((System.Text.Json.Nodes.JsonObject)message.DeepClone()));
    }

    /// <summary>CardState as the code before accounts declared it, property for property.</summary>
    private sealed class CardStateBeforeAccounts
    {
        public CardSpecBeforeAccounts? Spec { get; set; }

        public string Status { get; set; } = CardStatus.Unregistered;

        public string? StatusReason { get; set; }

        public long? LastBalanceTiyin { get; set; }

        public long BalanceGaps { get; set; }

        public DateTimeOffset? LastGapAt { get; set; }

        public long LastMessageId { get; set; }

        public DateTimeOffset? RegisteredAt { get; set; }

        public byte[]? SessionSnapshot { get; set; }
    }

    private sealed record CardSpecBeforeAccounts(string CardId, CardKind Kind, string? Last4, string? Number, string? Owner, long BankBotUserId);
}
