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
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Timeout = 60_000,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task AddsATelegramAccountThroughCodeAndTwoStepPasswordWithTelegramsRefusalsInPlainWords()
    {
        var uz = ConsoleText.Uzbek;
        var cardId = TelegramCardIds.FromPhone(Phone);
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

        // A wrong code: Telegram's reason in words, and the same step again.
        await page.GetByLabel(uz["Login code"]).FillAsync("11111");
        await page.GetByRole(AriaRole.Button, new() { Name = uz["Continue"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("code is wrong");
        await BrowserFixture.ScreenshotAsync(page, "ConsoleTelegramWrongCode");

        await page.GetByLabel(uz["Login code"]).FillAsync(FakeTdAccount.Code);
        await page.GetByRole(AriaRole.Button, new() { Name = uz["Continue"] }).ClickAsync();
        await Expect(page.GetByLabel(uz["Two-step verification password"])).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "ConsoleTelegramPasswordStep");

        await page.GetByLabel(uz["Two-step verification password"]).FillAsync(FakeTdAccount.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = uz["Continue"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(uz["The card is logged in and ready."]);
        await Expect(page.Locator("#cards")).ToContainTextAsync($"{cardId} ••7159");
        await Expect(page.Locator("#cards")).ToContainTextAsync("ready");

        // Nothing secret went into a URL on the way.
        Assert.DoesNotContain(FakeTdAccount.Password, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(Phone.TrimStart('+'), page.Url, StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleTelegramReady");
    }
}
