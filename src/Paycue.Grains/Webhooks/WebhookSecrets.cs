using Paycue.Grains.Configuration;

namespace Paycue.Grains.Webhooks;

/// <summary>The signing key for this process: WEBHOOK_SECRET, else the cluster's generated one (fetched once).</summary>
public sealed class WebhookSecrets(PaycueOptions options, IGrainFactory grains)
{
    private Task<string>? secret;

    public Task<string> SecretAsync()
    {
        if (options.WebhookSecret is { } configured)
        {
            return Task.FromResult(configured);
        }

        // A failed fetch is not cached: the next delivery asks again.
        var current = secret;
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            current = secret = grains.GetGrain<IWebhookSecretGrain>(0).GetOrCreateAsync();
        }

        return current;
    }

    public async Task<byte[]> KeyAsync()
    {
        WebhookSigner.TryParseSecret(await SecretAsync(), out var key);
        return key;
    }
}
