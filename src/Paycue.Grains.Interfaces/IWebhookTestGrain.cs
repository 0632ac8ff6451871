namespace Paycue.Grains.Interfaces;

/// <summary>
/// Sends a signed <c>{"action":"test"}</c> to WEBHOOK_URL, signed and sent exactly like a real webhook (Standard
/// Webhooks headers, no redirects, WEBHOOK_TIMEOUT), so a merchant can check an integration without taking a payment.
/// Stateless: the silo that answers sends it; nothing is stored or retried.
/// </summary>
[Alias("paycue.webhook-test")]
public interface IWebhookTestGrain : IGrainWithIntegerKey
{
    /// <summary>One attempt and what the receiver answered (status, latency, the first 512 bytes of its body).</summary>
    [Alias("send-test")]
    Task<WebhookTestResult> SendTestAsync();
}

/// <param name="EventId">The webhook-id the test was sent with.</param>
/// <param name="Attempt">The attempt as a real delivery would record it.</param>
[GenerateSerializer, Immutable, Alias("paycue.webhook-test-result")]
public sealed record WebhookTestResult(string EventId, WebhookAttempt Attempt);
