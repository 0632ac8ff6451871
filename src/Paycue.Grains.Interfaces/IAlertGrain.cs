namespace Paycue.Grains.Interfaces;

/// <summary>
/// The merchant's alerts (one grain, key 0): conditions that need a person, kept durably, sent once per condition
/// through the Telegram Bot API (and as <c>"action": "alert"</c> webhooks with WEBHOOK_ALERTS=true), a reminder
/// every ALERT_REPEAT while open, and one "resolved" message when it clears. A call returns once the alert and its
/// message are durable; the send happens after, retried until it succeeds.
/// </summary>
[Alias("paycue.alerts")]
public interface IAlertGrain : IGrainWithIntegerKey
{
    /// <summary>Opens the condition <paramref name="key"/> (or updates its facts while open; no new message then).</summary>
    [Alias("raise")]
    Task RaiseAsync(string key, AlertFacts facts);

    /// <summary>Closes the condition; a "resolved" message goes out if it was open.</summary>
    [Alias("clear")]
    Task ClearAsync(string key);

    /// <summary>A card's status changed: not ready (after it was ready once) opens its alert, ready clears it.</summary>
    [Alias("card-status")]
    Task CardStatusAsync(string cardId, string? last4, string status, string? reason);

    /// <summary>A bank notification reached the card (for the silence condition); callers report at most every few minutes.</summary>
    [Alias("seen")]
    Task NotificationSeenAsync(string cardId, DateTimeOffset at);

    /// <summary>A card's transactions expired unpaid while its feed was live: silence, if it has heard nothing for ALERT_SILENCE.</summary>
    [Alias("expired-unpaid")]
    Task ExpiredUnpaidAsync(string cardId, string? last4, int count);

    /// <summary>Sends a test message at once, bypassing the outbox, and says how it went.</summary>
    [Alias("test")]
    Task<AlertTestResult> TestAsync();

    /// <summary>Open alerts first, then the recent resolved and one-time ones, newest first.</summary>
    [Alias("list")]
    [AlwaysInterleave]
    Task<IReadOnlyList<AlertView>> ListAsync();

    /// <summary>Activates the grain so it sends what it still owes (after a restart).</summary>
    [Alias("wake")]
    Task WakeAsync();
}

/// <summary>What an alert says. Only these fields reach a message: nothing free-form but <see cref="Detail"/>, which is redacted.</summary>
[GenerateSerializer, Immutable, Alias("paycue.alert-facts")]
public sealed record AlertFacts(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? CardId = null,
    [property: Id(2)] string? Last4 = null,
    [property: Id(3)] long? AmountTiyin = null,
    [property: Id(4)] int? Count = null,
    [property: Id(5)] string? Detail = null,
    [property: Id(6)] bool OneShot = false);

[GenerateSerializer, Immutable, Alias("paycue.alert-view")]
public sealed record AlertView(
    [property: Id(0)] string Key,
    [property: Id(1)] string Kind,
    [property: Id(2)] string State,
    [property: Id(3)] string? CardId,
    [property: Id(4)] string? Last4,
    [property: Id(5)] long? AmountTiyin,
    [property: Id(6)] int? Count,
    [property: Id(7)] string? Detail,
    [property: Id(8)] DateTimeOffset OpenedAt,
    [property: Id(9)] DateTimeOffset? ResolvedAt,
    [property: Id(10)] DateTimeOffset? LastSentAt,
    [property: Id(11)] int Reminders,
    [property: Id(12)] int PendingMessages,
    [property: Id(13)] string? LastError,
    [property: Id(14)] string Text);

/// <param name="Sent">The Bot API accepted the message.</param>
/// <param name="Problem">Why not, in a sentence that names what to fix (never the token).</param>
[GenerateSerializer, Immutable, Alias("paycue.alert-test")]
public sealed record AlertTestResult([property: Id(0)] bool Sent, [property: Id(1)] string? Problem, [property: Id(2)] string Text);
