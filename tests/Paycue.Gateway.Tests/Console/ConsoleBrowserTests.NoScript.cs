using System.Globalization;
using Microsoft.Playwright;
using Paycue.Gateway.Tests.PayPage;
using static Microsoft.Playwright.Assertions;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>Progressive enhancement: with JavaScript switched off, every action is still a form that works.</summary>
public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task SignInSandboxPaymentCancelAndResendWorkWithJavaScriptOff()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "uz-UZ",
        });
        context.SetDefaultTimeout(15_000);
        var page = await fixture.SignedInPageAsync(context);

        // The sandbox panel: create, then simulate the bank message.
        await page.GotoAsync(Url("/sandbox"));
        await page.GetByLabel(Uz["Amount, so'm"]).FillAsync(NextSom().ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Create a test transaction"] }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Simulate the bank message"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(string.Format(CultureInfo.InvariantCulture, Uz["The bank message was read: {0}."], "confirmed"));

        // Its page: send the webhook again.
        await page.Locator("#sandbox-tx a").ClickAsync();
        await Expect(page.Locator("#tx-state")).ToHaveTextAsync(Uz["confirmed"]);
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Send the webhook again"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(Uz["The webhook is being sent again with the same event id."]);

        // Another one cancelled from its page.
        var id = (await CreateAsync(NextSom())).GetProperty("transaction_id").GetString()!;
        await page.GotoAsync(Url($"/transactions/{id}"));
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Cancel the transaction"] }).ClickAsync();
        await Expect(page.Locator("#tx-state")).ToHaveTextAsync(Uz["cancelled"]);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleWithoutJavaScript");

        // And sign out.
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Sign out"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(Uz["You have signed out."]);
    }
}
