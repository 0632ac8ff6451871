using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Paycue.Grains.Alerts;
using Paycue.Grains.Cards;
using Paycue.Grains.Configuration;
using Paycue.Grains.Hosting;
using Paycue.Grains.Telegram;
using Paycue.Grains.Tests.Telegram;
using Paycue.Grains.Transactions;
using Paycue.Telegram;
using Paycue.Testing;
using Paycue.Testing.Telegram;

namespace Paycue.Grains.Tests.Alerts;

/// <summary>
/// One silo with scripted TDLib accounts and the alert bot pointed at a local fake Bot API: 2 s deadlines, 1 s
/// grace, feed-down alerts after 4 s, silence after 4 s, reminders every 6 s.
/// </summary>
public sealed class AlertCluster : IAsyncLifetime, ITelegramSessionFactory
{
    public static readonly TimeSpan Repeat = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan FeedDown = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(4);

    private static int nextLast4 = 1000 + Random.Shared.Next(0, 4000);

    private readonly string sessions = Path.Combine(Path.GetTempPath(), "paycue-alerts-" + Guid.NewGuid().ToString("N"));

    public ConcurrentDictionary<string, FakeTdAccount> Accounts { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public TransactionPlacer Placer { get; private set; } = null!;

    public FakeBotApi Bot { get; private set; } = null!;

    public PaycueOptions Options { get; private set; } = null!;

    public IAlertGrain Alerts => Cluster.Client.GetGrain<IAlertGrain>(0);

    public async Task InitializeAsync()
    {
        Bot = await FakeBotApi.StartAsync();
        Options = new PaycueOptions
        {
            AppId = 12345,
            AppHash = "0123456789abcdef0123456789abcdef",
            SessionKey = TelegramCluster.SessionKey,
            SessionDirectory = sessions,
            TransactionTimeout = TimeSpan.FromSeconds(2),
            ExpiryGrace = TimeSpan.FromSeconds(1),
            ExpiryHoldMax = TimeSpan.FromMinutes(5),
            AmountCooldown = TimeSpan.FromSeconds(30),
            ReminderPeriod = TimeSpan.FromSeconds(2),
            Alerts = new AlertOptions
            {
                BotToken = FakeBotApi.Token,
                ChatId = FakeBotApi.ChatId,
                BotApiUrl = new Uri(Bot.Url),
                Repeat = Repeat,
                FeedDown = FeedDown,
                Silence = Silence,
            },
        };
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<ITelegramSessionFactory>(this);
            silo.AddPaycueGrains(Options);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Placer = new TransactionPlacer(Cluster.Client, new CardCatalog(Cluster.Client, TimeProvider.System, Options));
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Bot.DisposeAsync();
        try
        {
            Directory.Delete(sessions, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public ITdClient CreateClient(string cardId) => Accounts[cardId].NewClient();

    public Task CloseAsync(ITdClient client, TimeSpan timeout) => Task.CompletedTask;

    /// <summary>A logged-in card with last four digits no other test uses (alert texts name cards by them).</summary>
    public async Task<(ICardGrain Card, FakeTdAccount Account, string Last4)> ReadyCardAsync()
    {
        var id = $"tg-alert-{Guid.NewGuid():N}";
        var last4 = Interlocked.Increment(ref nextLast4).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var account = Accounts[id] = new FakeTdAccount { LoggedIn = true };
        var card = Cluster.Client.GetGrain<ICardGrain>(id);
        await card.RegisterAsync(new CardSpec(id, CardKind.Telegram, last4, null, null, TelegramCluster.BankBot));
        await Eventually.WaitAsync(card.GetInfoAsync, info => info?.Status == CardStatus.Ready, TimeSpan.FromSeconds(20), "card ready");
        return (card, account, last4);
    }

    /// <summary>An Uzcard card with last four digits of its own, added to <paramref name="account"/> (which must be ready).</summary>
    public async Task<(ICardGrain Card, string Last4)> AddUzcardAsync(ICardGrain account)
    {
        var last4 = Interlocked.Increment(ref nextLast4).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var added = await account.AddCardAsync(new CardSpec("", CardKind.Telegram, last4, null, null, 0, CardBanks.Uzcard));
        Assert.Equal(LoginFailure.None, added.Failure);
        var card = Cluster.Client.GetGrain<ICardGrain>(added.Reason!);
        await Eventually.WaitAsync(card.GetInfoAsync, info => info?.Status == CardStatus.Ready, TimeSpan.FromSeconds(20), "Uzcard card ready");
        return (card, last4);
    }

    /// <summary>A logged-in account with no card yet (<c>POST /api/accounts</c> before any card is added).</summary>
    public async Task<ICardGrain> ReadyCardlessAccountAsync()
    {
        var id = $"tg-alert-account-{Guid.NewGuid():N}";
        Accounts[id] = new FakeTdAccount { LoggedIn = true };
        var account = Cluster.Client.GetGrain<ICardGrain>(id);
        await account.RegisterAsync(new CardSpec(id, CardKind.Telegram, null, null, null, TelegramCluster.BankBot, SessionOnly: true));
        await Eventually.WaitAsync(account.GetInfoAsync, info => info?.Status == CardStatus.Ready, TimeSpan.FromSeconds(20), "account ready");
        return account;
    }

    public async Task<TransactionView> CreateAsync(string cardId, long amountTiyin)
    {
        var placed = await Placer.PlaceAsync(amountTiyin, cardId, CancellationToken.None);
        Assert.Equal(PlacementStatus.Created, placed.Status);
        return placed.Transaction!;
    }

    /// <summary>The bot's messages that name this card.</summary>
    public IReadOnlyList<BotMessage> About(string last4) => Bot.Messages.Where(m => m.Text.Contains("*" + last4, StringComparison.Ordinal)).ToList();

    public Task<IReadOnlyList<BotMessage>> WaitAboutAsync(string last4, Func<IReadOnlyList<BotMessage>, bool> condition, string what, int seconds = 20) =>
        Eventually.WaitAsync(() => Task.FromResult(About(last4)), condition, TimeSpan.FromSeconds(seconds), what);

    public static JsonObject AuthorizationState(string type) => new()
    {
        ["@type"] = "updateAuthorizationState",
        ["authorization_state"] = new JsonObject { ["@type"] = type },
    };

    /// <summary>A Humo credit with the balance after it, as the bank bot writes it.</summary>
    public static JsonObject Credit(long id, long amountTiyin, long balanceTiyin, string last4, DateTimeOffset? at = null)
    {
        var message = TelegramCluster.BotMessage(id, amountTiyin, last4, at);
        var text = message["content"]!["text"]!["text"]!.GetValue<string>() + $"\n💰 {Paycue.Grains.Tests.Cluster.PaycueCluster.Humo(balanceTiyin)} UZS";
        message["content"]!["text"]!["text"] = text;
        return message;
    }
}
