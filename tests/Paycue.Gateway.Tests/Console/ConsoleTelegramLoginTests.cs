using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Paycue.Gateway.MerchantConsole;
using Paycue.Gateway.Tests.PayPage;
using Paycue.Grains.Telegram;
using Paycue.Testing.Telegram;
using static Microsoft.Playwright.Assertions;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>
/// Adding a Telegram account in the browser: phone, then the code, then the 2FA password, each an ordinary form,
/// against the scripted TDLib fake. The program runs in this process (to take the fake) but on real Kestrel.
/// </summary>
public sealed class ConsoleTelegramLoginTests : IAsyncLifetime
{
    private const string Phone = "+998901115577";

    private readonly FakeTelegramSessions sessions = new();
    private readonly int port = FreePort.Next();
    private PaycueApp app = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    private string Url(string path) => $"http://127.0.0.1:{port}/console{path}";

    public async Task InitializeAsync()
    {
        // A login step may wait on the (scripted) Telegram for a while on a loaded machine.
        SetDefaultExpectTimeout(30_000);
        var settings = FakeTelegramSessions.Settings();
        settings["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app = new PaycueApp(settings, services => services.AddSingleton<ITelegramSessionFactory>(sessions));
        app.UseKestrel();
        app.StartServer();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(BrowserFixture.LaunchOptions());
    }

    public async Task DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
        await app.DisposeAsync();
    }

