namespace Paycue.Grains.Interfaces;

/// <summary>One delivery attempt, as recorded.</summary>
/// <param name="Retryable">False when the receiver refused for good (a 4xx other than 408 and 429).</param>
/// <param name="RetryAfterMs">What a 429's Retry-After asked for, in milliseconds.</param>
/// <param name="Location">A 3xx's Location: Paycue follows no redirects, so the operator needs it to fix WEBHOOK_URL.</param>
[GenerateSerializer, Immutable, Alias("paycue.webhook-attempt")]
public sealed record WebhookAttempt(
    DateTimeOffset At,
    int? HttpStatus,
    long LatencyMs,
    string? ResponseExcerpt,
    string? Error,
    bool Succeeded,
    bool Retryable = true,
    long? RetryAfterMs = null,
    string? Location = null);
