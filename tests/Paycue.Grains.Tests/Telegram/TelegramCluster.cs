using Paycue.Testing.Telegram;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;
using Paycue.Grains.Cards;
using Paycue.Grains.Configuration;
using Paycue.Grains.Hosting;
using Paycue.Grains.Ledger;
using Paycue.Grains.Pool;
using Paycue.Grains.Telegram;
using Paycue.Grains.Transactions;
using Paycue.Telegram;

namespace Paycue.Grains.Tests.Telegram;

/// <summary>
/// Two silos, each with its own SESSION_DIR, sharing one session factory: cards named in <see cref="Accounts"/> get
/// scripted clients, every other card a real TDLib client from the process's one receive loop (offline: it gets as
/// far as asking for a phone number).
/// </summary>
public sealed class TelegramCluster : IAsyncLifetime, ITelegramSessionFactory
{
    public const string SessionKey = "grain-tests-session-key-0123";
    public const long BankBot = PaycueOptions.HumoCardBotId;

    private readonly MemoryCardStore _cardStore = new();
    private readonly MemoryTransactionStore _transactionStore;

    public MemoryLedgerStore Ledger { get; } = new();

    /// <summary>The sessions' lease table (this cluster's own, so a test can hold an account's lease itself).</summary>
    public MemorySessionLeases Leases { get; } = new();

    ISessionLeases ITelegramSessionFactory.Leases => Leases;

    private readonly TdlibSessionFactory _real;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "paycue-grain-tg-" + Guid.NewGuid().ToString("N"));

    public ConcurrentDictionary<string, FakeTdAccount> Accounts { get; } = new();

    /// <summary>What the sessions called on their cards, and a switch to make those calls fail.</summary>
    public CardCalls Calls { get; } = new();

    /// <summary>The real clients handed out, by card.</summary>
    public ConcurrentDictionary<string, TdClient> RealClients { get; } = new();

    public TelegramCluster()
    {
        _transactionStore = new MemoryTransactionStore(_cardStore);
        _real = new TdlibSessionFactory(NullLoggerFactory.Instance, Leases);
    }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public PaycueOptions Options { get; } = new()
    {
        AppId = 12345,
        AppHash = "0123456789abcdef0123456789abcdef",
        SessionKey = SessionKey,
        TransactionTimeout = TimeSpan.FromMinutes(5),
        LimitSom = 100,
    };

    public IClusterClient Client => Cluster.Client;

    public TransactionPlacer Placer { get; private set; } = null!;

    public string SessionDirectory(string siloName) => Path.Combine(Root, siloName);

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((silo, siloBuilder) =>
        {
            siloBuilder.Services.AddSingleton<ITelegramSessionFactory>(this);
            siloBuilder.AddPaycueGrains(Options with { SessionDirectory = SessionDirectory(silo.SiloName) });

            // Memory stores are per silo in production (one-silo mode); cards move between these two, so share them
            // as Redis would be shared.
            siloBuilder.Services.AddSingleton<ICardStore>(_cardStore);
            siloBuilder.Services.AddSingleton<ITransactionStore>(_transactionStore);
            siloBuilder.Services.AddSingleton<ILedgerStore>(Ledger);
            siloBuilder.AddIncomingGrainCallFilter(Calls);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Placer = new TransactionPlacer(Client, new CardCatalog(Client, TimeProvider.System, Options));
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public ITdClient CreateClient(string cardId)
    {
        if (Accounts.TryGetValue(cardId, out var account))
        {
            return account.NewClient();
        }

        var client = (TdClient)_real.CreateClient(cardId);
        RealClients[cardId] = client;
        return client;
    }

    public Task CloseAsync(ITdClient client, TimeSpan timeout) => _real.CloseAsync(client, timeout);

    /// <summary>Production's shape, in milliseconds instead of seconds and minutes.</summary>
    public CardSessionRetries Retries { get; } = new(
        CatchUpFirstDelay: TimeSpan.FromMilliseconds(100),
        CatchUpMaxDelay: TimeSpan.FromSeconds(1),
        HandOffFirstDelay: TimeSpan.FromMilliseconds(100),
        HandOffMaxDelay: TimeSpan.FromMilliseconds(500),
        HandOffGiveUpAfter: TimeSpan.FromSeconds(5));

    public async Task<ICardGrain> NewCardAsync(FakeTdAccount? account, string last4 = "7159")
    {
        var id = $"tg-test-{Guid.NewGuid():N}";
        if (account is not null)
        {
            Accounts[id] = account;
        }

        var card = Client.GetGrain<ICardGrain>(id);
        await card.RegisterAsync(new CardSpec(id, CardKind.Telegram, last4, null, null, BankBot));
        return card;
    }

    public async Task<CardInfo> WaitForStatusAsync(ICardGrain card, string status) =>
        (await Paycue.Testing.Eventually.WaitAsync(card.GetInfoAsync, info => info?.Status == status, TimeSpan.FromSeconds(20), $"card status {status}"))!;

    public async Task<TransactionView> CreateAsync(string cardId, long requestedTiyin)
    {
        var placed = await Placer.PlaceAsync(requestedTiyin, cardId, CancellationToken.None);
        Assert.Equal(PlacementStatus.Created, placed.Status);
        return placed.Transaction!;
    }

    public async Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(string cardId) =>
        (await Ledger.PaymentsAsync(PaymentFilter.All, null, null, 1000)).Where(p => p.CardId == cardId).ToList();

    /// <summary>A TDLib <c>message</c> object as the bank bot sends it into its private chat.</summary>
    public static JsonObject BotMessage(long id, long amountTiyin, string last4 = "7159", DateTimeOffset? at = null) => new()
    {
        ["@type"] = "message",
        ["id"] = id,
        ["sender_id"] = new JsonObject { ["@type"] = "messageSenderUser", ["user_id"] = BankBot },
        ["chat_id"] = BankBot,
        ["is_outgoing"] = false,
        ["date"] = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
        ["content"] = new JsonObject
        {
            ["@type"] = "messageText",
            ["text"] = new JsonObject
            {
                ["@type"] = "formattedText",
                ["text"] = $"🎉 To'ldirish\n➕ {Paycue.Grains.Tests.Cluster.PaycueCluster.Humo(amountTiyin)} UZS\n📍 TEST P2P\n💳 HUMOCARD *{last4}\n🕓 05:36 16.06.2026",
                ["entities"] = new JsonArray(),
            },
        },
    };

    public static JsonObject NewMessage(JsonObject message) => new() { ["@type"] = "updateNewMessage", ["message"] = message };
}

[CollectionDefinition(Name)]
public sealed class TelegramCollection : ICollectionFixture<TelegramCluster>
{
    public const string Name = nameof(TelegramCollection);
}
