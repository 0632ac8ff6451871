using Microsoft.Playwright;
using Paycue.Gateway.Tests.PayPage;
using static Microsoft.Playwright.Assertions;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>"Send a test webhook" on the webhooks page, through the same service as <c>POST /api/webhooks/test</c>.</summary>
public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task TheTestWebhookButtonShowsTheReceiversStatusLatencyAndAnswer()
    {
        var before = fixture.Webhooks.For("test").Count;
        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GetByRole(AriaRole.Link, new() { Name = Uz["Webhooks"] }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Send a test webhook"] }).ClickAsync();

        await Expect(page.Locator("#test-verdict")).ToHaveTextAsync(Uz["Your backend accepted the test webhook."]);
        await Expect(page.Locator("#test-status")).ToHaveTextAsync("HTTP 200");
        await Expect(page.Locator("#test-latency")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ ms$"));
        await Expect(page.Locator("#test-answer")).ToHaveTextAsync("{\"ok\":true}");
        await BrowserFixture.ScreenshotAsync(page, "ConsoleWebhookTest");

        // It really reached the receiver, once per click.
        var got = await fixture.Webhooks.WaitForAsync("test", h => h.Count >= before + 1, TimeSpan.FromSeconds(10));
        Assert.Equal("test", got[^1].Action);
        Assert.Equal(before + 1, fixture.Webhooks.For("test").Count);
    }
}
