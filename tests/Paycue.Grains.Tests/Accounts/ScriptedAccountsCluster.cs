using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Paycue.Grains.Cards;
using Paycue.Grains.Configuration;
using Paycue.Grains.Hosting;
using Paycue.Grains.Ledger;
using Paycue.Grains.Telegram;
using Paycue.Grains.Tests.Telegram;
using Paycue.Grains.Transactions;
using Paycue.Telegram;
using Paycue.Testing;
using Paycue.Testing.Telegram;

namespace Paycue.Grains.Tests.Accounts;

/// <summary>
/// A one-silo TestingHost cluster on its own real Redis, with scripted TDLib accounts (<see cref="Accounts"/>) and
/// options a test chooses (WATCH_ID, UZCARD_WATCH_ID, ...). It can stop and start again on the same Redis, session
/// directory and service id with other options: a deployment restarted with a changed <c>.env</c>, or upgraded.
/// </summary>
public sealed class ScriptedAccountsCluster : IAsyncDisposable, ITelegramSessionFactory
{
    private readonly string sessions = Path.Combine(Path.GetTempPath(), "paycue-accounts-" + Guid.NewGuid().ToString("N"));
    private readonly string serviceId = $"accounts-{Guid.NewGuid():N}";
    private RedisServer? redis;
    private InProcessTestCluster? cluster;

    public ConcurrentDictionary<string, FakeTdAccount> Accounts { get; } = new();

    public PaycueOptions Options { get; private set; } = null!;

    public IClusterClient Client => cluster!.Client;

    /// <summary>The silo's grain storage, to write state as an earlier version of Paycue wrote it.</summary>
    public IGrainStorage Storage => cluster!.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Paycue);

    public ILedgerStore Ledger => cluster!.Silos[0].ServiceProvider.GetRequiredService<ILedgerStore>();

    public string SessionDirectory => sessions;

    /// <summary>Starts (or starts again, after stopping the running cluster) with the base options changed by <paramref name="configure"/>.</summary>
    public async Task StartAsync(Func<PaycueOptions, PaycueOptions>? configure = null)
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
            cluster = null;
        }

        redis ??= await RedisServer.StartAsync();
        var options = new PaycueOptions
        {
            AppId = 12345,
            AppHash = "0123456789abcdef0123456789abcdef",
            SessionKey = TelegramCluster.SessionKey,
            SessionDirectory = sessions,
            RedisAddress = redis.Address,
            ServiceId = serviceId,
            TransactionTimeout = TimeSpan.FromSeconds(3),
            ExpiryGrace = TimeSpan.FromSeconds(1),
        };
        Options = configure?.Invoke(options) ?? options;
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId; // the grain state's Redis keys name it: a restart reads the same state
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<ITelegramSessionFactory>(this);
            silo.AddPaycueGrains(Options);
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public TransactionPlacer Placer() => new(Client, new CardCatalog(Client, TimeProvider.System, Options));

    public async Task<TransactionView> CreateAsync(string cardId, long requestedTiyin)
    {
        var placed = await Placer().PlaceAsync(requestedTiyin, cardId, CancellationToken.None);
        Assert.True(placed.Status == PlacementStatus.Created, $"placing on {cardId}: {placed.Status}");
        return placed.Transaction!;
    }

    public async Task<TransactionState?> StateAsync(Guid transactionId) => (await Client.GetGrain<ITransactionGrain>(transactionId).GetAsync())?.State;

    public Task WaitForStateAsync(Guid transactionId, TransactionState state, string what) =>
        Eventually.WaitAsync(() => StateAsync(transactionId), s => s == state, TimeSpan.FromSeconds(20), what);

    public async Task<CardInfo> WaitForStatusAsync(ICardGrain card, string status) =>
        (await Eventually.WaitAsync(card.GetInfoAsync, info => info?.Status == status, TimeSpan.FromSeconds(20), $"card status {status}"))!;

    public async Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(string cardId) =>
        (await Ledger.PaymentsAsync(PaymentFilter.All, null, null, 1000)).Where(p => p.CardId == cardId).ToList();

    ITdClient ITelegramSessionFactory.CreateClient(string cardId) => Accounts[cardId].NewClient();

    Task ITelegramSessionFactory.CloseAsync(ITdClient client, TimeSpan timeout) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        if (redis is not null)
        {
            await redis.DisposeAsync();
        }

        try
        {
            Directory.Delete(sessions, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
