namespace Paycue.Grains.Interfaces;

/// <summary>The cluster's webhook signing secret when WEBHOOK_SECRET is not set (singleton, key 0): generated once, then the same on every silo.</summary>
[Alias("paycue.webhook-secret")]
public interface IWebhookSecretGrain : IGrainWithIntegerKey
{
    [Alias("get-or-create")]
    Task<string> GetOrCreateAsync();
}
