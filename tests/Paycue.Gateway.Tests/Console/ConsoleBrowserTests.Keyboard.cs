using Microsoft.Playwright;
using Paycue.Gateway.Tests.PayPage;
using static Microsoft.Playwright.Assertions;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>The console with the keyboard alone: Tab to a field or button, type, Enter; the focus always visible.</summary>
public sealed partial class ConsoleBrowserTests
{
    /// <summary>
    /// Presses Tab until the focused element matches <paramref name="wanted"/> (a JavaScript predicate on it), at most
    /// <paramref name="max"/> times; every element the focus passes must show the focus ring.
    /// </summary>
    private static async Task TabToAsync(IPage page, string wanted, int max = 40)
    {
        for (var i = 0; i < max; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focus = await page.EvaluateAsync<System.Text.Json.JsonElement>($$"""
                () => {
                  const e = document.activeElement;
                  const style = getComputedStyle(e);
                  return { outline: style.outlineStyle + ' ' + style.outlineWidth, found: ({{wanted}})(e), where: e.outerHTML.slice(0, 100) };
                }
                """);
            var outline = focus.GetProperty("outline").GetString()!;
            Assert.True(outline.StartsWith("solid", StringComparison.Ordinal) && !outline.EndsWith(" 0px", StringComparison.Ordinal),
                $"no visible focus on {focus.GetProperty("where").GetString()}: outline {outline}");
            if (focus.GetProperty("found").GetBoolean())
            {
                return;
            }
        }

        Assert.Fail($"{max} presses of Tab never reached {wanted} on {page.Url}");
    }

    [Fact]
    public async Task SignInSearchAndCancelWithTheKeyboardAlone()
    {
        var id = (await CreateAsync(NextSom())).GetProperty("transaction_id").GetString()!;
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/"));
        Assert.EndsWith("/console/login", page.Url);

        // Sign in: Tab to the username, type, Tab to the password, type, Enter.
        await TabToAsync(page, "e => e.id === 'username'");
        await page.Keyboard.TypeAsync(PaycueProcess.User);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("password", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.TypeAsync(PaycueProcess.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(Url("/"));

        // The skip link takes the focus past the menu to the page's main landmark.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip", await page.EvaluateAsync<string>("() => document.activeElement.className"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // The menu: Tab to "Transactions" and follow it with Enter.
        await page.ReloadAsync();
        await TabToAsync(page, $"e => e.tagName === 'A' && e.textContent === {System.Text.Json.JsonSerializer.Serialize(Uz["Transactions"])}");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(Url("/transactions"));

        // Search by id: the search box, type, Enter, straight to the transaction's page.
        await TabToAsync(page, "e => e.id === 'q'");
        await page.Keyboard.TypeAsync(id);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(Url($"/transactions/{id}"));
        await Expect(page.Locator("#tx-state")).ToHaveTextAsync(Uz["active"]);

        // Cancel: Tab to the button and press Enter; the result is announced in a status region.
        await TabToAsync(page, $"e => e.tagName === 'BUTTON' && e.textContent === {System.Text.Json.JsonSerializer.Serialize(Uz["Cancel the transaction"])}");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(Uz["The transaction is cancelled; a cancel webhook follows."]);
        await Expect(page.Locator("#tx-state")).ToHaveTextAsync(Uz["cancelled"]);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleKeyboardOnly");

        var view = await PaycueApp.DataAsync(await fixture.Paycue.Http.GetAsync($"/api/transactions/{id}"));
        Assert.Equal("cancelled", view.GetProperty("state").GetString());
    }

    [Fact]
    public async Task TheOverviewAndTheListRefreshThemselvesButNeverUnderTheKeyboardFocus()
    {
        await using var context = await fixture.NewContextAsync();
        var overview = await fixture.SignedInPageAsync(context);
        var list = await context.NewPageAsync();
        await list.GotoAsync(Url("/transactions"));

        // A mark on each page's window: it survives only if the page was not loaded again.
        await overview.EvaluateAsync("() => window.paycueMark = 1");
        await list.EvaluateAsync("() => window.paycueMark = 1");
        var created = int.Parse((await overview.Locator("#today-created").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);

        // The keyboard rests on the list's first row link while a transaction is created elsewhere.
        await list.Locator("#list tbody tr a").First.FocusAsync();
        var id = (await CreateAsync(NextSom())).GetProperty("transaction_id").GetString()!;
        var newRow = list.Locator($"#list a[href$='/transactions/{id}']");

        // The overview counts it within a refresh or two (every 10 s); the list, with the focus inside it, waits.
        await Expect(overview.Locator("#today-created")).ToHaveTextAsync((created + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 25_000 });
        await list.WaitForTimeoutAsync(11_000);
        Assert.Equal(0, await newRow.CountAsync());
        Assert.True(await list.EvaluateAsync<bool>("() => document.activeElement.closest('#list') !== null"));

        // Focus elsewhere: the next refresh brings the new row in, without loading the page again.
        await list.Locator("#q").FocusAsync();
        await Expect(newRow).ToHaveCountAsync(1, new() { Timeout = 25_000 });
        Assert.Equal(1, await overview.EvaluateAsync<int>("() => window.paycueMark"));
        Assert.Equal(1, await list.EvaluateAsync<int>("() => window.paycueMark"));
        Assert.Equal("q", await list.EvaluateAsync<string>("() => document.activeElement.id"));
        await BrowserFixture.ScreenshotAsync(list, "ConsoleListRefreshed");
    }
}
