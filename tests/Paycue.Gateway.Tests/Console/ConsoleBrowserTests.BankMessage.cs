using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Paycue.Gateway.Endpoints;
using Paycue.Gateway.Tests.PayPage;
using static Microsoft.Playwright.Assertions;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>The bank bot's own words on a paid transaction's timeline, on a stray credit's page and in the API, never in the log.</summary>
public sealed partial class ConsoleBrowserTests
{
    /// <summary>
    /// A sandbox Humo credit for <paramref name="som"/> whose merchant line is <paramref name="merchant"/> (markup and
    /// an ampersand, which the pages must show as text); its text and its ledger row's id.
    /// </summary>
    private async Task<(string Text, string PaymentId, bool Matched)> BankMessageAsync(long som, string merchant)
    {
        var text = SandboxEndpoints.HumoCredit(som * 100, "0001", DateTimeOffset.UtcNow).Replace("PAYCUE SANDBOX P2P", merchant, StringComparison.Ordinal);
        Assert.Contains(merchant, text, StringComparison.Ordinal);
        var body = JsonSerializer.Serialize(new Dictionary<string, object> { ["card_id"] = "sandbox-1", ["text"] = text });
        var data = await PaycueApp.DataAsync(await fixture.Paycue.Http.PostAsync("/api/sandbox/payments", PaycueApp.Json(body)));
        return (text, data.GetProperty("payment_id").GetString()!, data.GetProperty("matched").GetBoolean());
    }

    /// <summary>The block holds the message as text (no element made of its markup) and wraps inside 320 px.</summary>
    private static async Task AssertBankMessageAsync(IPage page, string text)
    {
        var block = page.Locator("pre.bank-message");
        await Expect(block).ToHaveCountAsync(1);
        Assert.Equal(text, await block.TextContentAsync());
        Assert.Equal(0, await block.Locator("b").CountAsync());
        var widths = await block.EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"the bank message is {widths[0]} px wide in a {widths[1]} px block");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 320 px");
    }

    [Fact]
    public async Task ThePaidTransactionsTimelineAndTheApiShowTheBankMessageAsTextAndTheLogNever()
    {
        var som = NextSom();
        var id = (await CreateAsync(som)).GetProperty("transaction_id").GetString()!;
        var marker = $"<b>DO'KON & {Guid.NewGuid():N}</b>";
        var (text, paymentId, matched) = await BankMessageAsync(som, marker);
        Assert.True(matched);

        await using var context = await fixture.NewContextAsync(width: 320, height: 700);
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url($"/transactions/{id}"));
        var credit = page.Locator("#timeline li").Filter(new() { HasText = Uz["Credit received: {0} so'm, bank message {1}, dated {2}"][..12] });
        await Expect(credit.Locator("pre.bank-message")).ToHaveCountAsync(1);
        await AssertBankMessageAsync(page, text);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleTimelineBankMessage");

        // The API returns the same text where the payment is read.
        var payment = await PaycueApp.DataAsync(await fixture.Paycue.Http.GetAsync($"/api/payments/{Uri.EscapeDataString(paymentId)}"));
        Assert.Equal(text, payment.GetProperty("payment").GetProperty("message_text").GetString());

        // It holds the merchant's card and balance: shown to the merchant, never written to the log.
        Assert.DoesNotContain(marker[3..^4], fixture.Paycue.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStrayCreditsPageShowsItsBankMessage()
    {
        // No transaction waits for this amount: the credit goes to the queue with its message.
        var marker = $"<b>STRAY & {Guid.NewGuid():N}</b>";
        var (text, paymentId, matched) = await BankMessageAsync(NextSom(), marker);
        Assert.False(matched);

        await using var context = await fixture.NewContextAsync(width: 320, height: 700);
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url($"/payments/{Uri.EscapeDataString(paymentId)}"));
        await Expect(page.Locator("#credit-status")).ToHaveTextAsync(Uz["unmatched"]);
        await AssertBankMessageAsync(page, text);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleStrayCreditBankMessage");
        Assert.DoesNotContain(marker[3..^4], fixture.Paycue.Log, StringComparison.Ordinal);
    }
}
