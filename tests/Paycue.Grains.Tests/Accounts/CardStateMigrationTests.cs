using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Paycue.Grains.Cards;
using Paycue.Grains.Configuration;
using Paycue.Grains.Hosting;
using Paycue.Grains.Ledger;
using Paycue.Grains.Telegram;
using Paycue.Grains.Transactions;
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
public sealed class CardStateMigrationTests : IAsyncLifetime, ITelegramSessionFactory
{
    private readonly ConcurrentDictionary<string, FakeTdAccount> accounts = new();
    private readonly string sessions = Path.Combine(Path.GetTempPath(), "paycue-migration-" + Guid.NewGuid().ToString("N"));
    private RedisServer redis = null!;
    private InProcessTestCluster cluster = null!;
    private PaycueOptions options = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        options = new PaycueOptions
        {
            AppId = 12345,
            AppHash = "0123456789abcdef0123456789abcdef",
            SessionKey = TelegramCluster.SessionKey,
            SessionDirectory = sessions,
            RedisAddress = redis.Address,
            ServiceId = $"migration-{Guid.NewGuid():N}",
            TransactionTimeout = TimeSpan.FromSeconds(3),
            ExpiryGrace = TimeSpan.FromSeconds(1),
        };
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<ITelegramSessionFactory>(this);
            silo.AddPaycueGrains(options);
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        await redis.DisposeAsync();
        try
        {
            Directory.Delete(sessions, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    ITdClient ITelegramSessionFactory.CreateClient(string cardId) => accounts[cardId].NewClient();

    Task ITelegramSessionFactory.CloseAsync(ITdClient client, TimeSpan timeout) => Task.CompletedTask;

    [Fact]
    public async Task ACardStoredBeforeAccountsIsItsAccountsFirstCardAndKeepsItsSessionAndTransactions()
    {
        var id = TelegramCardIds.FromPhone("+998901234567");
        accounts[id] = new FakeTdAccount { LoggedIn = true };
        var fake = accounts[id];

        // The session directory as it was sealed before the upgrade.
        var before = Path.Combine(sessions, "before");
        Directory.CreateDirectory(before);
        await File.WriteAllTextAsync(Path.Combine(before, "td.binlog"), "session-bytes");
        var snapshot = SessionSnapshot.Pack(before, TelegramCluster.SessionKey);

        var card = cluster.Client.GetGrain<ICardGrain>(id);
        var storage = cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Paycue);
        await storage.WriteStateAsync("card", card.GetGrainId(), new GrainState<CardStateBeforeAccounts>(new CardStateBeforeAccounts
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
        Assert.Equal("session-bytes", await File.ReadAllTextAsync(Path.Combine(sessions, id, "td.binlog")));
        Assert.Equal([id], (await card.ListAccountCardsAsync()).Select(c => c.CardId));

        var placer = new TransactionPlacer(cluster.Client, new CardCatalog(cluster.Client, TimeProvider.System, options));
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
        Assert.True(DateTimeOffset.UtcNow >= unpaid.ExpiresAt + options.ExpiryGrace);
        Assert.Equal("expired", expired!.CancelReason);

        // The upgraded account takes a second card beside the first.
        var added = await card.AddCardAsync(new CardSpec("", CardKind.Telegram, "8346", null, "Owner", 0, CardBanks.Uzcard));
        Assert.True(added.Succeeded, added.Reason);
        Assert.Equal($"{id}.uzcard-8346", added.Reason);
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
