namespace Paycue.Grains.Alerts;

/// <summary>The alert grain's durable state (grain storage: Redis in Redis mode), written before anything is sent.</summary>
public sealed class AlertState
{
    /// <summary>Open conditions by key: one alert each, however often they are raised.</summary>
    public Dictionary<string, AlertRecord> Open { get; set; } = [];

    /// <summary>Resolved and one-time alerts, newest last, at most <see cref="AlertGrain.RecentKept"/>.</summary>
    public List<AlertRecord> Recent { get; set; } = [];

    /// <summary>Messages owed to the bot and the webhook, oldest first; removed once both took them.</summary>
    public List<AlertMessage> Outbox { get; set; } = [];

    /// <summary>When each card last received a bank notification (for silence).</summary>
    public Dictionary<string, DateTimeOffset> LastSeen { get; set; } = [];

    /// <summary>Cards that have been ready once: only those "leave" ready (a new card waiting for its login does not).</summary>
    public HashSet<string> ReadyCards { get; set; } = [];
}

public sealed class AlertRecord
{
    public string Key { get; set; } = "";

    public AlertFacts Facts { get; set; } = new("");

    /// <summary>open, resolved, or sent (a one-time alert).</summary>
    public string State { get; set; } = "open";

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>When the last opening or reminder message was queued; the next reminder is ALERT_REPEAT after it.</summary>
    public DateTimeOffset LastNotifiedAt { get; set; }

    /// <summary>When the bot last accepted a message about it.</summary>
    public DateTimeOffset? LastSentAt { get; set; }

    public int Reminders { get; set; }

    public string Text { get; set; } = "";
}

public sealed class AlertMessage
{
    /// <summary>Also the webhook's <c>webhook-id</c>, the same on every retry.</summary>
    public string Id { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>opened, reminder or resolved.</summary>
    public string Moment { get; set; } = "opened";

    public AlertFacts Facts { get; set; } = new("");

    public string Text { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public bool TelegramDone { get; set; }

    public bool WebhookDone { get; set; }

    public int TelegramAttempts { get; set; }

    public int WebhookAttempts { get; set; }

    public string? LastError { get; set; }
}
