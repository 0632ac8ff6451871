using Paycue.Grains.Alerts;
using Paycue.Grains.Configuration;

namespace Paycue.Grains.Tests.Alerts;

/// <summary>The ALERT_* keys: defaults, and a clear error for each bad value that never echoes a token.</summary>
public sealed class AlertOptionsTests
{
    private const string Token = "123456789:AAFakeBotTokenForPaycueTests_0123456789";

    private static PaycueOptions Load(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return PaycueOptions.Load(key => map.GetValueOrDefault(key));
    }

    private static string Error(params (string Key, string Value)[] values) => Assert.Throws<PaycueConfigException>(() => Load(values)).Message;

    [Fact]
    public void DefaultsAreTheIssuesAndTelegramIsOff()
    {
        var alerts = Load().Alerts;
        Assert.Equal("uz", alerts.Language);
        Assert.False(alerts.TelegramConfigured);
        Assert.Equal(TimeSpan.FromHours(1), alerts.Repeat);
        Assert.Equal(TimeSpan.FromMinutes(2), alerts.FeedDown);
        Assert.Equal(5, alerts.WebhookFailures);
        Assert.True(alerts.Unmatched);
        Assert.Equal(TimeSpan.FromHours(24), alerts.Silence);
        Assert.False(alerts.Webhooks);
        Assert.Equal(new Uri("https://api.telegram.org"), alerts.BotApiUrl);
    }

    [Fact]
    public void EveryKeyIsRead()
    {
        var alerts = Load(("ALERT_BOT_TOKEN", Token), ("ALERT_CHAT_ID", "-1001234567890"), ("ALERT_LANG", "RU"), ("ALERT_REPEAT", "30m"),
            ("ALERT_FEED_DOWN", "5m"), ("ALERT_WEBHOOK_FAILURES", "3"), ("ALERT_UNMATCHED", "false"), ("ALERT_SILENCE", "0"),
            ("WEBHOOK_ALERTS", "true"), ("WEBHOOK_URL", "https://shop.example.uz/hook"), ("TELEGRAM_BOT_API_URL", "http://127.0.0.1:8081")).Alerts;
        Assert.True(alerts.TelegramConfigured);
        Assert.Equal("ru", alerts.Language);
        Assert.Equal(TimeSpan.FromMinutes(30), alerts.Repeat);
        Assert.Equal(TimeSpan.FromMinutes(5), alerts.FeedDown);
        Assert.Equal(3, alerts.WebhookFailures);
        Assert.False(alerts.Unmatched);
        Assert.Equal(TimeSpan.Zero, alerts.Silence);
        Assert.True(alerts.Webhooks);
        Assert.Equal("http://127.0.0.1:8081/", alerts.BotApiUrl.ToString());
        Assert.DoesNotContain(Token, alerts.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AAFake", Load(("ALERT_BOT_TOKEN", Token), ("ALERT_CHAT_ID", "@paycue_alerts")).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadValuesNameTheKeyAndWhatToWrite()
    {
        var badToken = Error(("ALERT_BOT_TOKEN", "123456789-AAsecretsecretsecretsecret"), ("ALERT_CHAT_ID", "1"));
        Assert.StartsWith("ALERT_BOT_TOKEN:", badToken);
        Assert.DoesNotContain("AAsecret", badToken, StringComparison.Ordinal);
        Assert.StartsWith("ALERT_CHAT_ID:", Error(("ALERT_BOT_TOKEN", Token)));
        Assert.StartsWith("ALERT_BOT_TOKEN:", Error(("ALERT_CHAT_ID", "12345")));
        Assert.DoesNotContain(Token, Error(("ALERT_BOT_TOKEN", Token)), StringComparison.Ordinal);
        Assert.StartsWith("ALERT_CHAT_ID:", Error(("ALERT_BOT_TOKEN", Token), ("ALERT_CHAT_ID", "my chat")));
        Assert.StartsWith("ALERT_LANG:", Error(("ALERT_LANG", "de")));
        Assert.StartsWith("ALERT_REPEAT:", Error(("ALERT_REPEAT", "0")));
        Assert.StartsWith("ALERT_FEED_DOWN:", Error(("ALERT_FEED_DOWN", "soon")));
        Assert.StartsWith("ALERT_SILENCE:", Error(("ALERT_SILENCE", "500ms")));
        Assert.StartsWith("ALERT_WEBHOOK_FAILURES:", Error(("ALERT_WEBHOOK_FAILURES", "0")));
        Assert.StartsWith("ALERT_UNMATCHED:", Error(("ALERT_UNMATCHED", "maybe")));
        Assert.StartsWith("WEBHOOK_ALERTS:", Error(("WEBHOOK_ALERTS", "true")));
        Assert.StartsWith("TELEGRAM_BOT_API_URL:", Error(("TELEGRAM_BOT_API_URL", "api.telegram.org")));
    }

    [Theory]
    [InlineData("uz", "yana tayyor")]
    [InlineData("ru", "снова готова")]
    [InlineData("en", "ready again")]
    public void MessagesSpeakTheConfiguredLanguage(string language, string resolved)
    {
        var facts = new AlertFacts(AlertKinds.CardStatus, "tg-1", "1234");
        Assert.Contains(resolved, AlertTexts.Render(language, facts, AlertTexts.Moment.Resolved, new AlertOptions()));
        Assert.Contains("*1234", AlertTexts.Render(language, facts, AlertTexts.Moment.Opened, new AlertOptions()));
    }

    [Fact]
    public void AmountsAreWrittenFromIntegerTiyin()
    {
        Assert.Equal("150 000", AlertTexts.Som(15_000_000));
        Assert.Equal("1 234,05", AlertTexts.Som(123_405));
        Assert.Equal("0,50", AlertTexts.Som(50));
    }
}
