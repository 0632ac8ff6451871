using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paycue.Grains.Configuration;

namespace Paycue.Grains.Hosting;

public static class PaycueConfiguration
{
    /// <summary>
    /// Reads <c>.env</c> from the working directory beneath every other source (environment variables and command
    /// line win), then validates all keys at once; a bad key throws <see cref="PaycueConfigException"/> naming it.
    /// </summary>
    public static PaycueOptions AddPaycueConfiguration(this IHostApplicationBuilder builder)
    {
        var dotEnv = DotEnv.Read(Path.Combine(Directory.GetCurrentDirectory(), ".env"));
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = dotEnv.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)) });
        var options = PaycueOptions.Load(key => builder.Configuration[key]);
        builder.Services.AddSingleton(options);

        // Under systemd (Type=notify) the unit learns when start-up finished and stop waits for a graceful shutdown;
        // elsewhere this does nothing.
        builder.Services.AddSystemd();

        builder.Logging.ClearProviders();
        if (options.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        // Orleans and its resilience pipeline narrate every placement at Information; an operator wants Paycue's
        // own events unless DEBUG asks for everything.
        if (!options.Debug)
        {
            builder.Logging.AddFilter("Orleans", LogLevel.Warning);
            builder.Logging.AddFilter("Polly", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        return options;
    }
}
