namespace Paycue.Grains.Alerts;

/// <summary>The conditions an alert can be about, as <c>kind</c> in <c>GET /api/alerts</c> and alert webhooks.</summary>
public static class AlertKinds
{
    /// <summary>A card left <c>ready</c> (session ended, login needed, error); resolved when it is ready again.</summary>
    public const string CardStatus = "card_status";

    /// <summary>A card's Telegram feed has been down for more than ALERT_FEED_DOWN.</summary>
    public const string FeedDown = "feed_down";

    /// <summary>ALERT_WEBHOOK_FAILURES consecutive failed delivery attempts to WEBHOOK_URL.</summary>
    public const string WebhookFailures = "webhook_failures";

    /// <summary>A credit that paid no transaction (one-time).</summary>
    public const string Unmatched = "unmatched";

    /// <summary>The balance chain broke and the catch-up did not find the missing money (one-time).</summary>
    public const string BalanceGap = "balance_gap";

    /// <summary>A card that used to get notifications got none for ALERT_SILENCE while its transactions expired unpaid.</summary>
    public const string Silence = "silence";

    public const string Test = "test";

    public static string CardKey(string kind, string cardId) => $"{kind}:{cardId}";
}
