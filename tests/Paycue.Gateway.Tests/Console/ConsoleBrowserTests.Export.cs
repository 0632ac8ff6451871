using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using Paycue.Gateway.Tests.PayPage;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>The payments page's CSV downloads: the API's exports behind the console cookie, for a chosen period.</summary>
public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task ThePaymentsPageDownloadsTodaysTransactionsAndPaymentsAsCsv()
    {
        var som = NextSom();
        var id = (await CreateAsync(som)).GetProperty("transaction_id").GetString()!;
        Assert.True(await fixture.Paycue.PaySandboxAsync(som.ToString(CultureInfo.InvariantCulture)));
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(5)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url("/payments"));
        await page.GetByLabel(Uz["From"]).FillAsync(today);
        await page.GetByLabel(Uz["To"]).FillAsync(today);

        async Task<List<string[]>> DownloadAsync(string button, string fileName)
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = Uz[button] }).ClickAsync());
            Assert.Equal(fileName, download.SuggestedFilename);
            Assert.StartsWith(Url($"/export/{fileName}?from={today}&to={today}"), download.Url, StringComparison.Ordinal);
            await using var stream = await download.CreateReadStreamAsync();
            using var reader = new StreamReader(stream);
            return Rfc4180Reader.Read(await reader.ReadToEndAsync());
        }

        await BrowserFixture.ScreenshotAsync(page, "ConsoleExport");
        var transactions = await DownloadAsync("Download transactions (CSV)", "transactions.csv");
        Assert.Equal("transaction_id", transactions[0][0]);
        var row = transactions.Single(r => r[0] == id);
        var header = transactions[0].ToList();
        Assert.Equal("confirmed", row[header.IndexOf("state")]);
        Assert.Equal(som.ToString(CultureInfo.InvariantCulture) + ".00", row[header.IndexOf("amount")]);

        var payments = await DownloadAsync("Download payments (CSV)", "payments.csv");
        Assert.Equal("payment_id", payments[0][0]);
        var columns = payments[0].ToList();
        Assert.Contains(payments, r => r[columns.IndexOf("transaction_id")] == id && r[columns.IndexOf("status")] == "matched");

        // A period before the transaction leaves it out; the same link without the cookie only leads to sign-in.
        var yesterday = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(5)).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var earlier = await context.APIRequest.GetAsync(Url($"/export/transactions.csv?from={yesterday}&to={yesterday}"));
        Assert.Equal(200, earlier.Status);
        Assert.DoesNotContain(id, await earlier.TextAsync(), StringComparison.Ordinal);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var refused = await anonymous.GetAsync(Url($"/export/transactions.csv?from={today}&to={today}"));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.EndsWith("/console/login", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var malformed = await context.APIRequest.GetAsync(Url("/export/payments.csv?from=yesterday"));
        Assert.Equal(400, malformed.Status);
    }
}
