using Microsoft.Playwright;
using Paycue.Gateway.Tests.PayPage;

namespace Paycue.Gateway.Tests.Cluster;

/// <summary>The Orleans Dashboard in a real Chromium, served by the real program on Kestrel.</summary>
public sealed class DashboardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task DashboardListsOurGrainTypesToAnAuthenticatedBrowser()
    {
        // Some traffic, so both grain types have activations to show.
        var tx = await fixture.Paycue.CreateTransactionAsync("45000");
        Assert.True(await fixture.Paycue.PaySandboxAsync(tx.GetProperty("amount").GetRawText()));

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            HttpCredentials = new HttpCredentials { Username = PaycueProcess.User, Password = PaycueProcess.Password },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync($"{fixture.Paycue.BaseUrl}/dashboard/");
        Assert.Equal(200, response!.Status);

        // The overview shows Orleans' own system grains; ours are on the Grains page, filled in by its polling.
        await page.GetByText("Grains", new PageGetByTextOptions { Exact = true }).First.ClickAsync();
        await page.WaitForFunctionAsync("() => document.body.innerText.includes('CardGrain') && document.body.innerText.includes('TransactionGrain')");
        var text = await page.InnerTextAsync("body");
        Assert.Contains("CardGrain", text);
        Assert.Contains("TransactionGrain", text);
        await BrowserFixture.ScreenshotAsync(page, nameof(DashboardListsOurGrainTypesToAnAuthenticatedBrowser));
    }

    [Fact]
    public async Task DashboardRefusesABrowserWithoutCredentials()
    {
        await using var context = await fixture.NewContextAsync();

        // Headless Chromium turns a Basic challenge into a navigation error, so ask through the browser's own
        // request stack to see the status.
        var response = await context.APIRequest.GetAsync($"{fixture.Paycue.BaseUrl}/dashboard/");
        Assert.Equal(401, response.Status);
        Assert.StartsWith("Basic", response.Headers["www-authenticate"]);
        Assert.DoesNotContain("Orleans Dashboard", await response.TextAsync());
    }
}
