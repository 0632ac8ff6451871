using System.Text.Json;
using Microsoft.Playwright;
using Paycue.Gateway.PayPage;
using static Microsoft.Playwright.Assertions;

namespace Paycue.Gateway.Tests.PayPage;

/// <summary>The pay page in a real Chromium against the real program on Kestrel. Each test leaves a screenshot in artifacts/screenshots.</summary>
public sealed class PayPageBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static long nextSom = 50_000 + (Random.Shared.Next(0, 500) * 10);

    private static long NextSom() => Interlocked.Add(ref nextSom, 10);

    /// <summary>Five-digit so'm as the page writes them: 50010 is "50 010".</summary>
    private static string Grouped(long som) => $"{som / 1000} {som % 1000:000}";

    private async Task<(string Id, long Som)> CreateAsync(PaycueProcess? paycue = null)
    {
        var som = NextSom();
        var data = await (paycue ?? fixture.Paycue).CreateTransactionAsync(som.ToString());
        Assert.Equal(som, data.GetProperty("amount").GetInt64());
        return (data.GetProperty("transaction_id").GetString()!, som);
    }

    /// <summary>Console errors, which is where a CSP violation or a failed asset shows up.</summary>
    private static List<string> ConsoleErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    private static int Seconds(string? clock)
    {
        var parts = clock!.Split(':').Select(int.Parse).ToArray();
        return parts.Aggregate(0, (total, part) => (total * 60) + part);
    }

    [Fact]
    public async Task ShowsTheAmountCardAndOwnerOfASandboxTransaction()
    {
        var (id, som) = await CreateAsync();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = ConsoleErrors(page);

        var response = await page.GotoAsync($"{fixture.Paycue.BaseUrl}/pay/{id}");

        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("#amount")).ToHaveTextAsync($"{Grouped(som)} soʻm");
        await Expect(page.Locator(".exactly")).ToHaveTextAsync(PayTexts.Uzbek.PayExactly);
        await Expect(page.Locator("#bank")).ToHaveTextAsync("HUMO");
        await Expect(page.Locator("#card")).ToHaveTextAsync("9860 0000 0000 0001");
        await Expect(page.Locator("#owner")).ToHaveTextAsync("Sandbox");
        await Expect(page.Locator("#state")).ToHaveTextAsync(PayTexts.Uzbek.StateActive);

        // The stylesheet and script came through the CSP: the amount is styled large and the countdown ticks.
        Assert.Equal("800", await page.Locator("#amount").EvaluateAsync<string>("e => getComputedStyle(e).fontWeight"));
        await BrowserFixture.ScreenshotAsync(page, nameof(ShowsTheAmountCardAndOwnerOfASandboxTransaction));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task CountdownDecreases()
    {
        var (id, _) = await CreateAsync();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fixture.Paycue.BaseUrl}/pay/{id}?lang=en");
        var first = Seconds(await page.Locator("#timer").TextContentAsync());
        Assert.InRange(first, 29 * 60, 30 * 60);

        await page.WaitForFunctionAsync(
            "start => document.getElementById('timer').textContent.split(':').map(Number).reduce((t, p) => t * 60 + p, 0) < start",
            first,
            new PageWaitForFunctionOptions { Timeout = 5_000 });

        var later = Seconds(await page.Locator("#timer").TextContentAsync());
        Assert.InRange(later, first - 4, first - 1);
        await BrowserFixture.ScreenshotAsync(page, nameof(CountdownDecreases));
    }

    [Fact]
    public async Task SandboxPaymentFlipsThePageToPaidWithin3SecondsWithoutAReload()
    {
        var (id, som) = await CreateAsync();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fixture.Paycue.BaseUrl}/pay/{id}");
        await Expect(page.Locator("#state")).ToHaveTextAsync(PayTexts.Uzbek.StateActive);
        await page.EvaluateAsync("() => { window.paycueSameDocument = true; }");

        Assert.True(await fixture.Paycue.PaySandboxAsync(som.ToString()));

        await Expect(page.Locator("#state")).ToHaveTextAsync(PayTexts.Uzbek.StateConfirmed, new LocatorAssertionsToHaveTextOptions { Timeout = 3_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.paycueSameDocument === true"));
        await Expect(page.Locator("body")).ToHaveClassAsync("state-confirmed");
        await Expect(page.Locator("#pay")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(page, nameof(SandboxPaymentFlipsThePageToPaidWithin3SecondsWithoutAReload));
    }

    [Fact]
    public async Task BackToTheShopLinkAppearsOncePaidAndCarriesTheReturnUrlEscaped()
    {
        var som = NextSom();
        const string returnUrl = "https://shop.example/orders/7?a=1&b=\"><script>window.injected=1</script>";
        var body = System.Text.Json.JsonSerializer.Serialize(new { amount = som, card_id = "sandbox-1", return_url = returnUrl });
        var created = await PaycueApp.DataAsync(await fixture.Paycue.Http.PostAsync("/api/transactions", PaycueApp.Json(body)));
        var id = created.GetProperty("transaction_id").GetString()!;
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = ConsoleErrors(page);
        await page.GotoAsync($"{fixture.Paycue.BaseUrl}/pay/{id}");
        await Expect(page.Locator("#state")).ToHaveTextAsync(PayTexts.Uzbek.StateActive);
        await Expect(page.Locator("#back")).ToBeHiddenAsync();

        Assert.True(await fixture.Paycue.PaySandboxAsync(som.ToString()));

        var back = page.Locator("#back");
        await Expect(back).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 5_000 });
        await Expect(back).ToHaveTextAsync(PayTexts.Uzbek.BackToShop);
        Assert.Equal(returnUrl, await back.GetAttributeAsync("href"));
        Assert.Equal("noopener noreferrer", await back.GetAttributeAsync("rel"));
        Assert.False(await page.EvaluateAsync<bool>("() => window.injected === 1"));
        await back.FocusAsync();
        Assert.Equal("back", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Empty(errors);
        await BrowserFixture.ScreenshotAsync(page, nameof(BackToTheShopLinkAppearsOncePaidAndCarriesTheReturnUrlEscaped));
    }

    [Fact]
    public async Task AnExpiredTransactionShowsCheckingThenExpired()
    {
        await using var shortLived = await PaycueProcess.StartAsync(new Dictionary<string, string> { ["TRANSACTION_TIMEOUT"] = "3s", ["EXPIRY_GRACE"] = "4s", ["PAY_RATE_LIMIT"] = "100000" });
        var (id, _) = await CreateAsync(shortLived);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{shortLived.BaseUrl}/pay/{id}");

        // Past the deadline the server has not cancelled yet (EXPIRY_GRACE): the page says it is checking, never
        // "expired" to a payer whose transfer may still be read, and stops showing where to pay.
        await Expect(page.Locator("#state")).ToHaveTextAsync(PayTexts.Uzbek.StateChecking, new LocatorAssertionsToHaveTextOptions { Timeout = 6_000 });
        await Expect(page.Locator("#pay")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(page, "AnExpiredTransactionShowsCheckingFirst");

        await Expect(page.Locator("#state")).ToHaveTextAsync(PayTexts.Uzbek.StateExpired, new LocatorAssertionsToHaveTextOptions { Timeout = 10_000 });
        await Expect(page.Locator("#pay")).ToBeHiddenAsync();

        // The server closed it as expired too, and a fresh load says so from the first byte.
        var view = await Eventually.WaitAsync(
            async () => JsonDocument.Parse(await shortLived.Http.GetStringAsync($"/api/pay/{id}")).RootElement.GetProperty("data"),
            v => v.GetProperty("state").GetString() == "cancelled",
            TimeSpan.FromSeconds(10),
            "the transaction expiring");
        Assert.True(view.GetProperty("expired").GetBoolean());
        await page.ReloadAsync();
        await Expect(page.Locator("body")).ToHaveClassAsync("state-expired");
        await Expect(page.Locator("#state")).ToHaveTextAsync(PayTexts.Uzbek.StateExpired);
        await BrowserFixture.ScreenshotAsync(page, nameof(AnExpiredTransactionShowsCheckingThenExpired));
    }

    [Theory]
    [InlineData("ru")]
    [InlineData("en")]
    public async Task LangQueryRendersTranslatedText(string lang)
    {
        var texts = PayTexts.All.Single(t => t.Code == lang);
        var (id, som) = await CreateAsync();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{fixture.Paycue.BaseUrl}/pay/{id}?lang={lang}");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", texts.HtmlLang);
        await Expect(page.Locator("h1")).ToHaveTextAsync(texts.Title);
        await Expect(page.Locator(".exactly")).ToHaveTextAsync(texts.PayExactly);
        await Expect(page.Locator("#amount")).ToHaveTextAsync($"{Grouped(som)} {texts.Som}");
        await Expect(page.Locator("#state")).ToHaveTextAsync(texts.StateActive);
        await Expect(page.Locator("button.copy").First).ToHaveTextAsync(texts.CopyAmount);
        await BrowserFixture.ScreenshotAsync(page, $"{nameof(LangQueryRendersTranslatedText)}-{lang}");
    }

    [Fact]
    public async Task BrowserLanguageChoosesThePageWithoutLangQuery()
    {
        var (id, _) = await CreateAsync();
        await using var context = await fixture.NewContextAsync(locale: "ru-RU");
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{fixture.Paycue.BaseUrl}/pay/{id}");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Expect(page.Locator("#state")).ToHaveTextAsync(PayTexts.Russian.StateActive);
        await BrowserFixture.ScreenshotAsync(page, nameof(BrowserLanguageChoosesThePageWithoutLangQuery));
    }

    [Fact]
    public async Task UnknownIdShowsThe404Page()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = ConsoleErrors(page);

        var response = await page.GotoAsync($"{fixture.Paycue.BaseUrl}/pay/{Guid.NewGuid():D}");

        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync(PayTexts.Uzbek.NotFoundTitle);
        await Expect(page.Locator(".state")).ToHaveTextAsync(PayTexts.Uzbek.NotFoundText);
        await BrowserFixture.ScreenshotAsync(page, nameof(UnknownIdShowsThe404Page));

        // The browser reports the 404 document itself as a failed load; anything else would be ours.
        Assert.All(errors, e => Assert.Contains("404", e));
    }

    [Fact]
    public async Task NoHorizontalScrollAt320Pixels()
    {
        var data = await fixture.Paycue.CreateTransactionAsync("999999000");
        var id = data.GetProperty("transaction_id").GetString();
        await using var context = await fixture.NewContextAsync(width: 320, height: 640);
        var page = await context.NewPageAsync();

        foreach (var texts in PayTexts.All)
        {
            await page.GotoAsync($"{fixture.Paycue.BaseUrl}/pay/{id}?lang={texts.Code}");
            await Expect(page.Locator("#state")).ToHaveTextAsync(texts.StateActive);
            Assert.InRange(await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth"), 1, 320);
            await BrowserFixture.ScreenshotAsync(page, $"{nameof(NoHorizontalScrollAt320Pixels)}-{texts.Code}");
        }

        await page.GotoAsync($"{fixture.Paycue.BaseUrl}/pay/{Guid.NewGuid():D}?lang=ru");
        Assert.InRange(await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth"), 1, 320);
    }

    [Fact]
    public async Task AnUzcardCardsPageNamesItsBankBesideTheNumber()
    {
        var som = NextSom();
        var data = await fixture.Paycue.CreateTransactionAsync(som.ToString(), "sandbox-2");
        await using var context = await fixture.NewContextAsync(width: 320, height: 640);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fixture.Paycue.BaseUrl}/pay/{data.GetProperty("transaction_id").GetString()}");

        await Expect(page.Locator("#bank")).ToHaveTextAsync("UZCARD");
        await Expect(page.Locator("#card")).ToHaveTextAsync("8600 0000 0000 0002");
        var bank = await page.Locator("#bank").BoundingBoxAsync();
        var card = await page.Locator("#card").BoundingBoxAsync();
        Assert.True(bank!.Y + bank.Height <= card!.Y + 1, "the bank's name sits right above the number");
        Assert.True(card.Y - (bank.Y + bank.Height) < 24, "and next to it");
        await BrowserFixture.ScreenshotAsync(page, nameof(AnUzcardCardsPageNamesItsBankBesideTheNumber));
    }

    [Fact]
    public async Task CopyButtonsPutTheExactAmountAndCardNumberOnTheClipboard()
    {
        var (id, som) = await CreateAsync();
        await using var context = await fixture.NewContextAsync(permissions: ["clipboard-read", "clipboard-write"]);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fixture.Paycue.BaseUrl}/pay/{id}?lang=en");

        // Located by position, not by name: the name changes to "Copied" on click.
        var copyAmount = page.Locator("button.copy").Nth(0);
        var copyCard = page.Locator("button.copy").Nth(1);
        await Expect(copyAmount).ToHaveTextAsync(PayTexts.English.CopyAmount);
        await Expect(copyCard).ToHaveTextAsync(PayTexts.English.CopyCard);

        await copyAmount.ClickAsync();
        await Expect(copyAmount).ToHaveTextAsync(PayTexts.English.Copied);
        await Expect(page.Locator("#announce")).ToHaveTextAsync(PayTexts.English.Copied);
        Assert.Equal(som.ToString(), await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        await copyCard.ClickAsync();
        await Expect(copyCard).ToHaveTextAsync(PayTexts.English.Copied);
        Assert.Equal("9860000000000001", await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
    }
}
