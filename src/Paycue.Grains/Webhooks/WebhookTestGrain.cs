namespace Paycue.Grains.Webhooks;

/// <summary>The test webhook (see <see cref="IWebhookTestGrain"/>), through the same sender as every delivery.</summary>
[StatelessWorker]
public sealed class WebhookTestGrain(WebhookSender sender) : Grain, IWebhookTestGrain
{
    public static readonly byte[] Body = "{\"action\":\"test\"}"u8.ToArray();

    public async Task<WebhookTestResult> SendTestAsync()
    {
        var eventId = $"evt_test_{Guid.NewGuid():N}";
        var attempt = await sender.SendAsync(eventId, Body, CancellationToken.None);
        return new WebhookTestResult(eventId, attempt);
    }
}
