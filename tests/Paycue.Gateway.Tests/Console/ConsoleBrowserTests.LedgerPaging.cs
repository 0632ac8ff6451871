using Microsoft.Playwright;
using Paycue.Gateway.MerchantConsole;
using Paycue.Gateway.Tests.PayPage;
using static Microsoft.Playwright.Assertions;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>The ledger, the "needs a decision" queue and the webhook deliveries page back by keyset ("older"), every row once.</summary>
public sealed partial class ConsoleBrowserTests
{
    /// <summary>
    /// Follows the "older" link of list <paramref name="list"/> from the page open now to the oldest, collecting its rows'
    /// <paramref name="attribute"/> of <paramref name="cell"/>.
    /// </summary>
    private static async Task<List<string>> WalkOlderAsync(IPage page, string list, string cell, string attribute)
    {
        var rows = $"{list} tbody tr";
        var seen = new List<string>();
        while (true)
        {
            var keys = await page.Locator(rows).EvaluateAllAsync<string[]>($"rows => rows.map(r => ({cell}).getAttribute('{attribute}'))");
            Assert.InRange(keys.Length, 1, LedgerPages.PageSize);
            seen.AddRange(keys);
            var older = page.Locator($"{list} a[rel=next]");
            if (await older.CountAsync() == 0)
            {
                return seen;
            }

            await older.ClickAsync();
            await page.WaitForLoadStateAsync();
        }
    }

    [Fact]
    public async Task TheLedgerPagesBackToItsOldestCreditWithEveryRowOnce()
    {
        // 60 stray credits with one date (a second), so many share a millisecond of the ledger's index.
        var date = DateTimeOffset.UtcNow.AddSeconds(-2);
        var ids = new List<string>();
        foreach (var chunk in Enumerable.Range(0, 60).Chunk(10))
        {
            ids.AddRange(await Task.WhenAll(chunk.Select(async _ => (await StrayCreditAsync(NextSom(), date)).PaymentId)));
        }

        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url("/payments"));
        await Expect(page.Locator("#ledger[data-refresh]")).ToHaveCountAsync(1);
        var seen = await WalkOlderAsync(page, "#ledger", "r.querySelector('td:last-child a')", "href");

        // An older page shows the ledger alone, does not refresh itself, and leads back to the newest.
        Assert.Contains("before=", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#decisions")).ToHaveCountAsync(0);
        await Expect(page.Locator("#ledger[data-refresh]")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = Uz["Newest"] })).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleLedgerOldestPage");

        Assert.Equal(seen.Count, seen.Distinct().Count());
        var paymentIds = seen.Select(href => Uri.UnescapeDataString(href[(href.LastIndexOf('/') + 1)..])).ToList();
        Assert.All(ids, id => Assert.Contains(id, paymentIds));
        Assert.True(seen.Count > LedgerPages.PageSize);
    }

    [Fact]
    public async Task TheDecisionQueuePagesBackSoEveryWaitingCreditCanBeReached()
    {
        // More stray credits than a page holds (other tests of this class add theirs, and resolve some).
        var date = DateTimeOffset.UtcNow.AddSeconds(-2);
        var ids = new List<string>();
        foreach (var chunk in Enumerable.Range(0, LedgerPages.PageSize + 5).Chunk(10))
        {
            ids.AddRange(await Task.WhenAll(chunk.Select(async _ => (await StrayCreditAsync(NextSom(), date)).PaymentId)));
        }

        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url("/payments"));
        await Expect(page.Locator("#decisions[data-refresh]")).ToHaveCountAsync(1);
        var seen = await WalkOlderAsync(page, "#decisions", "r.querySelector('td:last-child a')", "href");

        // An older page of the queue shows the queue alone, does not refresh itself, and leads back to the newest.
        Assert.Contains("queue_before=", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#ledger")).ToHaveCountAsync(0);
        await Expect(page.Locator("#decisions[data-refresh]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#decisions").GetByRole(AriaRole.Link, new() { Name = Uz["Newest"] })).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleDecisionQueueOldestPage");

        Assert.Equal(seen.Count, seen.Distinct().Count());
        var paymentIds = seen.Select(href => Uri.UnescapeDataString(href[(href.LastIndexOf('/') + 1)..])).ToList();
        Assert.All(ids, id => Assert.Contains(id, paymentIds));
        Assert.True(seen.Count > LedgerPages.PageSize);
    }

    [Fact]
    public async Task TheDeliveriesPageBackFailedFirstWithEveryDeliveryOnce()
    {
        // 55 cancels at once: their webhooks reach the receiver in a burst.
        var ids = new List<string>();
        for (var i = 0; i < 55; i++)
        {
            ids.Add((await CreateAsync(NextSom())).GetProperty("transaction_id").GetString()!);
        }

        await Task.WhenAll(ids.Select(id => fixture.Paycue.Http.DeleteAsync($"/api/transactions/{id}")));
        foreach (var id in ids)
        {
            // Delivered in the API: the delivery's row is recorded, not only received.
            await WebhookStatusAsync(id, "delivered");
        }

        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url("/webhooks"));
        var seen = await WalkOlderAsync(page, "#deliveries", "r", "data-event");
        await BrowserFixture.ScreenshotAsync(page, "ConsoleDeliveriesOldestPage");

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(seen.Count > LedgerPages.PageSize);
        var events = new HashSet<string>(ids.Select(id => fixture.Webhooks.For(id).Single(h => h.Action == "cancel").EventId));
        Assert.Subset(seen.ToHashSet(), events);
    }
}
