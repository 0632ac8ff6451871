using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Paycue.Grains.Cards;
using Paycue.Grains.Configuration;
using Paycue.Grains.Hosting;
using Paycue.Grains.Telegram;
using Paycue.Grains.Transactions;
using Paycue.Telegram;
using Paycue.Testing;
using Paycue.Testing.Telegram;

namespace Paycue.Grains.Tests.Telegram;

/// <summary>One silo, scripted TDLib accounts, 2 s deadlines, 1 s grace and a 5 s EXPIRY_HOLD_MAX.</summary>
public sealed class FeedHoldCluster : IAsyncLifetime, ITelegramSessionFactory
{
    public ConcurrentDictionary<string, FakeTdAccount> Accounts { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public TransactionPlacer Placer { get; private set; } = null!;

    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan HoldMax = TimeSpan.FromSeconds(5);

    private readonly string sessions = Path.Combine(Path.GetTempPath(), "paycue-feed-hold-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        var options = new PaycueOptions
        {
            AppId = 12345,
            AppHash = "0123456789abcdef0123456789abcdef",
            SessionKey = TelegramCluster.SessionKey,
            SessionDirectory = sessions,
            TransactionTimeout = TimeSpan.FromSeconds(2),
            ExpiryGrace = Grace,
            ExpiryHoldMax = HoldMax,
            AmountCooldown = TimeSpan.FromSeconds(30),
        };
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<ITelegramSessionFactory>(this);
            silo.AddPaycueGrains(options);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Placer = new TransactionPlacer(Cluster.Client, new CardCatalog(Cluster.Client, TimeProvider.System, options));
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
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

    public async Task<(ICardGrain Card, FakeTdAccount Account)> ReadyCardAsync()
    {
        var id = $"tg-hold-{Guid.NewGuid():N}";
        var account = Accounts[id] = new FakeTdAccount { LoggedIn = true };
        var card = Cluster.Client.GetGrain<ICardGrain>(id);
        await card.RegisterAsync(new CardSpec(id, CardKind.Telegram, "7159", null, null, TelegramCluster.BankBot));
        await Eventually.WaitAsync(card.GetInfoAsync, info => info?.Status == CardStatus.Ready, TimeSpan.FromSeconds(20), "card ready");
        return (card, account);
    }

    public async Task<TransactionView> CreateAsync(string cardId, long amountTiyin)
    {
        var placed = await Placer.PlaceAsync(amountTiyin, cardId, CancellationToken.None);
        Assert.Equal(PlacementStatus.Created, placed.Status);
        return placed.Transaction!;
    }
}

/// <summary>Nothing is expired while its payment may still be unread: a card whose feed is not caught up holds expiry.</summary>
public sealed class FeedHoldTests(FeedHoldCluster fixture) : IClassFixture<FeedHoldCluster>
{
    private ITransactionGrain Transaction(TransactionView tx) => fixture.Cluster.Client.GetGrain<ITransactionGrain>(tx.TransactionId);

    [Fact]
    public async Task ACardWhoseFeedIsDownHoldsExpiryThenCancelsWithFeedDown()
    {
        var (card, account) = await fixture.ReadyCardAsync();
        account.Current!.PushConnectionState("connectionStateConnecting");
        await card.OnFeedStateAsync(false);
        var tx = await fixture.CreateAsync(card.GetPrimaryKeyString(), 81_000_000);

        // Deadline and grace passed, but payments may sit unread behind the broken connection.
        await Task.Delay(tx.ExpiresAt + FeedHoldCluster.Grace - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5));
        Assert.Equal(TransactionState.Active, (await Transaction(tx).GetAsync())!.State);

        // EXPIRY_HOLD_MAX later the merchant is told, with a reason that says why.
        var view = await Eventually.WaitAsync(() => Transaction(tx).GetAsync(), v => v!.State == TransactionState.Cancelled, TimeSpan.FromSeconds(15), "the feed_down cancel");
        Assert.Equal("feed_down", view!.CancelReason);
        Assert.True(view.CancelledAt >= tx.ExpiresAt + FeedHoldCluster.Grace + FeedHoldCluster.HoldMax, $"cancelled at {view.CancelledAt:O}, deadline {tx.ExpiresAt:O}");
    }

    [Fact]
    public async Task OnceTheFeedHasCaughtUpTheHeldTransactionsExpire()
    {
        var (card, account) = await fixture.ReadyCardAsync();
        account.Current!.PushConnectionState("connectionStateConnecting");
        await card.OnFeedStateAsync(false);
        var tx = await fixture.CreateAsync(card.GetPrimaryKeyString(), 82_000_000);
        await Task.Delay(tx.ExpiresAt + FeedHoldCluster.Grace - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        Assert.Equal(TransactionState.Active, (await Transaction(tx).GetAsync())!.State);

        // The session reports it has read everything (as it does after a successful catch-up): nothing was paid.
        await card.OnFeedStateAsync(true);
        var view = await Eventually.WaitAsync(() => Transaction(tx).GetAsync(), v => v!.State == TransactionState.Cancelled, TimeSpan.FromSeconds(3), "the expiry once caught up");
        Assert.Equal("expired", view!.CancelReason);
    }

    [Fact]
    public async Task APaymentReadByTheCatchUpAfterAMoveConfirmsInsteadOfBeingCancelledFirst()
    {
        var (card, account) = await fixture.ReadyCardAsync();
        var tx = await fixture.CreateAsync(card.GetPrimaryKeyString(), 83_000_000);

        // The card goes (a silo died); the payer paid in time; the card comes back only after deadline and grace.
        await fixture.Cluster.DeactivateAsync(card);
        account.History[201] = TelegramCluster.BotMessage(201, tx.AmountTiyin, at: tx.ExpiresAt.AddSeconds(-1));
        await Task.Delay(tx.ExpiresAt + FeedHoldCluster.Grace - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));

        await card.GetInfoAsync(); // activation: overdue, but the catch-up must read first
        var view = await Eventually.WaitAsync(() => Transaction(tx).GetAsync(), v => v!.State != TransactionState.Active, TimeSpan.FromSeconds(15), "the transaction closing");
        Assert.Equal(TransactionState.Confirmed, view!.State);
    }
}
