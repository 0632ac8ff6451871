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
        silo.AddStartupTask((sp, _) =>
        {
            // In the background: after a crash the grain may still be registered on the dead silo until membership
            // declares it dead, and a silo's start must not wait on that. Retried until it answers.
            var grains = sp.GetRequiredService<IGrainFactory>();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AlertHosting).FullName!);
            var wake = Task.Run(async () =>
            {
                for (var attempt = 1; attempt <= 60; attempt++)
                {
                    try
                    {
                        await grains.GetGrain<IAlertGrain>(0).WakeAsync();
                        return;
                    }
                    catch (Exception e)
                    {
                        logger.LogWarning("The alert outbox could not be woken yet ({ErrorType}); retrying in 10 s.", e.GetType().Name);
                        await Task.Delay(TimeSpan.FromSeconds(10));
                    }
                }
            });
            wake.Ignore();
            return Task.CompletedTask;
        });
        return silo;
    }
}
