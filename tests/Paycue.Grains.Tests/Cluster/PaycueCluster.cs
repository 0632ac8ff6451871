using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Paycue.Grains.Cards;
using Paycue.Grains.Configuration;
using Paycue.Grains.Hosting;
using Paycue.Grains.Transactions;
using Paycue.Testing;

namespace Paycue.Grains.Tests.Cluster;

/// <summary>
/// A real in-process Orleans cluster running the production silo configuration (<see cref="PaycueHosting.AddPaycueGrains"/>)
/// with a real webhook receiver on loopback.
/// </summary>
public abstract class PaycueCluster : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public PaycueOptions Options { get; private set; } = null!;

    public TransactionPlacer Placer { get; private set; } = null!;

    /// <summary>
    /// A placer as the gateway co-hosted with the first silo has it: a create on a card activated there goes to the
    /// activation without a grain call (<see cref="LocalCards"/>). <see cref="Placer"/> always makes the grain call.
    /// </summary>
    public TransactionPlacer DirectPlacer { get; private set; } = null!;

    public LocalCards LocalCards => Cluster.Silos[0].ServiceProvider.GetRequiredService<LocalCards>();

    public IClusterClient Client => Cluster.Client;

    protected virtual short Silos => 1;

    protected abstract PaycueOptions Configure(string webhookUrl);

    /// <summary>
    /// <see cref="NewCardAsync"/> registers sandbox cards, which only a SANDBOX=true process places on: a cluster whose
    /// configuration leaves SANDBOX off runs with it on (and no start-up sandbox cards), unless it tests SANDBOX=false.
    /// </summary>
    protected virtual bool TestsSandboxOff => false;

    /// <summary>After the production registrations: a place for a test cluster to wrap or replace services.</summary>
    protected virtual void ConfigureSiloServices(IServiceCollection services)
    {
    }

    /// <summary>After the production configuration: where a fixture swaps in a fault-injecting service.</summary>
    protected virtual void ConfigureSilo(Orleans.Hosting.ISiloBuilder silo)
    {
    }

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        Options = Configure(Receiver.Url);
        if (!Options.Sandbox && !TestsSandboxOff)
        {
            Options = Options with { Sandbox = true, SandboxCards = 0 };
        }
        var builder = new InProcessTestClusterBuilder(Silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddPaycueGrains(Options);
            ConfigureSiloServices(silo.Services);
            ConfigureSilo(silo);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Placer = new TransactionPlacer(Client, new CardCatalog(Client, TimeProvider.System, Options));
        DirectPlacer = new TransactionPlacer(Client, new CardCatalog(Client, TimeProvider.System, Options), LocalCards);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    /// <summary>Registers a fresh sandbox card only this test uses.</summary>
    public async Task<CardSpec> NewCardAsync(string? last4 = "4242")
    {
        var spec = new CardSpec($"test-{Guid.NewGuid():N}", CardKind.Sandbox, last4, null, null, PaycueOptions.SandboxSenderId);
        await Client.GetGrain<ICardGrain>(spec.CardId).RegisterAsync(spec);
        return spec;
    }

    public async Task<TransactionView> CreateAsync(string cardId, long requestedTiyin)
    {
        var placed = await Placer.PlaceAsync(requestedTiyin, cardId, CancellationToken.None);
        Assert.Equal(PlacementStatus.Created, placed.Status);
        return placed.Transaction!;
    }

    /// <summary>A genuine-looking @HUMOcardbot credit for a card, through the sandbox sender.</summary>
    public static BankMessage Credit(CardSpec card, long amountTiyin, long messageId, DateTimeOffset? at = null, long? sender = null) =>
        new(PaycueOptions.SandboxSenderId, sender ?? PaycueOptions.SandboxSenderId, messageId, at ?? DateTimeOffset.UtcNow,
            $"🎉 To'ldirish\n➕ {Humo(amountTiyin)} UZS\n📍 TEST P2P\n💳 HUMOCARD *{card.Last4}\n🕓 05:36 16.06.2026", false, false, true);

    public static string Humo(long tiyin) =>
        $"{(tiyin / 100).ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', '.')},{tiyin % 100:00}";
}

/// <summary>Short real durations: 3 s expiry, 2 s cooldown, 200 ms webhook backoff.</summary>
public sealed class LifecycleCluster : PaycueCluster
{
    protected override PaycueOptions Configure(string webhookUrl) => new()
    {
        TransactionTimeout = TimeSpan.FromSeconds(3),
        AmountCooldown = TimeSpan.FromSeconds(2),
        ExpiryGrace = TimeSpan.Zero,
        WebhookUrl = new Uri(webhookUrl),
        WebhookBackoff = TimeSpan.FromMilliseconds(200),
        WebhookTimeout = TimeSpan.FromSeconds(2),
        WebhookRetries = 3,
        LimitSom = 100,
    };
}

[CollectionDefinition(Name)]
public sealed class LifecycleCollection : ICollectionFixture<LifecycleCluster>
{
    public const string Name = nameof(LifecycleCollection);
}
