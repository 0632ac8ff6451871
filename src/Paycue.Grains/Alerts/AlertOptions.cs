using System.Globalization;
using System.Text.RegularExpressions;
using Paycue.Grains.Configuration;

namespace Paycue.Grains.Alerts;

/// <summary>The alert keys of <c>.env</c> (see <see cref="PaycueOptions.Alerts"/>), validated once at start-up.</summary>
public sealed partial record AlertOptions
{
    public static readonly Uri DefaultBotApi = new("https://api.telegram.org");

    /// <summary>uz (default), ru or en.</summary>
    public string Language { get; init; } = "uz";

    /// <summary>The bot's token from @BotFather. Never logged: it is part of every Bot API URL.</summary>
    public string? BotToken { get; init; }

    /// <summary>Where the bot writes: a numeric chat id (a person, a group: -100...) or @channelname.</summary>
    public string? ChatId { get; init; }

    public Uri BotApiUrl { get; init; } = DefaultBotApi;

    /// <summary>How often an open alert is repeated as a reminder.</summary>
    public TimeSpan Repeat { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a card's feed may be down before it is an alert.</summary>
    public TimeSpan FeedDown { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Consecutive failed webhook delivery attempts to WEBHOOK_URL that make an alert.</summary>
    public int WebhookFailures { get; init; } = 5;

    /// <summary>Alert on each credit that paid no transaction.</summary>
    public bool Unmatched { get; init; } = true;

    /// <summary>How long without a notification, while transactions expire unpaid, is silence; zero: off.</summary>
    public TimeSpan Silence { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Also send every alert as a signed webhook with <c>"action": "alert"</c>.</summary>
    public bool Webhooks { get; init; }

    public bool TelegramConfigured => BotToken is not null && ChatId is not null;

    [GeneratedRegex(@"^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^(-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$")]
    private static partial Regex ChatPattern();

    public static AlertOptions Load(Func<string, string?> get, bool webhookUrlSet)
    {
        string? Text(string key)
        {
            var value = get(key);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        TimeSpan Duration(string key, TimeSpan fallback, TimeSpan min, bool zeroAllowed = false)
        {
            var text = Text(key);
            if (text is null)
            {
                return fallback;
            }

            if (!Durations.TryParse(text, out var value, out var tooLong) || tooLong || (value < min && !(zeroAllowed && value == TimeSpan.Zero)))
            {
                throw new PaycueConfigException($"{key}: '{text}' is not a duration of at least {Durations.Format(min)}{(zeroAllowed ? " (or 0 for off)" : "")} and at most ten years; write it like 30m, 45s, 1h or 24h.");
            }

            return value;
        }

        bool Flag(string key, bool fallback) => Text(key)?.ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            var other => throw new PaycueConfigException($"{key}: '{other}' is not true or false."),
        };

        var language = Text("ALERT_LANG")?.ToLowerInvariant() ?? "uz";
        if (language is not ("uz" or "ru" or "en"))
        {
            throw new PaycueConfigException($"ALERT_LANG: '{language}' is unknown; use uz, ru or en.");
        }

        var token = Text("ALERT_BOT_TOKEN");
        if (token is not null && !TokenPattern().IsMatch(token))
        {
            // Never echo the value: it may be a real token with a typo.
            throw new PaycueConfigException("ALERT_BOT_TOKEN: this is not a bot token (digits, a colon, then 20 or more letters, digits, - or _); copy it from @BotFather.");
        }

        var chat = Text("ALERT_CHAT_ID");
        if (chat is not null && !ChatPattern().IsMatch(chat))
        {
            throw new PaycueConfigException($"ALERT_CHAT_ID: '{chat}' is not a chat id; use the numeric id (a group's starts with -100) or @channelname.");
        }

        if ((token is null) != (chat is null))
        {
            throw new PaycueConfigException(token is null
                ? "ALERT_BOT_TOKEN: ALERT_CHAT_ID is set but the bot token is not; set both (the token from @BotFather), or neither to send no Telegram alerts."
                : "ALERT_CHAT_ID: ALERT_BOT_TOKEN is set but not the chat to write to; set the chat's numeric id (or @channelname), or remove the token.");
        }

        var apiText = Text("TELEGRAM_BOT_API_URL");
        var api = DefaultBotApi;
        if (apiText is not null && (!Uri.TryCreate(apiText, UriKind.Absolute, out api!) || (api.Scheme != Uri.UriSchemeHttp && api.Scheme != Uri.UriSchemeHttps)))
        {
            throw new PaycueConfigException($"TELEGRAM_BOT_API_URL: '{apiText}' is not an absolute http:// or https:// URL; leave it empty for https://api.telegram.org.");
        }

        var failuresText = Text("ALERT_WEBHOOK_FAILURES");
        var failures = 5;
        if (failuresText is not null && (!int.TryParse(failuresText, NumberStyles.Integer, CultureInfo.InvariantCulture, out failures) || failures < 1 || failures > 1000))
        {
            throw new PaycueConfigException($"ALERT_WEBHOOK_FAILURES: '{failuresText}' is not a whole number from 1 to 1000.");
        }

        var webhooks = Flag("WEBHOOK_ALERTS", false);
        if (webhooks && !webhookUrlSet)
        {
            throw new PaycueConfigException("WEBHOOK_ALERTS: true, but WEBHOOK_URL is not set; set WEBHOOK_URL to your shop's webhook address, or WEBHOOK_ALERTS=false.");
        }

        return new AlertOptions
        {
            Language = language,
            BotToken = token,
            ChatId = chat,
            BotApiUrl = api,
            Repeat = Duration("ALERT_REPEAT", TimeSpan.FromHours(1), TimeSpan.FromSeconds(1)),
            FeedDown = Duration("ALERT_FEED_DOWN", TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1)),
            WebhookFailures = failures,
            Unmatched = Flag("ALERT_UNMATCHED", true),
            Silence = Duration("ALERT_SILENCE", TimeSpan.FromHours(24), TimeSpan.FromSeconds(1), zeroAllowed: true),
            Webhooks = webhooks,
        };
    }

    /// <summary>Never the token: records print themselves in logs and test failures.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Language = ").Append(Language).Append(", Telegram = ").Append(TelegramConfigured ? "configured" : "off")
            .Append(", Repeat = ").Append(Durations.Format(Repeat)).Append(", FeedDown = ").Append(Durations.Format(FeedDown))
            .Append(", WebhookFailures = ").Append(WebhookFailures).Append(", Unmatched = ").Append(Unmatched)
            .Append(", Silence = ").Append(Durations.Format(Silence)).Append(", Webhooks = ").Append(Webhooks);
        return true;
    }
}
