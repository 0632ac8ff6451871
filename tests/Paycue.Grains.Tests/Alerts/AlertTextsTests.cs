using Paycue.Grains.Alerts;
using Paycue.Grains.Configuration;

namespace Paycue.Grains.Tests.Alerts;

/// <summary>
/// Every message the bot can send, in each ALERT_LANG: written in that language (none falls back to another), naming
/// the card and the condition's facts, a reminder marked as one, and a "resolved" text of its own for each condition
/// that clears.
/// </summary>
public sealed class AlertTextsTests
{
    private static readonly AlertOptions Options = new();

    /// <summary>Each condition with the facts a real one carries.</summary>
    public static readonly TheoryData<string> Kinds = new(
        AlertKinds.CardStatus, AlertKinds.FeedDown, AlertKinds.WebhookFailures, AlertKinds.Unmatched, AlertKinds.BalanceGap, AlertKinds.Silence, AlertKinds.Test);

    private static readonly string[] Clearing = [AlertKinds.CardStatus, AlertKinds.FeedDown, AlertKinds.WebhookFailures, AlertKinds.Silence];

    private static AlertFacts Facts(string kind) => kind switch
    {
        AlertKinds.CardStatus => new AlertFacts(kind, "tg-1", "1234", Detail: "login_required: session ended from another device"),
        AlertKinds.FeedDown => new AlertFacts(kind, "tg-1", "1234", Count: 37),
        AlertKinds.WebhookFailures => new AlertFacts(kind, Count: 37, Detail: "HTTP 503."),
        AlertKinds.Unmatched => new AlertFacts(kind, "tg-1", "1234", 123_450, Detail: "no_open_transaction", OneShot: true),
        AlertKinds.BalanceGap => new AlertFacts(kind, "tg-1", "1234", 123_450, OneShot: true),
        AlertKinds.Silence => new AlertFacts(kind, "tg-1", "1234", Count: 37),
        _ => new AlertFacts(kind),
    };

    private static bool Cyrillic(string text) => text.Any(c => c is >= '\u0400' and <= '\u04FF');

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachLanguageHasItsOwnTextForEveryConditionWithItsFacts(string kind)
    {
        var facts = Facts(kind);
        var texts = new[] { "uz", "ru", "en" }.ToDictionary(l => l, l => AlertTexts.Render(l, facts, AlertTexts.Moment.Opened, Options));

        Assert.Equal(3, texts.Values.Distinct().Count());
        Assert.True(Cyrillic(texts["ru"]), texts["ru"]);
        Assert.False(Cyrillic(texts["uz"]), texts["uz"]);
        Assert.False(Cyrillic(texts["en"]), texts["en"]);
        foreach (var (language, text) in texts)
        {
            // The catch-all ("Paycue: <kind> ...") has no sign in front: no language may fall into it.
            Assert.StartsWith(kind == AlertKinds.Unmatched ? "💸 Paycue: " : kind == AlertKinds.Test ? "✅ Paycue: " : "⚠️ Paycue: ", text);
            if (facts.Last4 is not null)
            {
                Assert.Contains("*1234", text);
            }

            if (facts.AmountTiyin is not null)
            {
                Assert.Contains("1 234,50", text);
            }

            if (facts.Count is not null)
            {
                Assert.Contains("37", text);
            }

            if (facts.Detail is not null && kind != AlertKinds.BalanceGap)
            {
                Assert.Contains($"({facts.Detail})", text);
            }

            Assert.True(text.Length < 300, $"{language} {kind}: {text.Length} characters");
        }
    }

    [Theory]
    [InlineData("uz", "🔁 Hali ham: ")]
    [InlineData("ru", "🔁 Всё ещё: ")]
    [InlineData("en", "🔁 Still: ")]
    public void AReminderIsTheOpenedTextMarkedAsOneInItsLanguage(string language, string prefix)
    {
        foreach (var kind in Clearing)
        {
            var opened = AlertTexts.Render(language, Facts(kind), AlertTexts.Moment.Opened, Options);
            Assert.Equal(prefix + opened, AlertTexts.Render(language, Facts(kind), AlertTexts.Moment.Reminder, Options));
        }
    }

    [Theory]
    [InlineData("uz")]
    [InlineData("ru")]
    [InlineData("en")]
    public void EveryConditionThatClearsHasAResolvedTextOfItsOwn(string language)
    {
        var resolved = Clearing.ToDictionary(k => k, k => AlertTexts.Render(language, Facts(k), AlertTexts.Moment.Resolved, Options));

        Assert.Equal(Clearing.Length, resolved.Values.Distinct().Count());
        foreach (var (kind, text) in resolved)
        {
            Assert.StartsWith("✅ Paycue: ", text);
            Assert.NotEqual(AlertTexts.Render(language, Facts(kind), AlertTexts.Moment.Opened, Options), text);
            Assert.Equal(language == "ru", Cyrillic(text));
            if (kind != AlertKinds.WebhookFailures)
            {
                Assert.Contains("*1234", text);
            }
        }
    }

    [Fact]
    public void TheDurationsInATextAreTheConfiguredOnes()
    {
        var options = new AlertOptions { FeedDown = TimeSpan.FromMinutes(5), Silence = TimeSpan.FromHours(6) };
        foreach (var language in new[] { "uz", "ru", "en" })
        {
            Assert.Contains(Durations.Format(options.FeedDown), AlertTexts.Render(language, Facts(AlertKinds.FeedDown), AlertTexts.Moment.Opened, options));
            Assert.Contains(Durations.Format(options.Silence), AlertTexts.Render(language, Facts(AlertKinds.Silence), AlertTexts.Moment.Opened, options));
        }
    }
}
