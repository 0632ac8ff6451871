using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Reminders;
using Orleans.TestingHost;
using Paycue.Grains.Cards;
using Paycue.Grains.Configuration;
using Paycue.Grains.Hosting;
using Paycue.Grains.Transactions;
using Paycue.Testing;

namespace Paycue.Grains.Tests.Cluster;

/// <summary>
/// The production timeouts (30-minute expiry, 5 s webhook backoff) driven by a fake clock: grains, their timers and
/// Orleans' reminders read it, while membership and messaging keep real time.
/// </summary>
public sealed class FakeTimeCluster : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public TransactionPlacer Placer { get; private set; } = null!;

    public PaycueOptions Options { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        Options = new PaycueOptions { Sandbox = true, SandboxCards = 1, WebhookUrl = new Uri(Receiver.Url) };
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddPaycueGrains(Options);
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Time);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Placer = new TransactionPlacer(Cluster.Client, new CardCatalog(Cluster.Client, TimeProvider.System, Options));
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

public sealed class FakeTimeTests(FakeTimeCluster fixture) : IClassFixture<FakeTimeCluster>
{
    private async Task<(TransactionView Tx, ITransactionGrain Grain)> CreateAsync(long amountTiyin)
    {
        var placed = await fixture.Placer.PlaceAsync(amountTiyin, "sandbox-1", CancellationToken.None);
        Assert.Equal(PlacementStatus.Created, placed.Status);
        return (placed.Transaction!, fixture.Cluster.Client.GetGrain<ITransactionGrain>(placed.Transaction!.TransactionId));
    }

