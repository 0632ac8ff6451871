using System.Globalization;
using Microsoft.Playwright;
using Paycue.Gateway.Tests.PayPage;
using static Microsoft.Playwright.Assertions;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>A transaction's timeline and its API record know when the payer first opened the pay page.</summary>
public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task TheTimelineShowsWhenThePayerFirstOpenedThePayPage()
    {
        var som = NextSom();
        var id = (await CreateAsync(som)).GetProperty("transaction_id").GetString()!;
        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url($"/transactions/{id}"));
        var timeline = page.Locator("#timeline li");
        var opened = timeline.Filter(new() { HasText = Uz["The payer opened the pay page"] });
        await Expect(timeline).ToHaveCountAsync(1);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await TransactionJsonAsync(id)).GetProperty("pay_page_opened_at").ValueKind);

        // The payer opens the pay page (its own browser), twice: the first time is the one that counts.
        await using var payer = await fixture.NewContextAsync();
        var payPage = await payer.NewPageAsync();
        var before = DateTimeOffset.UtcNow;
        await payPage.GotoAsync($"{fixture.Paycue.BaseUrl}/pay/{id}");
        await Eventually.WaitAsync(
            async () => { await page.ReloadAsync(); return await opened.CountAsync(); },
            count => count == 1,
            TimeSpan.FromSeconds(20),
            "the pay page's first opening on the timeline");
        var at = await opened.Locator("time").GetAttributeAsync("datetime");
        Assert.InRange(DateTimeOffset.Parse(at!, CultureInfo.InvariantCulture), before.AddSeconds(-1), DateTimeOffset.UtcNow);

        // The API's transaction says the same moment.
        Assert.Equal(DateTimeOffset.Parse(at!, CultureInfo.InvariantCulture), (await TransactionJsonAsync(id)).GetProperty("pay_page_opened_at").GetDateTimeOffset());
        await payPage.ReloadAsync();

        // Paid: the credit follows on the timeline; the opening stays one entry with its first moment.
        Assert.True(await fixture.Paycue.PaySandboxAsync(som.ToString(CultureInfo.InvariantCulture)));
        await Eventually.WaitAsync(
            async () => { await page.ReloadAsync(); return await page.Locator("#tx-state").TextContentAsync(); },
            state => state == Uz["confirmed"],
            TimeSpan.FromSeconds(20),
            "the transaction to be paid");
        await Expect(opened).ToHaveCountAsync(1);
        await Expect(opened.Locator("time")).ToHaveAttributeAsync("datetime", at!);
        await Expect(timeline.Filter(new() { HasText = Uz["Credit received: {0} so'm, bank message {1}, dated {2}"][..12] })).ToHaveCountAsync(1);
        Assert.Equal(DateTimeOffset.Parse(at!, CultureInfo.InvariantCulture), (await TransactionJsonAsync(id)).GetProperty("pay_page_opened_at").GetDateTimeOffset());
        await BrowserFixture.ScreenshotAsync(page, "ConsoleTimelinePayPageOpened");
    }

    private async Task<System.Text.Json.JsonElement> TransactionJsonAsync(string id) =>
        await PaycueApp.DataAsync(await fixture.Paycue.Http.GetAsync($"/api/transactions/{id}"));
}
