using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Paycue.Grains.Configuration;
using Paycue.Grains.Cards;
using Paycue.Grains.Hosting;
using Paycue.Grains.Pool;
using Paycue.Grains.Transactions;
using Paycue.Testing;

namespace Paycue.Grains.Tests.Cluster;

/// <summary>Redis mode in process: the production storage, reminders and stores against a real redis-server.</summary>
public sealed class RedisModeTests : IAsyncLifetime
{
    private RedisServer redis = null!;
    private WebhookReceiver receiver = null!;
    private InProcessTestCluster cluster = null!;
    private PaycueOptions options = null!;

    private IServiceProvider Silo => cluster.Silos[0].ServiceProvider;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        receiver = await WebhookReceiver.StartAsync();
        options = new PaycueOptions
        {
            Sandbox = true,
            SandboxCards = 1,
            RedisAddress = redis.Address,
            ServiceId = $"redis-mode-{Guid.NewGuid():N}",
            WebhookUrl = new Uri(receiver.Url),
        };
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddPaycueGrains(options));
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        await receiver.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task TransactionStoredByAnEarlierVersionIsMovedToTheStoreOnFirstRead()
    {
        var id = Guid.NewGuid();
        var grain = cluster.Client.GetGrain<ITransactionGrain>(id);
        var now = DateTimeOffset.UtcNow;
        var legacy = Silo.GetRequiredKeyedService<IGrainStorage>(StorageNames.Paycue);
        var old = new GrainState<TransactionRecord>(new TransactionRecord
        {
            State = TransactionState.Active,
            Opening = new TransactionOpening("sandbox-1", "0001", 1_300_000, 1_300_000, now, now.AddHours(1)),
        });
        await legacy.WriteStateAsync(TransactionGrain.LegacyStateName, grain.GetGrainId(), old);

        var view = await grain.GetAsync();
        Assert.Equal(TransactionState.Active, view!.State);
        Assert.Equal(1_300_000, view.AmountTiyin);
        Assert.Equal(1, (await Silo.GetRequiredService<ITransactionStore>().LoadAsync(id))!.Version);
        var after = new GrainState<TransactionRecord>();
        await legacy.ReadStateAsync(TransactionGrain.LegacyStateName, grain.GetGrainId(), after);
        Assert.False(after.RecordExists);

        // A transaction like any other now: the merchant cancels it and the cancel webhook goes out.
        Assert.Equal(CancelOutcome.Cancelled, await grain.CancelAsync("cancelled_by_merchant"));
        Assert.Equal("cancel", (await receiver.WaitForAsync(id.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(5)))[0].Action);
    }

    [Fact]
    public async Task ParallelCreatesOnOneCardOverlapTheirRedisWritesAndFillTheLimitExactly()
    {
        // LIMIT 100 so'm: 101 amounts on the one card. Its creates now have their Redis writes in flight together.
        var placer = new TransactionPlacer(cluster.Client, new CardCatalog(cluster.Client, TimeProvider.System, options));
        const long requested = 4_000_000;
        var placed = await Task.WhenAll(Enumerable.Range(0, 101).Select(_ => Task.Run(() => placer.PlaceAsync(requested, null, CancellationToken.None))));

        Assert.All(placed, p => Assert.Equal(PlacementStatus.Created, p.Status));
        Assert.Equal(Enumerable.Range(0, 101).Select(i => requested + (i * 100L)), placed.Select(p => p.Transaction!.AmountTiyin).Order());
        Assert.Equal(PlacementStatus.NoFreeAmount, (await placer.PlaceAsync(requested, null, CancellationToken.None)).Status);

        // Redis holds exactly what the card answered: each pool entry with its transaction, nothing else.
        var pool = await Silo.GetRequiredService<ICardStore>().LoadPoolAsync("sandbox-1");
        Assert.Equal(placed.Select(p => (p.Transaction!.AmountTiyin, p.Transaction.TransactionId)).Order(),
            pool.Where(e => e.AmountTiyin >= requested).Select(e => (e.AmountTiyin, e.TransactionId)).Order());
        var store = Silo.GetRequiredService<ITransactionStore>();
        foreach (var p in placed)
        {
            Assert.Equal(TransactionState.Active, (await store.LoadAsync(p.Transaction!.TransactionId))!.Record.State);
        }

        Assert.Equal(101, (await cluster.Client.GetGrain<ICardGrain>("sandbox-1").GetInfoAsync())!.OpenTransactions);
    }

    [Fact]
    public async Task UnknownTransactionIsNotFound()
    {
        var grain = cluster.Client.GetGrain<ITransactionGrain>(Guid.NewGuid());
        Assert.Null(await grain.GetAsync());
        Assert.Equal(CancelOutcome.NotFound, await grain.CancelAsync("cancelled_by_merchant"));
    }
}
