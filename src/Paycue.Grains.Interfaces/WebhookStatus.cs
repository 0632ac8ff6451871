namespace Paycue.Grains.Interfaces;

[GenerateSerializer, Alias("paycue.webhook-status")]
public enum WebhookStatus
{
    /// <summary>Nothing to send yet (the transaction is active).</summary>
    None = 0,
    Pending = 1,
    Delivered = 2,
    Failed = 3,
}
