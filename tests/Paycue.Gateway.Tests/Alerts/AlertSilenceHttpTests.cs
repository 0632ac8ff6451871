using System.Globalization;
using System.Net;

namespace Paycue.Gateway.Tests.Alerts;

/// <summary>
/// Silence through the real program and a fake Bot API: a card that usually hears from its bank has heard nothing for
/// ALERT_SILENCE while its transactions expire unpaid, and a notification clears it; with ALERT_SILENCE=0, nothing.
/// </summary>
public sealed class AlertSilenceHttpTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("30s", true)]
    [InlineData("0", false)]
    public async Task SilenceWhileTransactionsExpireUnpaidAlertsAndResolvesUnlessItIsOff(string silence, bool alerts)
    {
        await using var bot = await FakeBotApi.StartAsync();
        await using var app = new PaycueApp(new Dictionary<string, string>
        {
            ["ALERT_BOT_TOKEN"] = FakeBotApi.Token,
            ["ALERT_CHAT_ID"] = FakeBotApi.ChatId,
            ["TELEGRAM_BOT_API_URL"] = bot.Url,
            ["ALERT_LANG"] = "en",
            ["ALERT_SILENCE"] = silence,
            ["SANDBOX_CARDS"] = "1",
            ["TRANSACTION_TIMEOUT"] = "1s",
            ["EXPIRY_GRACE"] = "0s",
        });
        var api = app.Authorized();

        // The card usually gets notifications: its last one came a minute ago.
        var minuteAgo = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);
        var old = await api.PostAsync("/api/sandbox/payments", PaycueApp.Json($$"""{"card_id": "sandbox-1", "amount": 1111, "date": "{{minuteAgo}}"}"""));
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        await bot.WaitForAsync(m => m.Any(x => x.Text.Contains("1 111 so'm", StringComparison.Ordinal)), Wait, "the old credit's unmatched alert");

        // A transaction nobody pays expires while the feed is live.
        var created = await PaycueApp.DataAsync(await api.PostAsync("/api/transactions", PaycueApp.Json("""{"amount": 2222, "card_id": "sandbox-1"}""")));
        var id = created.GetProperty("transaction_id").GetString();
        await Eventually.WaitAsync(async () => (await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions/{id}"))).GetProperty("state").GetString(),
            s => s == "cancelled", Wait, "the transaction expired");

        if (alerts)
        {
            var silent = await bot.WaitForAsync(m => m.Any(x => x.Text.Contains("has had no notification", StringComparison.Ordinal)), Wait, "the silence alert");
            Assert.Contains("card *0001 has had no notification for more than 30s while its transactions expire unpaid (1)", silent.Single(m => m.Text.Contains("no notification", StringComparison.Ordinal)).Text);

            await api.PostAsync("/api/sandbox/payments", PaycueApp.Json("""{"card_id": "sandbox-1", "amount": 3333}"""));
            var all = await bot.WaitForAsync(m => m.Any(x => x.Text.Contains("card *0001 receives notifications again", StringComparison.Ordinal)), Wait, "silence resolved");
            Assert.Single(all, m => m.Text.Contains("has had no notification", StringComparison.Ordinal));
            return;
        }

        // Off: a later alert is the fence, and nothing about silence came before it or is listed.
        await api.PostAsync("/api/sandbox/payments", PaycueApp.Json("""{"card_id": "sandbox-1", "amount": 3333}"""));
        var fenced = await bot.WaitForAsync(m => m.Any(x => x.Text.Contains("3 333 so'm", StringComparison.Ordinal)), Wait, "the fence");
        Assert.DoesNotContain(fenced, m => m.Text.Contains("no notification", StringComparison.Ordinal));
        var listed = await PaycueApp.DataAsync(await api.GetAsync("/api/alerts"));
        Assert.DoesNotContain(listed.EnumerateArray(), a => a.GetProperty("kind").GetString() == "silence");
    }
}
