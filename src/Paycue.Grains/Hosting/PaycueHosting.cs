using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Paycue.Grains.Cards;
using Paycue.Grains.Configuration;
using Paycue.Grains.Ledger;
using Paycue.Grains.Pool;
using Paycue.Grains.Telegram;
using Paycue.Grains.Transactions;
using Paycue.Grains.Webhooks;
using StackExchange.Redis;

namespace Paycue.Grains.Hosting;

/// <summary>The one place a Paycue silo or client is configured; <c>paycue</c>, <c>paycue-silo</c> and the tests all call it.</summary>
public static class PaycueHosting
{
    /// <summary>Clustering, storage, reminders and Paycue's services for a silo; start-up cards per <see cref="StartupCards"/>.</summary>
    public static ISiloBuilder AddPaycueSilo(this ISiloBuilder silo, PaycueOptions options)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        silo.Configure<ClusterMembershipOptions>(ConfigureMembership);
        if (options.UsesRedis)
        {
            var advertised = options.AdvertisedIp is null ? IPAddress.Loopback : IPAddress.Parse(options.AdvertisedIp);
            silo.UseRedisClustering(o => o.ConfigurationOptions = Redis(options));
            silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: options.AdvertisedIp is not null);
        }
        else
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }

        BoundShutdown(silo.Services);
        return silo.AddPaycueGrains(options);
    }

    /// <summary>
    /// How fast the cluster notices a dead silo. Card failover waits on death detection: probe every silo with a 3 s
    /// timeout (Orleans' default is 5 s), so a killed silo is declared dead and its cards move sooner; three missed
    /// probes are still needed. A silo that joins first pings every "active" silo whose heartbeat in the membership
    /// table is fresh, and waits for all of them: after a lone silo was killed hard (power loss, OOM kill) and comes
    /// back on another port or address, its own dead entry stays "active", and with Orleans' 30 s heartbeat period
    /// (stale after three missed ones) the new process waited 90–100 s before it would serve. A heartbeat every 5 s
    /// makes a dead entry stale after 15 s. It costs one small Redis write per silo every 5 s, and staleness only
    /// decides whom a joining silo waits for and whom the others watch more closely: no silo is declared dead for a
    /// late heartbeat alone (a Redis pause does not evict anyone), only for missed probes.
    /// </summary>
    public static void ConfigureMembership(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(3);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        o.NumMissedTableIAmAliveLimit = 3;
    }

    /// <summary>A stop finishes within 30 s even while Redis hangs (see <see cref="ShutdownWatchdog"/>).</summary>
    public static IServiceCollection BoundShutdown(IServiceCollection services)
    {
        services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownWatchdog.HostTimeout);
        services.AddHostedService<ShutdownWatchdog>();
        return services;
    }

    /// <summary>
    /// Everything but membership: storage, reminders, services and the sandbox cards. Separate so the TestingHost,
    /// which brings its own membership, runs exactly the production configuration otherwise.
    /// </summary>
    public static ISiloBuilder AddPaycueGrains(this ISiloBuilder silo, PaycueOptions options)
    {
        silo.Configure<ReminderOptions>(o =>
        {
            if (options.ReminderPeriod < o.MinimumReminderPeriod)
            {
                o.MinimumReminderPeriod = options.ReminderPeriod;
            }
        });

        if (options.UsesRedis)
        {
            var redis = Redis(options);
            silo.AddRedisGrainStorage(StorageNames.Paycue, o =>
            {
                o.ConfigurationOptions = redis.Clone();
                o.GrainStorageSerializer = new JsonGrainStorageSerializer();
            });
            silo.UseRedisReminderService(o => o.ConfigurationOptions = redis.Clone());
            silo.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.Clone()));
            silo.Services.AddSingleton<ICardStore>(sp => new RedisCardStore(sp.GetRequiredService<IConnectionMultiplexer>(), options.ServiceId));
            silo.Services.AddSingleton<ITransactionStore>(sp => new RedisTransactionStore(sp.GetRequiredService<IConnectionMultiplexer>(), options.ServiceId));
            silo.Services.AddSingleton<ILedgerStore>(sp => new RedisLedgerStore(sp.GetRequiredService<IConnectionMultiplexer>(), options.ServiceId));
            silo.Services.AddSingleton<ISessionLeases>(sp => new RedisSessionLeases(sp.GetRequiredService<IConnectionMultiplexer>(), options.ServiceId));
        }
        else
        {
            // Our serializer here too: the default one refuses to read back our state types (a reactivated card failed).
            silo.AddMemoryGrainStorage(StorageNames.Paycue, o => o.GrainStorageSerializer = new JsonGrainStorageSerializer());
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<MemoryCardStore>();
            silo.Services.AddSingleton<ICardStore>(sp => sp.GetRequiredService<MemoryCardStore>());
            silo.Services.AddSingleton<ITransactionStore>(sp => new MemoryTransactionStore(sp.GetRequiredService<MemoryCardStore>()));
            silo.Services.AddSingleton<ILedgerStore, MemoryLedgerStore>();
            silo.Services.AddSingleton<ISessionLeases>(MemorySessionLeases.Process);
        }

        if (options.Dashboard)
        {
            // The silos collect; a gateway (or the all-in-one) serves the pages inside its own pipeline.
            Orleans.Dashboard.ServiceCollectionExtensions.AddDashboard(silo);
        }

        silo.Services.AddPaycueServices(options);
        // No redirects: a 3xx is a failed attempt with its Location recorded (see WebhookSender).
        silo.Services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        silo.Services.AddSingleton<WebhookSecrets>();
        silo.Services.AddSingleton<WebhookDelivery>();
        silo.Services.AddSingleton(sp => new WebhookSender(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookSender.HttpClientName),
            options,
            sp.GetRequiredService<WebhookSecrets>(),
            sp.GetRequiredService<TimeProvider>()));
        silo.Services.TryAddSingleton<ITelegramSessionFactory, TdlibSessionFactory>();
        Alerts.AlertHosting.AddPaycueAlerts(silo, options);
        silo.Services.AddSingleton<RetentionService>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        silo.AddStartupTask((sp, _) => StartupCards.RegisterAsync(
            sp.GetRequiredService<IGrainFactory>(), options, sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupCards).FullName!)));
        return silo;
    }

    /// <summary>An Orleans client of an existing cluster (<c>ORLEANS_ROLE=client</c>).</summary>
    public static IClientBuilder AddPaycueClient(this IClientBuilder client, PaycueOptions options)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });

        // A gateway learns of dead and new silos from this list; the default minute is long for a payment API.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));

        // A merchant's request must not hang for Orleans' default 30 s when no silo can answer (all gateways gone):
        // after 10 s it is a 503 it can retry (with Idempotency-Key, safely). Telegram login steps, which wait on
        // Telegram itself, carry their own longer [ResponseTimeout].
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        if (options.UsesRedis)
        {
            var redis = Redis(options);
            client.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
        }
        else
        {
            client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        }

        if (options.Dashboard)
        {
            Orleans.Dashboard.ServiceCollectionExtensions.AddDashboard(client);
        }

        BoundShutdown(client.Services);
        client.Services.AddPaycueServices(options);
        return client;
    }

    /// <summary>Services every Paycue process needs, silo or client.</summary>
    public static IServiceCollection AddPaycueServices(this IServiceCollection services, PaycueOptions options)
    {
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CardCatalog>();
        services.TryAddSingleton<LocalCards>();
        services.TryAddSingleton<TransactionPlacer>();
        return services;
    }

    private static ConfigurationOptions Redis(PaycueOptions options)
    {
        var redis = ConfigurationOptions.Parse(options.RedisAddress!);
        // Start even while Redis is down; calls fail (and the API answers 503) until it is back.
        redis.AbortOnConnectFail = false;

        // The Redis client's own scheduler is ten more threads handing each reply over to the thread pool anyway; on
        // a small VPS those hand-offs were a visible share of a create. Nothing here blocks a pool thread on a task,
        // which is what the dedicated scheduler protects against.
        redis.SocketManager = SocketManager.ThreadPool;
        return redis;
    }
}
