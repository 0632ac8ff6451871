namespace Paycue.Grains.Interfaces;

/// <summary>One webhook event of a transaction and its delivery so far.</summary>
[GenerateSerializer, Immutable, Alias("paycue.webhook-event")]
public sealed record WebhookEventView(
    string EventId,
    string Action,
    WebhookStatus Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<WebhookAttempt> Log);