    private static async Task LooksRightAt320Async(IPage page)
    {
        await ConsolePageChecks.AssertNoHorizontalScrollAsync(page);
        await ConsolePageChecks.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task AddsATelegramAccountThroughCodeAndTwoStepPasswordWithTelegramsRefusalsInPlainWords()
    {
        var uz = ConsoleText.Uzbek;
        var cardId = TelegramCardIds.FromPhone(Phone);
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{PaycueApp.User}:{PaycueApp.Password}")));
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, Locale = "uz-UZ" });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/login"));
        await page.GetByLabel(uz["Username"]).FillAsync(PaycueApp.User);
        await page.GetByLabel(uz["Password"]).FillAsync(PaycueApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = uz["Sign in"] }).ClickAsync();
        await page.WaitForURLAsync(Url("/"));
        await page.GotoAsync(Url("/cards"));

        await page.GetByLabel(uz["Phone number"]).FillAsync(Phone);
        await page.GetByLabel(uz["Card number"]).FillAsync("9860 1234 5678 7159");
        await page.GetByLabel(uz["Card owner"]).FillAsync("Test Owner");
        await page.GetByRole(AriaRole.Button, new() { Name = uz["Send the login code"] }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/console/cards\?"));
        Assert.True(await page.GetByLabel(uz["Login code"]).IsVisibleAsync(), await page.Locator("main").InnerTextAsync());
        await ConsolePageChecks.AssertAccessibleAsync(page);

        // A wrong code: Telegram's reason in words, and the same step again.
        await page.GetByLabel(uz["Login code"]).FillAsync("11111");
        await page.GetByRole(AriaRole.Button, new() { Name = uz["Continue"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("code is wrong");
        await BrowserFixture.ScreenshotAsync(page, "ConsoleTelegramWrongCode");

        await page.GetByLabel(uz["Login code"]).FillAsync(FakeTdAccount.Code);
        await page.GetByRole(AriaRole.Button, new() { Name = uz["Continue"] }).ClickAsync();
        await Expect(page.GetByLabel(uz["Two-step verification password"])).ToBeVisibleAsync();
        await ConsolePageChecks.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleTelegramPasswordStep");

        await page.GetByLabel(uz["Two-step verification password"]).FillAsync(FakeTdAccount.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = uz["Continue"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(uz["The card is logged in and ready."]);
        await Expect(page.Locator("#cards")).ToContainTextAsync($"{cardId} ••7159");
        await Expect(page.Locator("#cards")).ToContainTextAsync(uz["ready"]);

        // Nothing secret went into a URL on the way.
        Assert.DoesNotContain(FakeTdAccount.Password, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(Phone.TrimStart('+'), page.Url, StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleTelegramReady");

        // A further card on the same account: its bank bot writes into the same Telegram.
        var more = page.Locator($"section[aria-labelledby='more-{cardId}-h']");
        await more.GetByLabel(uz["Bank"]).SelectOptionAsync("uzcard");
        await more.GetByLabel(uz["Last 4 digits"]).FillAsync("12");
        await more.GetByRole(AriaRole.Button, new() { Name = uz["Add the card"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("last4 must be exactly 4 digits.");
        more = page.Locator($"section[aria-labelledby='more-{cardId}-h']");
        await more.GetByLabel(uz["Bank"]).SelectOptionAsync("uzcard");
        await more.GetByLabel(uz["Last 4 digits"]).FillAsync("4321");
        await more.GetByLabel(uz["Card owner"]).FillAsync("Second Owner");
        await more.GetByRole(AriaRole.Button, new() { Name = uz["Add the card"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(uz["The card is added to the account."]);
        var accounts = await PaycueApp.DataAsync(await api.GetAsync("/api/accounts"));
        var further = accounts.EnumerateArray().Single(a => a.GetProperty("account_id").GetString() == cardId).GetProperty("cards").EnumerateArray()
            .Single(c => c.GetProperty("last4").GetString() == "4321");
        Assert.Equal("uzcard", further.GetProperty("bank").GetString());
        var furtherId = further.GetProperty("card_id").GetString()!;
        await Expect(page.Locator("#cards")).ToContainTextAsync($"{furtherId} ••4321");

        // Removing a card with an open transaction warns first; the second click cancels it and removes the card.
        var created = await api.PostAsync("/api/transactions", PaycueApp.Json($"{{\"amount\": 33000, \"card_id\": \"{furtherId}\"}}"));
        Assert.True(created.StatusCode == System.Net.HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var txId = (await PaycueApp.DataAsync(created)).GetProperty("transaction_id").GetString()!;
        var row = page.Locator("#cards tbody tr").Filter(new() { HasText = $"{furtherId} ••4321" });
        await page.ReloadAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = uz["Remove the card"] }).ClickAsync();
        var warning = string.Format(System.Globalization.CultureInfo.InvariantCulture, uz["This card has {0} open transactions; removing it cancels each (with a cancel webhook)."], 1);
        await Expect(row.GetByRole(AriaRole.Alert)).ToHaveTextAsync(warning);
        var tx = await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions/{txId}"));
        Assert.Equal("active", tx.GetProperty("state").GetString());
        await BrowserFixture.ScreenshotAsync(page, "ConsoleCardRemoveWarning");

        await row.GetByRole(AriaRole.Button, new() { Name = string.Format(System.Globalization.CultureInfo.InvariantCulture, uz["Remove it and cancel its {0} open transactions"], 1) }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(uz["The card is removed."]);
        await Expect(page.Locator("#cards")).Not.ToContainTextAsync(furtherId);
        await Expect(page.Locator("#cards")).ToContainTextAsync($"{cardId} ••7159");
        tx = await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions/{txId}"));
        Assert.Equal("cancelled", tx.GetProperty("state").GetString());

        // The account and its session stay: only the further card went.
        accounts = await PaycueApp.DataAsync(await api.GetAsync("/api/accounts"));
        var account = accounts.EnumerateArray().Single(a => a.GetProperty("account_id").GetString() == cardId);
        Assert.Equal("ready", account.GetProperty("login").GetString());
        Assert.DoesNotContain(account.GetProperty("cards").EnumerateArray(), c => c.GetProperty("card_id").GetString() == furtherId);
    }

    [Fact]
    public async Task AnAccountThatAsksForALoginEmailLogsInThroughTheEmailStepsAndCanStartAgainWithItsPhone()
    {
        const string phone = "+998901115588";
        var uz = ConsoleText.Uzbek;
        var cardId = TelegramCardIds.FromPhone(phone);
        sessions.Accounts[cardId] = new FakeTdAccount { RequiresEmail = true, HasPassword = true };

        // A phone's narrowest width: each login step's form fits and is labelled.
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 320, Height = 640 }, Locale = "uz-UZ" });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/login"));
        await page.GetByLabel(uz["Username"]).FillAsync(PaycueApp.User);
        await page.GetByLabel(uz["Password"]).FillAsync(PaycueApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = uz["Sign in"] }).ClickAsync();
        await page.WaitForURLAsync(Url("/"));
        await page.GotoAsync(Url("/cards"));
        await page.GetByLabel(uz["Phone number"]).FillAsync(phone);
        await page.GetByLabel(uz["Last 4 digits"]).FillAsync("7159");
        await page.GetByRole(AriaRole.Button, new() { Name = uz["Send the login code"] }).ClickAsync();

        // The e-mail step: not an address is refused in words, then Telegram mails a code.
        var login = page.Locator($"section[aria-labelledby='login-{cardId}-h']");
        await Expect(login.GetByLabel(uz["Login e-mail address"])).ToBeVisibleAsync();
        await LooksRightAt320Async(page);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleTelegramEmailStep");
        await login.GetByLabel(uz["Login e-mail address"]).FillAsync("shop@example.com");
        await login.GetByRole(AriaRole.Button, new() { Name = uz["Continue"] }).ClickAsync();
        await Expect(login.GetByLabel(uz["Code from the e-mail"])).ToBeVisibleAsync();
        await LooksRightAt320Async(page);
        Assert.Equal("shop@example.com", Assert.Single(sessions.Accounts[cardId].Emails));

        // Start again with the phone: another account's number is refused, its own goes back to the e-mail step.
        await login.GetByLabel(uz["Phone number"]).FillAsync("+998901119999");
        await login.GetByRole(AriaRole.Button, new() { Name = uz["Start again with the phone number"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(uz["Enter this account's own phone number, such as +998901234567."]);
        await login.GetByLabel(uz["Phone number"]).FillAsync(phone);
        await login.GetByRole(AriaRole.Button, new() { Name = uz["Start again with the phone number"] }).ClickAsync();
        await Expect(login.GetByLabel(uz["Login e-mail address"])).ToBeVisibleAsync();

        await login.GetByLabel(uz["Login e-mail address"]).FillAsync("shop@example.com");
        await login.GetByRole(AriaRole.Button, new() { Name = uz["Continue"] }).ClickAsync();
        await login.GetByLabel(uz["Code from the e-mail"]).FillAsync(FakeTdAccount.EmailCode);
        await login.GetByRole(AriaRole.Button, new() { Name = uz["Continue"] }).ClickAsync();
        await Expect(login.GetByLabel(uz["Two-step verification password"])).ToBeVisibleAsync();
        await LooksRightAt320Async(page);
        await login.GetByLabel(uz["Two-step verification password"]).FillAsync(FakeTdAccount.Password);
        await login.GetByRole(AriaRole.Button, new() { Name = uz["Continue"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(uz["The card is logged in and ready."]);
        await Expect(page.Locator("#cards")).ToContainTextAsync($"{cardId} ••7159");
        Assert.DoesNotContain("example.com", page.Url, StringComparison.Ordinal);
    }
}
