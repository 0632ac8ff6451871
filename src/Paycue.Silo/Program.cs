using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using Paycue.Grains;
using Paycue.Grains.Configuration;
using Paycue.Grains.Hosting;

// paycue-silo: grains only, no HTTP API. Start more of them to add capacity and cards. With METRICS_PORT it also
// serves Prometheus /metrics, since the grains' own figures live in the silo that runs them; without it, it opens
// no HTTP port at all.
var wantsMetrics = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("METRICS_PORT") ?? DotEnv.Read(".env").GetValueOrDefault("METRICS_PORT"));
IHostApplicationBuilder builder = wantsMetrics ? WebApplication.CreateSlimBuilder(args) : Host.CreateApplicationBuilder(args);
PaycueOptions options;
try
{
    options = builder.AddPaycueConfiguration();
}
catch (PaycueConfigException e)
{
    Console.Error.WriteLine($"paycue-silo: configuration error: {e.Message}");
    return 2;
}

builder.UseOrleans(silo => silo.AddPaycueSilo(options));
if (!options.UsesRedis)
{
    Console.Error.WriteLine("paycue-silo: REDIS_ADDR is not set: this silo keeps everything in memory and cannot join other processes.");
}

try
{
    await RunAsync(builder, options);
}
catch (Exception e) when (PaycueConfigException.Find(e) is { } config)
{
    // A check that needs the cluster (sandbox beside a live card): reported like any configuration error.
    Console.Error.WriteLine($"paycue-silo: configuration error: {config.Message}");
    return 2;
}

return 0;

static async Task RunAsync(IHostApplicationBuilder builder, PaycueOptions options)
{
    if (builder is not WebApplicationBuilder web || options.MetricsPort is not { } port)
    {
        await ((HostApplicationBuilder)builder).Build().RunAsync();
        return;
    }

    web.WebHost.ConfigureKestrel(kestrel =>
    {
        if (options.MetricsOpen)
        {
            kestrel.ListenAnyIP(port);
        }
        else
        {
            kestrel.ListenLocalhost(port);
        }
    });
    web.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(PaycueMetrics.MeterName, "Microsoft.Orleans", "System.Runtime").AddPrometheusExporter());
    var app = web.Build();
    app.MapPrometheusScrapingEndpoint("/metrics");
    await app.RunAsync();
}
