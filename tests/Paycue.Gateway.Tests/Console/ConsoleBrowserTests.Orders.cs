using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Paycue.Gateway.Tests.PayPage;
using static Microsoft.Playwright.Assertions;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>Transactions found by the shop's order id (the same lookup as <c>GET /api/transactions?order_id=</c>) and filtered by amount and day.</summary>
public sealed partial class ConsoleBrowserTests
{
    private async Task<string> CreateOrderAsync(long som, string orderId, string metadataJson)
    {
        var body = $"{{\"amount\": {som.ToString(CultureInfo.InvariantCulture)}, \"card_id\": \"sandbox-1\", \"order_id\": {JsonSerializer.Serialize(orderId)}, \"metadata\": {metadataJson}}}";
        var response = await fixture.Paycue.Http.PostAsync("/api/transactions", PaycueApp.Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await PaycueApp.DataAsync(response)).GetProperty("transaction_id").GetString()!;
    }

    [Fact]
    public async Task AnOrderIdThatLooksLikeANumberFindsThatOrdersTransactionsAndTheirPageShowsTheOrderAndMetadata()
    {
        // A retried order: the first try cancelled, the second open. Its id is all digits, like many shops' are.
        var orderId = Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture);
        var first = await CreateOrderAsync(NextSom(), orderId, "{\"customer\": \"<b>Ali</b>\"}");
        Assert.True((await fixture.Paycue.Http.DeleteAsync($"/api/transactions/{first}")).IsSuccessStatusCode);
        var second = await CreateOrderAsync(NextSom(), orderId, "{\"customer\": \"<b>Ali</b>\", \"try\": 2}");
        var other = await CreateOrderAsync(NextSom(), orderId + "9", "{}");

        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url("/transactions"));
        await page.GetByLabel(Uz["Search by transaction id, order id or amount"]).FillAsync(orderId);
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Search"] }).ClickAsync();
        var rows = page.Locator("#list tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var links = await page.Locator("#list tbody tr a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Equal([second, first], links.Select(l => l[(l.LastIndexOf('/') + 1)..]).ToArray());
        await Expect(rows.First).ToContainTextAsync(orderId);
        await Expect(page.GetByLabel(Uz["Order id"], new() { Exact = true })).ToHaveValueAsync(orderId);

        // The order field keeps the state filter working with it.
        await page.GetByLabel(Uz["State"]).SelectOptionAsync("cancelled");
        await page.GetByLabel(Uz["Search by transaction id, order id or amount"]).FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Search"] }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.Locator("a")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"{first}$"));
        await BrowserFixture.ScreenshotAsync(page, "ConsoleTransactionsByOrder");

        await page.GotoAsync(Url($"/transactions/{second}"));
        await Expect(page.Locator("#tx-order")).ToHaveTextAsync(orderId);
        var metadata = await page.Locator("#tx-metadata").TextContentAsync();
        Assert.Contains("<b>Ali</b>", metadata, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#tx-metadata b").CountAsync());
        Assert.DoesNotContain(other, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AmountAndDayFiltersNarrowTheList()
    {
        var som = NextSom();
        var id = (await CreateAsync(som)).GetProperty("transaction_id").GetString()!;
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(5)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var tomorrow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(5)).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url($"/transactions?amount={som}&from={today}&to={today}"));
        var rows = page.Locator("#list tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.Locator("a")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"{id}$"));

        await page.GotoAsync(Url($"/transactions?amount={som}&from={tomorrow}"));
        await Expect(page.Locator("#list")).ToContainTextAsync(Uz["Nothing found."]);
        await page.GotoAsync(Url($"/transactions?amount={som + 1}&from={today}"));
        await Expect(page.Locator("#list")).ToContainTextAsync(Uz["Nothing found."]);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleTransactionsFilteredNothing");
    }
}
