using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paycue.Grains.Configuration;

namespace Paycue.Grains.Alerts;

public static class AlertHosting
{
    /// <summary>The Bot API client, the silo's signals, and a wake-up of the alert grain at start-up (it sends what a crash left owed).</summary>
    public static ISiloBuilder AddPaycueAlerts(this ISiloBuilder silo, PaycueOptions options)
    {
        // No loggers on this client: the default HttpClient logging writes the request URL, and the URL holds the bot token.
        silo.Services.AddHttpClient(BotApiNotifier.HttpClientName, c => c.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        silo.Services.AddSingleton(sp => new BotApiNotifier(sp.GetRequiredService<IHttpClientFactory>().CreateClient(BotApiNotifier.HttpClientName), options.Alerts));
        silo.Services.AddSingleton<AlertSignals>();
        silo.AddStartupTask(async (sp, _) =>
        {
            try
            {
                await sp.GetRequiredService<IGrainFactory>().GetGrain<IAlertGrain>(0).WakeAsync();
            }
            catch (Exception e)
            {
                // Redis down at start-up: the grain's reminder, or the next alert, wakes it later.
                sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AlertHosting).FullName!)
                    .LogWarning("The alert outbox could not be woken at start-up ({ErrorType}); it is woken by its reminder or the next alert.", e.GetType().Name);
            }
        });
        return silo;
    }
}