    [Fact]
    public async Task TransactionExpiresAfterThirtyMinutesAndTheTwoMinuteGraceOfClockTime()
    {
        var (tx, grain) = await CreateAsync(1_000_000);
        Assert.Equal(TimeSpan.FromMinutes(30), tx.ExpiresAt - tx.CreatedAt);

        fixture.Time.Advance(TimeSpan.FromMinutes(29));
        await Task.Delay(300);
        Assert.Equal(TransactionState.Active, (await grain.GetAsync())!.State);

        // Past the deadline, within EXPIRY_GRACE (2 min): still open for a payment made in time and read late.
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        await Task.Delay(300);
        Assert.Equal(TransactionState.Active, (await grain.GetAsync())!.State);

        fixture.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var view = await Eventually.WaitAsync(() => grain.GetAsync(), v => v!.State == TransactionState.Cancelled, TimeSpan.FromSeconds(10), "expiry");
        Assert.Equal("expired", view!.CancelReason);
        Assert.True(view.CancelledAt >= tx.ExpiresAt + TimeSpan.FromMinutes(2), $"cancelled at {view.CancelledAt}, expires at {tx.ExpiresAt}");
        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(5));
        Assert.Equal("cancel", hooks[0].Action);
    }

    [Fact]
    public async Task TenMinuteTtlExpiresAtItsOwnDeadlinePlusGraceWhileADefaultOneStaysOpen()
    {
        var order = new OrderDetails("order-ttl-1", "{\"cart\":[1,2]}", "https://shop.example/o/1");
        var placed = await fixture.Placer.PlaceAsync(4_000_000, "sandbox-1", CancellationToken.None, null, TimeSpan.FromMinutes(10), order);
        Assert.Equal(PlacementStatus.Created, placed.Status);
        var tx = placed.Transaction!;
        var grain = fixture.Cluster.Client.GetGrain<ITransactionGrain>(tx.TransactionId);
        Assert.Equal(TimeSpan.FromMinutes(10), tx.ExpiresAt - tx.CreatedAt);
        Assert.Equal(order, (await grain.GetAsync())!.Order);
        var (other, otherGrain) = await CreateAsync(5_000_000);

        // Past its own deadline, within the grace: open; past both: cancelled by its card, the default one still open.
        fixture.Time.Advance(TimeSpan.FromMinutes(11));
        await Task.Delay(300);
        Assert.Equal(TransactionState.Active, (await grain.GetAsync())!.State);
        fixture.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var view = await Eventually.WaitAsync(() => grain.GetAsync(), v => v!.State == TransactionState.Cancelled, TimeSpan.FromSeconds(10), "ttl expiry");
        Assert.Equal("expired", view!.CancelReason);
        Assert.True(view.CancelledAt >= tx.ExpiresAt + TimeSpan.FromMinutes(2), $"cancelled at {view.CancelledAt}, expires at {tx.ExpiresAt}");
        Assert.Equal(TransactionState.Active, (await otherGrain.GetAsync())!.State);
        Assert.Equal(TimeSpan.FromMinutes(30), other.ExpiresAt - other.CreatedAt);

        // The cancel webhook: the original three fields first, the order's appended.
        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(5));
        var names = hooks[0].Json.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["action", "amount", "transaction_id", "card_id", "requested_amount", "order_id", "metadata"], names);
        Assert.Equal("order-ttl-1", hooks[0].Json.GetProperty("order_id").GetString());
        Assert.Equal("{\"cart\":[1,2]}", hooks[0].Json.GetProperty("metadata").GetRawText());
        await otherGrain.CancelAsync("test");
    }

    [Fact]
    public async Task PaymentMadeAMinuteBeforeTheDeadlineAndReadAMinuteAfterItConfirms()
    {
        var (tx, grain) = await CreateAsync(3_000_000);
        fixture.Time.Advance(TimeSpan.FromMinutes(31));
        await Task.Delay(300);
        var card = fixture.Options.SandboxCardSpecs().First();
        var credit = PaycueCluster.Credit(card, tx.AmountTiyin, fixture.Time.GetUtcNow().ToUnixTimeMilliseconds(), at: tx.ExpiresAt.AddMinutes(-1));
        var result = await fixture.Cluster.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(credit);
        Assert.Equal(MatchOutcomes.Confirmed, result.Outcome);
        Assert.Equal(TransactionState.Confirmed, (await grain.GetAsync())!.State);
    }

    [Fact]
    public async Task RetriesWaitFiveThenTenSecondsOfClockTime()
    {
        var (tx, grain) = await CreateAsync(2_000_000);
        var id = tx.TransactionId.ToString();
        fixture.Receiver.Script(id, (500, "{}", TimeSpan.Zero), (500, "{}", TimeSpan.Zero));
        await grain.CancelAsync("test");
        await fixture.Receiver.WaitForAsync(id, h => h.Count >= 1, TimeSpan.FromSeconds(5));
        await Eventually.WaitAsync(() => grain.GetAsync(), v => v!.LastWebhook!.Attempts == 1, TimeSpan.FromSeconds(5), "first attempt recorded");

        // 4.9 s later: no retry yet; at 5 s: the first retry.
        fixture.Time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(300);
        Assert.Single(fixture.Receiver.For(id));
        fixture.Time.Advance(TimeSpan.FromSeconds(0.2));
        await fixture.Receiver.WaitForAsync(id, h => h.Count >= 2, TimeSpan.FromSeconds(5));
        await Eventually.WaitAsync(() => grain.GetAsync(), v => v!.LastWebhook!.Attempts == 2, TimeSpan.FromSeconds(5), "second attempt recorded");

        // The second retry doubles: not at 9.9 s, at 10 s.
        fixture.Time.Advance(TimeSpan.FromSeconds(9.9));
        await Task.Delay(300);
        Assert.Equal(2, fixture.Receiver.For(id).Count);
        fixture.Time.Advance(TimeSpan.FromSeconds(0.2));
        await fixture.Receiver.WaitForAsync(id, h => h.Count >= 3, TimeSpan.FromSeconds(5));
        var view = await Eventually.WaitAsync(() => grain.GetAsync(), v => v!.LastWebhook!.Status == WebhookStatus.Delivered, TimeSpan.FromSeconds(5), "delivered");
        Assert.Equal(3, view!.LastWebhook!.Attempts);
    }
}
