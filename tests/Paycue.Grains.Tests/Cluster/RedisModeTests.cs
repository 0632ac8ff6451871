using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Paycue.Grains.Configuration;
using Paycue.Grains.Hosting;
using Paycue.Grains.Transactions;
using Paycue.Testing;

namespace Paycue.Grains.Tests.Cluster;

/// <summary>Redis mode in process: the production storage, reminders and stores against a real redis-server.</summary>
public sealed class RedisModeTests : IAsyncLifetime
{
    private RedisServer redis = null!;
    private WebhookReceiver receiver = null!;
    private InProcessTestCluster cluster = null!;

    private IServiceProvider Silo => cluster.Silos[0].ServiceProvider;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        receiver = await WebhookReceiver.StartAsync();
        var options = new PaycueOptions
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
    public async Task UnknownTransactionIsNotFound()
    {
        var grain = cluster.Client.GetGrain<ITransactionGrain>(Guid.NewGuid());
        Assert.Null(await grain.GetAsync());
        Assert.Equal(CancelOutcome.NotFound, await grain.CancelAsync("cancelled_by_merchant"));
    }
}
