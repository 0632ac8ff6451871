namespace Paycue.Grains.Webhooks;

public sealed class WebhookSecretState
{
    public string? Secret { get; set; }
}
