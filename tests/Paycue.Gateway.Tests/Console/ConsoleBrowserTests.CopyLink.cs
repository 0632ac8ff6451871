using Microsoft.Playwright;
using Paycue.Gateway.Tests.PayPage;
using static Microsoft.Playwright.Assertions;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>"Copy the pay link" puts the transaction's pay URL on the clipboard and says so.</summary>
public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task CopyThePayLinkPutsThePayUrlOnTheClipboard()
    {
        var id = (await CreateAsync(NextSom())).GetProperty("transaction_id").GetString()!;
        await using var context = await fixture.NewContextAsync(permissions: ["clipboard-read", "clipboard-write"]);
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url($"/transactions/{id}"));
        var payUrl = await page.Locator("#pay-link").InputValueAsync();
        Assert.EndsWith($"/pay/{id}", payUrl, StringComparison.Ordinal);

        // Something else on the clipboard first, so the copy must replace it.
        await page.EvaluateAsync("() => navigator.clipboard.writeText('not the link')");
        var copy = page.GetByRole(AriaRole.Button, new() { Name = Uz["Copy the pay link"] });
        await copy.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = Uz["Copied"] })).ToHaveCountAsync(1);
        Assert.Equal(payUrl, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await BrowserFixture.ScreenshotAsync(page, "ConsoleCopyPayLink");
    }
}
