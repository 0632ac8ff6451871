using Paycue.Gateway.Cli;
using Paycue.Gateway.Endpoints;
using Paycue.Gateway.Hosting;
using Paycue.Gateway.Http;
using Paycue.Grains.Configuration;

// Commands that need no service run before anything is hosted.
if (args is ["parse", ..])
{
    return ParseCommand.Run(args, Console.In, Console.Out, Console.Error);
}

if (args is ["--telegram"]) { return await TelegramCommand.RunAsync(Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected); }

var builder = WebApplication.CreateBuilder(args);
PaycueOptions options;
try
{
    // Configuration: .env, then environment; every key validated before anything starts.
    options = builder.AddPaycueGatewayConfiguration();
}
catch (PaycueConfigException e)
{
    Console.Error.WriteLine($"paycue: configuration error: {e.Message}");
    return 2;
}

// Orleans: a silo in this process (default) or a client of an existing cluster.
builder.AddPaycueOrleans(options);

var app = builder.Build();
app.UseMiddleware<ClusterErrorMiddleware>();

// The HTTP API: the original endpoints, then ours.
app.MapSeedCompatEndpoints();
app.MapTransactionEndpoints();
app.MapCardEndpoints();
app.MapLedgerEndpoints();
app.MapSandboxEndpoints(options);

app.AnnounceStartup(options);
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the HTTP tests, which run this very program.</summary>
public partial class Program;
