using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenTelemetry.Metrics;
using Paycue.Grains.Configuration;
using Scalar.AspNetCore;
using StackExchange.Redis;

namespace Paycue.Gateway.Hosting;

/// <summary>What an operator looks at: the API reference, metrics, and readiness.</summary>
public static class Observability
{
    public static WebApplicationBuilder AddPaycueObservability(this WebApplicationBuilder builder, PaycueOptions options)
    {
        builder.Services.AddPaycueOpenApi();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            // System.Runtime: GC pauses and heap, JIT time, thread-pool queue, the first things to read when latency jumps.
            .AddMeter(Paycue.Grains.PaycueMetrics.MeterName, "Microsoft.Orleans", "System.Runtime")
            .AddPrometheusExporter());
        builder.Services.AddSingleton(sp => new ReadinessProbe(sp, options));
        return builder;
    }

    public static WebApplication MapPaycueObservability(this WebApplication app, PaycueOptions options)
    {
        app.MapOpenApi("/openapi/{documentName}.json");

        // Served from the package's embedded assets: no CDN, no remote fonts.
        app.MapScalarApiReference("/docs", o => o.WithTitle("Paycue API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts());
        app.MapPrometheusScrapingEndpoint("/metrics").AddEndpointFilter(async (context, next) =>
            options.MetricsOpen || IsLocal(context.HttpContext.Connection.RemoteIpAddress)
                ? await next(context)
                : TypedResults.NotFound());
        app.MapGet("/health/ready", ReadyAsync).WithTags("Health").WithName("Ready")
            .WithSummary("200 when Redis and the cluster answer and a card is ready; 503 naming what is missing.")
            .Produces<ReadinessResponse>(200).Produces<ReadinessResponse>(503);
        return app;
    }

    public static async Task<JsonHttpResult<ReadinessResponse>> ReadyAsync(ReadinessProbe probe)
    {
        var report = await probe.CheckAsync();
        return TypedResults.Json(report, Http.Envelope.Json, statusCode: report.Ready ? 200 : 503);
    }

    private static bool IsLocal(IPAddress? address) => address is null || IPAddress.IsLoopback(address);
}

public sealed record ReadinessResponse(bool Ready, IReadOnlyDictionary<string, string> Checks);

/// <summary>Checks the parts a request needs, each bounded in time so a hung dependency cannot hang the probe.</summary>
public sealed class ReadinessProbe(IServiceProvider services, PaycueOptions options)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);
    private readonly Lazy<IConnectionMultiplexer?> redis = new(() => options.UsesRedis
        ? services.GetService<IConnectionMultiplexer>() ?? ConnectionMultiplexer.Connect(Redis(options))
        : null);

    public async Task<ReadinessResponse> CheckAsync()
    {
        var checks = new Dictionary<string, string>();
        var ready = true;
        if (options.UsesRedis)
        {
            try
            {
                await redis.Value!.GetDatabase().PingAsync().WaitAsync(Bound);
                checks["redis"] = "ok";
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                checks["redis"] = "unreachable";
                ready = false;
            }
        }
        else
        {
            checks["redis"] = "not configured (in-memory)";
        }

        try
        {
            var cards = await services.GetRequiredService<IGrainFactory>().GetGrain<ICardDirectoryGrain>(0).ListAsync().WaitAsync(Bound);
            checks["cluster"] = "ok";
            // With SANDBOX=false a sandbox card takes no transaction, so it does not make the service ready.
            var readyCards = cards.Count(c => c.Status == CardStatus.Ready && (options.Sandbox || c.Spec.Kind != CardKind.Sandbox));
            checks["cards"] = readyCards == 0 ? "no card is ready" : $"{readyCards} ready";
            ready &= readyCards > 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            checks["cluster"] = "unreachable";
            checks["cards"] = "unknown";
            ready = false;
        }

        return new ReadinessResponse(ready, checks);
    }

    private static ConfigurationOptions Redis(PaycueOptions options)
    {
        var config = ConfigurationOptions.Parse(options.RedisAddress!);
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = 2000;
        return config;
    }
}
