using Microsoft.Extensions.Hosting;
using Paycue.Grains.Configuration;
using Paycue.Grains.Hosting;

// paycue-silo: grains only, no HTTP API. Start more of them to add capacity and cards.
var builder = Host.CreateApplicationBuilder(args);
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

await builder.Build().RunAsync();
return 0;
