using Paycue.Gateway.Http;
using Paycue.Grains.Configuration;
using Paycue.Grains.Hosting;

namespace Paycue.Gateway.Hosting;

/// <summary>What <c>Program</c> calls: configuration, the Orleans role, and the HTTP pipeline.</summary>
public static partial class GatewayHosting
{
    /// <summary>Configuration (see <see cref="PaycueConfiguration.AddPaycueConfiguration"/>) plus the API credentials.</summary>
    public static PaycueOptions AddPaycueGatewayConfiguration(this WebApplicationBuilder builder)
    {
        var options = builder.AddPaycueConfiguration();
        builder.Services.AddSingleton(ApiCredentials.From(options));
        return options;
    }

    /// <summary>The all-in-one default hosts a silo; <c>ORLEANS_ROLE=client</c> only joins an existing cluster.</summary>
    public static WebApplicationBuilder AddPaycueOrleans(this WebApplicationBuilder builder, PaycueOptions options)
    {
        if (options.ClientOnly)
        {
            builder.UseOrleansClient(client => client.AddPaycueClient(options));
        }
        else
        {
            builder.UseOrleans(silo => silo.AddPaycueSilo(options));
        }

        builder.Services.AddPaycueServices(options);
        builder.Services.AddSingleton<Paycue.Grains.Webhooks.WebhookSecrets>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenAnyIP(options.Port);
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
        });
        return builder;
    }

    /// <summary>Says once, at start-up, what an operator must know: where it listens, how to log in, what is not durable.</summary>
    public static void AnnounceStartup(this WebApplication app, PaycueOptions options)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Paycue");
        var credentials = app.Services.GetRequiredService<ApiCredentials>();
        if (!options.UsesRedis)
        {
            LogNoRedis(logger);
        }

        if (options.WebhookUrl is null)
        {
            LogNoWebhook(logger);
        }

        AnnounceGeneratedCredentials(credentials, Console.IsErrorRedirected ? null : Console.Error, logger);

        if (options.TimeZone.IsFallback)
        {
            LogNoTzdata(logger);
        }

        LogListening(logger, options.Port, options.ClientOnly ? "client" : "all-in-one", options.Sandbox);
    }

    /// <summary>
    /// A generated pair goes to the operator's terminal (stderr, when it is one) and nowhere else: stdout and a
    /// redirected stderr are the log stream (journald, docker logs), which keeps and ships what it is given. Without a
    /// terminal the log only says where to set the pair; this run's is then known to no one, and Paycue stays closed.
    /// </summary>
    /// <param name="terminal">stderr when it is a terminal, else null.</param>
    public static void AnnounceGeneratedCredentials(ApiCredentials credentials, TextWriter? terminal, ILogger logger)
    {
        if (!credentials.Generated)
        {
            return;
        }

        if (terminal is null)
        {
            LogCredentialsNotShown(logger);
            return;
        }

        terminal.WriteLine($"API_USERNAME and API_PASSWORD are not set; this run accepts: {credentials.Username} / {credentials.Password}");
        terminal.WriteLine("Put API_USERNAME and API_PASSWORD into .env to keep credentials across restarts.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API_USERNAME and API_PASSWORD are not set: this run generated a random pair, shown only on a terminal and never in the log, so the API refuses every call. Set API_USERNAME and API_PASSWORD in .env (or the environment) and restart.")]
    private static partial void LogCredentialsNotShown(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "REDIS_ADDR is not set: transactions, amounts and reminders live in memory only and NOTHING survives a restart. Set REDIS_ADDR for production.")]
    private static partial void LogNoRedis(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WEBHOOK_URL is not set: confirmations and cancellations are recorded but not sent anywhere.")]
    private static partial void LogNoWebhook(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This machine has no tzdata: export times use a fixed +05:00 for Asia/Tashkent (the same offset all year). Install the tzdata package to use other TZ zones.")]
    private static partial void LogNoTzdata(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Paycue listening on port {Port} ({Role}, sandbox {Sandbox}).")]
    private static partial void LogListening(ILogger logger, int port, string role, bool sandbox);
}
