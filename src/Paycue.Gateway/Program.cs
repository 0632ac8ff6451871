using Paycue.Gateway.Cli;
using Paycue.Gateway.Endpoints;
using Paycue.Gateway.Exports;
using Paycue.Gateway.Hosting;
using Paycue.Gateway.Http;
using Paycue.Gateway.MerchantConsole;
using Paycue.Gateway.PayPage;
using Paycue.Gateway.Services;
using Paycue.Grains.Configuration;

// Operator commands (paycue --telegram, paycue parse, paycue transaction ..., paycue --help) run and exit before
// anything is hosted.
if (args is ["--telegram"])
{
    return await TelegramCommand.RunAsync(Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);
}

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args, Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);
}

var builder = WebApplication.CreateBuilder(args);
PaycueOptions options;
try
{
    // Configuration: .env, then environment; every key validated before anything starts.
    options = builder.AddPaycueGatewayConfiguration();

    // The merchant console at /console/: sign-in cookie, anti-forgery, its own files.
    builder.AddPaycueConsole();
}
catch (PaycueConfigException e)
{
    Console.Error.WriteLine($"paycue: configuration error: {e.Message}");
    return 2;
}

// Orleans: a silo in this process (default) or a client of an existing cluster.
builder.AddPaycueOrleans(options);

// What operators look at: OpenAPI and /docs, Prometheus metrics, readiness.
builder.AddPaycueObservability(options);

// The public pay page: embedded files and a per-address rate limit.
builder.Services.AddPayPage(options);

// The application services both the HTTP API and the console read and act through.
builder.Services.AddPaycueApplicationServices();

var app = builder.Build();
app.UseMiddleware<ClusterErrorMiddleware>();
app.UseJsonContentTypeSentence();
app.UsePayPage();
app.MapPaycueDashboard(options);

// The HTTP API: the original endpoints, then ours.
app.MapSeedCompatEndpoints();
app.MapTransactionEndpoints();
app.MapCardEndpoints();
app.MapAccountEndpoints();
app.MapLedgerEndpoints();
app.MapExportEndpoints();
app.MapClusterEndpoints();
app.MapAlertEndpoints();
app.MapSandboxEndpoints(options);
app.MapPaycueObservability(options);
app.MapPayPageEndpoints();
app.MapConsoleEndpoints(options);

app.AnnounceStartup(options);
try
{
    await app.RunAsync();
}
catch (Exception e) when (PaycueConfigException.Find(e) is { } config)
{
    // A check that needs the cluster (sandbox beside a live card): reported like any configuration error.
    Console.Error.WriteLine($"paycue: configuration error: {config.Message}");
    return 2;
}

return 0;

/// <summary>Visible to WebApplicationFactory in the HTTP tests, which run this very program.</summary>
public partial class Program;
