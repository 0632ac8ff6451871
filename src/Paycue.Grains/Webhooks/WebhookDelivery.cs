using Microsoft.Extensions.Logging;
using Paycue.Grains.Configuration;
using Paycue.Grains.Transactions;

namespace Paycue.Grains.Webhooks;

/// <summary>
/// The retry rules for one event, shared by every grain that owns webhooks: the first attempt plus WEBHOOK_RETRIES
/// retries with doubling delays, a 429's Retry-After honoured, a refusing 4xx not retried.
/// </summary>
public sealed partial class WebhookDelivery(WebhookSender sender, PaycueOptions options, TimeProvider clock, ILogger<WebhookDelivery> logger, Alerts.AlertSignals? alerts = null)
{
    private const int MaxLoggedAttempts = 20;

    /// <summary>Makes one attempt and moves the event on; the caller persists it.</summary>
    public async Task AttemptAsync(string ownerId, WebhookEventRecord pending, byte[] body)
    {
        var attempt = await sender.SendAsync(pending.EventId, body, CancellationToken.None);
        pending.Attempts++;
        pending.Log.Add(attempt);
        if (pending.Log.Count > MaxLoggedAttempts)
        {
            pending.Log.RemoveAt(0);
        }

        PaycueMetrics.WebhookLatency.Record(attempt.LatencyMs, new KeyValuePair<string, object?>("action", pending.Action));
        await (alerts?.WebhookAttemptAsync(attempt.Succeeded, attempt.Error) ?? Task.CompletedTask);

        var retriesUsed = pending.Attempts - pending.AttemptsBeforeRedelivery - 1;
        if (attempt.Succeeded)
        {
            pending.Status = WebhookStatus.Delivered;
            pending.NextAttemptAt = null;
            PaycueMetrics.WebhookAttempts.Add(1, new KeyValuePair<string, object?>("result", "delivered"));
        }
        else if (!attempt.Retryable || retriesUsed >= options.WebhookRetries)
        {
            pending.Status = WebhookStatus.Failed;
            pending.NextAttemptAt = null;
            PaycueMetrics.WebhookAttempts.Add(1, new KeyValuePair<string, object?>("result", "failed"));
            LogDeliveryFailed(ownerId, pending.EventId, pending.Attempts, attempt.Error ?? "");
        }
        else
        {
            // Capped at the longest configurable duration: a long WEBHOOK_BACKOFF doubled up to twenty times
            // overflowed the tick count and the date arithmetic, and failed the delivery loop instead.
            var shift = Math.Min(retriesUsed, 20);
            var backoff = options.WebhookBackoff.Ticks > Durations.Maximum.Ticks >> shift
                ? Durations.Maximum
                : TimeSpan.FromTicks(options.WebhookBackoff.Ticks << shift);
            var asked = attempt.RetryAfterMs is { } ms ? TimeSpan.FromMilliseconds(ms) : TimeSpan.Zero;
            pending.NextAttemptAt = clock.GetUtcNow() + (asked > backoff ? asked : backoff);
            PaycueMetrics.WebhookAttempts.Add(1, new KeyValuePair<string, object?>("result", "retry"));
        }
    }

    public DeliveryRecord ToRecord(string ownerId, WebhookEventRecord e)
    {
        var last = e.Log.LastOrDefault();
        return new DeliveryRecord(ownerId, e.EventId, e.Action, e.Status, e.Attempts, last?.HttpStatus, last?.Error, clock.GetUtcNow());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {EventId} of {OwnerId} failed after {Attempts} attempts: {Error}")]
    private partial void LogDeliveryFailed(string ownerId, string eventId, int attempts, string error);
}
