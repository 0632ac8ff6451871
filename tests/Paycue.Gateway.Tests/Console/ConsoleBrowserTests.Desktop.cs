using System.Globalization;
using Microsoft.Playwright;
using Paycue.Gateway.Tests.PayPage;
using static Microsoft.Playwright.Assertions;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>The same pages on a desktop screen: lists are real tables with their header row, nothing scrolls sideways.</summary>
public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task EveryPageReadsAsTablesOnADesktopScreen()
    {
        var som = NextSom();
        var id = (await CreateAsync(som)).GetProperty("transaction_id").GetString()!;
        Assert.True(await fixture.Paycue.PaySandboxAsync(som.ToString(CultureInfo.InvariantCulture)));
        var credit = await PaidAfterCancelAsync();
        await using var context = await fixture.NewContextAsync(width: 1280, height: 900);
        var page = await fixture.SignedInPageAsync(context);

        foreach (var (path, name) in new[]
        {
            ("/", "overview"), ("/transactions", "transactions"), ($"/transactions/{id}", "transaction"), ("/payments", "payments"),
            ($"/payments/{Uri.EscapeDataString(credit)}", "credit"), ("/cards", "cards"), ("/webhooks", "webhooks"), ("/sandbox", "sandbox"),
        })
        {
            await page.GotoAsync(Url(path));
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            await ConsolePageChecks.AssertNoHorizontalScrollAsync(page);

            // A list's header row is on screen above its rows (on a phone it moves out of sight).
            foreach (var header in await page.Locator("table.rows thead").AllAsync())
            {
                Assert.True((await header.BoundingBoxAsync())!.X >= 0, $"{path}: the table's header row is off screen");
            }

            await BrowserFixture.ScreenshotAsync(page, $"Console1280-{name}");
        }
    }
}
