using Microsoft.Playwright;
using Paycue.Gateway.Tests.PayPage;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>The webhooks page puts failed deliveries first: they are the ones that need the merchant.</summary>
public sealed partial class ConsoleBrowserTests
{
    /// <summary>
    /// Waits until the delivery index (what the console lists) holds the transaction's webhook as
    /// <paramref name="status"/>: the index is written just after the transaction's own record.
    /// </summary>
    private Task<bool> WebhookStatusAsync(string id, string status) =>
        Eventually.WaitAsync(
            async () => (await PaycueApp.DataAsync(await fixture.Paycue.Http.GetAsync($"/api/webhooks/deliveries?status={status}&limit=200")))
                .GetProperty("items").EnumerateArray().Any(d => d.GetProperty("owner_id").GetString() == id),
            listed => listed,
            TimeSpan.FromSeconds(30),
            $"the webhook of {id} listed as {status}");

    [Fact]
    public async Task TheWebhooksPageListsFailedDeliveriesFirstEvenWhenNewerOnesArrived()
    {
        // An older delivery that fails every attempt (WEBHOOK_RETRIES retries after the first), then a newer one that succeeds.
        var failing = (await CreateAsync(NextSom())).GetProperty("transaction_id").GetString()!;
        fixture.Webhooks.Script(failing, Enumerable.Repeat((500, "{}", TimeSpan.Zero), 10).ToArray());
        Assert.True((await fixture.Paycue.Http.DeleteAsync($"/api/transactions/{failing}")).IsSuccessStatusCode);
        await WebhookStatusAsync(failing, "failed");
        var fine = (await CreateAsync(NextSom())).GetProperty("transaction_id").GetString()!;
        Assert.True((await fixture.Paycue.Http.DeleteAsync($"/api/transactions/{fine}")).IsSuccessStatusCode);
        await WebhookStatusAsync(fine, "delivered");

        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url("/webhooks"));
        var classes = await page.Locator("#deliveries tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.className)");
        var owners = await page.Locator("#deliveries tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => (r.querySelector('a.mono') || {}).textContent || '')");
        var failedRow = Array.IndexOf(owners, failing[..8]);
        var fineRow = Array.IndexOf(owners, fine[..8]);
        Assert.True(failedRow >= 0 && fineRow >= 0, "both deliveries listed");
        Assert.True(failedRow < fineRow, $"the failed delivery is row {failedRow}, after the newer delivered one at row {fineRow}");
        Assert.Equal("delivery-failed", classes[failedRow]);

        // Every failed row comes before every other.
        var lastFailed = Array.FindLastIndex(classes, c => c == "delivery-failed");
        var firstOther = Array.FindIndex(classes, c => c != "delivery-failed");
        Assert.True(firstOther == -1 || lastFailed < firstOther, string.Join(", ", classes));
        await BrowserFixture.ScreenshotAsync(page, "ConsoleWebhooksFailedFirst");
    }
}
