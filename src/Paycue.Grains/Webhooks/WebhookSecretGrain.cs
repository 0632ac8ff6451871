using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Paycue.Grains.Webhooks;

/// <summary>Generates the signing secret once per cluster and keeps it in storage, so every silo signs alike.</summary>
public sealed partial class WebhookSecretGrain(
    [PersistentState("webhook-secret", StorageNames.Paycue)] IPersistentState<WebhookSecretState> state,
    ILogger<WebhookSecretGrain> logger) : Grain, IWebhookSecretGrain
{
    public async Task<string> GetOrCreateAsync()
    {
        if (state.State.Secret is { } existing)
        {
            return existing;
        }

        state.State.Secret = WebhookSigner.GenerateSecret();
        await state.WriteStateAsync();

        // The secret itself never goes through the logger. An operator at a terminal sees it once; everyone else
        // reads it from the authenticated API.
        LogGenerated(logger);
        if (!Console.IsOutputRedirected)
        {
            Console.WriteLine($"WEBHOOK_SECRET (generated, shown once; verify webhook-signature with it): {state.State.Secret}");
        }

        return state.State.Secret;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WEBHOOK_SECRET is not set: generated one for this cluster and stored it. Read it with GET /api/webhooks/secret, or set WEBHOOK_SECRET.")]
    private static partial void LogGenerated(ILogger logger);
}
