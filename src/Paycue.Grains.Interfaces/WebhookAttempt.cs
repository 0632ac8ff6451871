namespace Paycue.Grains.Interfaces;

/// <summary>One delivery attempt, as recorded.</summary>
[GenerateSerializer, Immutable, Alias("paycue.webhook-attempt")]
public sealed record WebhookAttempt(
    DateTimeOffset At,
    int? HttpStatus,
    long LatencyMs,
    string? ResponseExcerpt,
    string? Error,
    bool Succeeded);
