using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Paycue.Gateway.MerchantConsole;
using Paycue.Gateway.Tests.PayPage;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary><c>TZ</c> moves the console's times (and says so on every page), as it moves the exports' times.</summary>
public sealed partial class ConsoleTimeZoneTests
{
    [Fact]
    public async Task TimesAreInTheZoneTzNames()
    {
        await using var paycue = await PaycueProcess.StartAsync(new Dictionary<string, string> { ["TZ"] = "Europe/Berlin" });
        var tx = await paycue.CreateTransactionAsync("43000");
        var id = tx.GetProperty("transaction_id").GetString()!;
        var created = tx.GetProperty("created_at").GetDateTimeOffset();

        using var console = await ConsoleHttp.SignInAsync(paycue.BaseUrl);
        var html = await console.Client.GetStringAsync($"/console/transactions/{id}");
        Assert.Contains(WebUtility.HtmlEncode(string.Format(CultureInfo.InvariantCulture, ConsoleText.Uzbek["Times are in {0}."], "Europe/Berlin")), html, StringComparison.Ordinal);

        // The timeline's first entry, its creation, in Berlin's time of that instant (not Tashkent's, not UTC).
        var shown = FirstTimePattern().Match(html).Groups[1].Value;
        var berlin = TimeZoneInfo.ConvertTime(created, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Equal(berlin.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), shown);
        Assert.NotEqual(created.ToOffset(TimeSpan.FromHours(5)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), shown);
    }

    [GeneratedRegex(@"<ol id=""timeline"" class=""timeline""><li><time datetime=""[^""]+"">([^<]+)</time>")]
    private static partial Regex FirstTimePattern();
}
