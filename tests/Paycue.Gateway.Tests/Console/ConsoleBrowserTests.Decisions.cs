using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Paycue.Gateway.Tests.PayPage;
using static Microsoft.Playwright.Assertions;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>The payments page's "needs a decision" queue: resolve and dismiss, in the browser, through the same service as the API.</summary>
public sealed partial class ConsoleBrowserTests
{
    /// <summary>A credit the sandbox bank bot reports for <paramref name="som"/>, dated <paramref name="date"/>; its ledger row's id and outcome.</summary>
    private async Task<(string PaymentId, string Outcome)> StrayCreditAsync(decimal som, DateTimeOffset date)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["card_id"] = "sandbox-1",
            ["amount"] = som,
            ["date"] = date.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        });
        var data = await PaycueApp.DataAsync(await fixture.Paycue.Http.PostAsync("/api/sandbox/payments", PaycueApp.Json(body)));
        return (data.GetProperty("payment_id").GetString()!, data.GetProperty("outcome").GetString()!);
    }

    /// <summary>A transaction cancelled by the shop and then paid: the credit's payment id.</summary>
    private async Task<string> PaidAfterCancelAsync()
    {
        var tx = await CreateAsync(NextSom());
        var id = tx.GetProperty("transaction_id").GetString()!;
        Assert.True((await fixture.Paycue.Http.DeleteAsync($"/api/transactions/{id}")).IsSuccessStatusCode);
        await fixture.Webhooks.WaitForAsync(id, w => w.Any(h => h.Action == "cancel"), TimeSpan.FromSeconds(20));
        var (paymentId, outcome) = await StrayCreditAsync(tx.GetProperty("amount").GetDecimal(), await InTimeDateAsync(tx));
        Assert.Equal("paid_after_cancel", outcome);
        return paymentId;
    }

    /// <summary>
    /// A bank message date in the transaction's time: a whole second after its creation (message dates are whole
    /// seconds, and one cannot lie in the future, so this waits for that second to have passed).
    /// </summary>
    private static async Task<DateTimeOffset> InTimeDateAsync(JsonElement tx)
    {
        var date = tx.GetProperty("created_at").GetDateTimeOffset().AddSeconds(1);
        var remaining = date - DateTimeOffset.UtcNow;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining + TimeSpan.FromMilliseconds(50));
        }

        return date;
    }

    [Fact]
    public async Task APaidAfterCancelCreditIsResolvedFromTheQueueAndItsSignedConfirmWebhookReachesTheReceiver()
    {
        // The shop cancelled the order; the buyer paid anyway, a moment later.
        var tx = await CreateAsync(NextSom());
        var id = tx.GetProperty("transaction_id").GetString()!;
        var amount = tx.GetProperty("amount").GetDecimal();
        Assert.True((await fixture.Paycue.Http.DeleteAsync($"/api/transactions/{id}")).IsSuccessStatusCode);
        await fixture.Webhooks.WaitForAsync(id, w => w.Any(h => h.Action == "cancel"), TimeSpan.FromSeconds(20));
        var (paymentId, outcome) = await StrayCreditAsync(amount, await InTimeDateAsync(tx));
        Assert.Equal("paid_after_cancel", outcome);

        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GetByRole(AriaRole.Link, new() { Name = Uz["Payments"] }).ClickAsync();
        var decide = page.Locator($"#decisions a[href$='/payments/{Uri.EscapeDataString(paymentId)}']");
        await Expect(decide).ToHaveTextAsync(Uz["Decide"]);
        await decide.ClickAsync();

        // The suggestion names the cancelled transaction and says why.
        var best = page.Locator("#candidates > li").First;
        await Expect(best).ToContainTextAsync(id[..8]);
        await Expect(best).ToContainTextAsync(Uz["paid after the transaction was cancelled"]);
        await Expect(page.Locator("#credit-status")).ToHaveTextAsync(Uz["unmatched"]);
        await BrowserFixture.ScreenshotAsync(page, "ConsolePaymentDecision");

        await best.GetByLabel(Uz["Note (optional)"]).FillAsync("paid a minute after we cancelled");
        await best.GetByRole(AriaRole.Button, new() { Name = Uz["Attach to this transaction"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(Uz["The credit is attached to the transaction, which is confirmed; a confirm webhook follows."]);
        await Expect(page.Locator("#credit-status")).ToHaveTextAsync(Uz["attached to a transaction"]);
        await Expect(page.Locator("#credit-decision")).ToContainTextAsync("paid a minute after we cancelled");
        await Expect(page.Locator("#candidates")).ToHaveCountAsync(0);

        // The merchant's backend gets a confirm marked manual, signed with the webhook secret.
        var hooks = await fixture.Webhooks.WaitForAsync(id, h => h.Any(w => w.Action == "confirm"), TimeSpan.FromSeconds(20));
        var confirm = hooks.Single(w => w.Action == "confirm");
        Assert.Equal("manual", confirm.Json.GetProperty("resolution").GetString());
        Assert.Equal(paymentId, confirm.Json.GetProperty("payment_id").GetString());
        Assert.Equal(amount, confirm.Json.GetProperty("amount").GetDecimal());
        var secret = (await PaycueApp.DataAsync(await fixture.Paycue.Http.GetAsync("/api/webhooks/secret"))).GetProperty("secret").GetString()!;
        var signed = Encoding.UTF8.GetBytes($"{confirm.Headers["webhook-id"]}.{confirm.Headers["webhook-timestamp"]}.{confirm.Body}");
        Assert.Equal("v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), signed)), confirm.Headers["webhook-signature"]);

        // The API sees the same decision, made by the signed-in console user.
        var view = await PaycueApp.DataAsync(await fixture.Paycue.Http.GetAsync($"/api/transactions/{id}"));
        Assert.Equal(("confirmed", "manual"), (view.GetProperty("state").GetString(), view.GetProperty("confirmed_by").GetString()));
        Assert.Equal(PaycueProcess.User, view.GetProperty("resolution").GetProperty("by").GetString());

        // Off the queue.
        await page.GetByRole(AriaRole.Link, new() { Name = Uz["Payments"] }).ClickAsync();
        await Expect(page.Locator($"#decisions a[href$='/payments/{Uri.EscapeDataString(paymentId)}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task DismissNeedsANoteAndThenTakesTheCreditOffTheQueue()
    {
        // A credit no transaction was waiting for.
        var som = NextSom() + 3;
        var (paymentId, outcome) = await StrayCreditAsync(som, DateTimeOffset.UtcNow);
        Assert.Equal("no_open_transaction", outcome);

        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url("/payments"));
        var link = page.Locator($"#decisions a[href$='/payments/{Uri.EscapeDataString(paymentId)}']");
        await Expect(link).ToHaveCountAsync(1);
        await link.ClickAsync();

        // Blank (spaces only) is refused with a sentence, and nothing changes.
        await page.GetByLabel(Uz["Note (required)"]).FillAsync("   ");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = Uz["Dismiss the credit"] }).ClickAsync(),
            r => r.Url.EndsWith("/dismiss", StringComparison.Ordinal));
        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(Uz["Write a note on how the credit was handled, such as \"refunded to the payer\"."]);
        await Expect(page.Locator("#credit-status")).ToHaveTextAsync(Uz["unmatched"]);

        await page.GetByLabel(Uz["Note (required)"]).FillAsync("refunded to the payer by the bank app");
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Dismiss the credit"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(Uz["The credit is marked handled outside Paycue."]);
        await Expect(page.Locator("#credit-status")).ToHaveTextAsync(Uz["handled outside Paycue"]);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleCreditDismissed");

        var row = (await PaycueApp.DataAsync(await fixture.Paycue.Http.GetAsync($"/api/payments/{paymentId}"))).GetProperty("payment");
        Assert.Equal("dismissed", row.GetProperty("status").GetString());
        Assert.Equal("refunded to the payer by the bank app", row.GetProperty("resolution").GetProperty("note").GetString());
        await page.GotoAsync(Url("/payments"));
        await Expect(page.Locator($"#decisions a[href$='/payments/{Uri.EscapeDataString(paymentId)}']")).ToHaveCountAsync(0);
    }
}
