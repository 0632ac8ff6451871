using Microsoft.Playwright;
using Paycue.Gateway.MerchantConsole;
using Paycue.Gateway.Tests.PayPage;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>
/// A real <c>paycue</c> on Kestrel (sandbox cards, webhooks to a real <see cref="WebhookReceiver"/>) and Debian's
/// Chromium driven by Playwright, as the pay page's tests use them.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public PaycueProcess Paycue { get; private set; } = null!;

    public WebhookReceiver Webhooks { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            throw new InvalidOperationException($"{BrowserFixture.ChromiumPath} is missing; ./test.sh installs it (apt-get install chromium).");
        }

        Webhooks = await WebhookReceiver.StartAsync();
        Paycue = await PaycueProcess.StartAsync(new Dictionary<string, string>
        {
            ["PAY_RATE_LIMIT"] = "100000",
            ["WEBHOOK_URL"] = Webhooks.Url,
            ["WEBHOOK_BACKOFF"] = "200ms",
            ["SERVICE_ID"] = $"console-{Guid.NewGuid():N}",
        });
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(BrowserFixture.LaunchOptions());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (Paycue is not null)
        {
            await Paycue.DisposeAsync();
        }

        if (Webhooks is not null)
        {
            await Webhooks.DisposeAsync();
        }
    }

    /// <summary>A fresh context (own cookies), Uzbek like a phone in Tashkent; <paramref name="forwardedFor"/> poses as a client behind the local proxy.</summary>
    public async Task<IBrowserContext> NewContextAsync(int width = 390, int height = 844, string? forwardedFor = null, IEnumerable<string>? permissions = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "uz-UZ",
            Permissions = permissions,
            ExtraHTTPHeaders = forwardedFor is null ? null : new Dictionary<string, string> { ["X-Forwarded-For"] = forwardedFor },
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>Signs in through the form with the API credentials and lands on the overview.</summary>
    public async Task<IPage> SignedInPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{Paycue.BaseUrl}/console/");
        await page.GetByLabel(ConsoleText.Uzbek["Username"]).FillAsync(PaycueProcess.User);
        await page.GetByLabel(ConsoleText.Uzbek["Password"]).FillAsync(PaycueProcess.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = ConsoleText.Uzbek["Sign in"] }).ClickAsync();
        await page.WaitForURLAsync($"{Paycue.BaseUrl}/console/");
        return page;
    }
}
