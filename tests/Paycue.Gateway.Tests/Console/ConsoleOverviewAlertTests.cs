using System.Globalization;
using System.Text.RegularExpressions;
using Paycue.Gateway.Tests.PayPage;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>The overview's open alerts, read through the same alert service as <c>GET /api/alerts</c>.</summary>
public sealed class ConsoleOverviewAlertTests
{
    [Fact]
    public async Task AnOpenAlertIsCountedAndShownOnTheOverview()
    {
        // Nothing listens at WEBHOOK_URL, and one failed attempt is already an alert.
        await using var paycue = await PaycueProcess.StartAsync(new Dictionary<string, string>
        {
            ["WEBHOOK_URL"] = $"http://127.0.0.1:{FreePort.Next()}/hook",
            ["WEBHOOK_BACKOFF"] = "1h",
            ["ALERT_WEBHOOK_FAILURES"] = "1",
        });
        using var console = await ConsoleHttp.SignInAsync(paycue.BaseUrl);
        var quiet = await console.Client.GetStringAsync("/console/");
        Assert.Equal("0", Regex.Match(quiet, "id=\"open-alerts\">([^<]*)<").Groups[1].Value);

        var tx = await paycue.CreateTransactionAsync("41000");
        Assert.True((await paycue.Http.DeleteAsync($"/api/transactions/{tx.GetProperty("transaction_id").GetString()}")).IsSuccessStatusCode);
        var alerts = await Eventually.WaitAsync(
            async () => await PaycueApp.DataAsync(await paycue.Http.GetAsync("/api/alerts")),
            list => list.EnumerateArray().Any(a => a.GetProperty("state").GetString() == "open"),
            TimeSpan.FromSeconds(30),
            "the webhook_failures alert to open");
        var open = alerts.EnumerateArray().Single(a => a.GetProperty("state").GetString() == "open");
        Assert.Equal("webhook_failures", open.GetProperty("kind").GetString());

        var html = await console.Client.GetStringAsync("/console/");
        Assert.Equal("1", Regex.Match(html, "id=\"open-alerts\">([^<]*)<").Groups[1].Value);
        var listed = Regex.Match(html, "<ul id=\"alerts\"><li>(.*?)</li></ul>", RegexOptions.Singleline);
        Assert.True(listed.Success, "the overview lists the open alert");
        Assert.Contains("WEBHOOK_URL", System.Net.WebUtility.HtmlDecode(listed.Groups[1].Value), StringComparison.Ordinal);
        Assert.Equal(1.ToString(CultureInfo.InvariantCulture), Regex.Matches(html, "<ul id=\"alerts\">.*?</ul>", RegexOptions.Singleline).Count.ToString(CultureInfo.InvariantCulture));
    }
}
