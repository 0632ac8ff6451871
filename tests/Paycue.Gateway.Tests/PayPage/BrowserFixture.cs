using Microsoft.Playwright;

namespace Paycue.Gateway.Tests.PayPage;

/// <summary>
/// Debian's Chromium driven by Playwright, plus one <see cref="PaycueProcess"/> with a 30-minute timeout and a rate
/// limit high enough for every page these tests open. <c>./test.sh</c> installs <c>/usr/bin/chromium</c>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public PaycueProcess Paycue { get; private set; } = null!;

    /// <summary><c>artifacts/screenshots</c> at the repository root.</summary>
    public static string ScreenshotDirectory { get; } = FindScreenshotDirectory();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing; ./test.sh installs it (apt-get install chromium).");
        }

        Paycue = await PaycueProcess.StartAsync(new Dictionary<string, string> { ["SANDBOX_CARDS"] = "2", ["PAY_RATE_LIMIT"] = "100000", ["DASHBOARD"] = "true", ["SERVICE_ID"] = $"browser-{Guid.NewGuid():N}" });
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(LaunchOptions());
    }

    /// <summary>
    /// Debian's Chromium, headless, with the background networking a closed machine refuses turned off; every browser
    /// fixture launches it this way.
    /// </summary>
    public static BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Timeout = 60_000,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    };

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
    }

    /// <summary>
    /// A fresh browser context (no shared storage or permissions) whose every wait is bounded. Its locale, and so its
    /// Accept-Language, is a phone set to Uzbek unless a test asks otherwise.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(int width = 390, int height = 844, IEnumerable<string>? permissions = null, string locale = "uz-UZ")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Permissions = permissions,
            Locale = locale,
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });
    }

    private static string FindScreenshotDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Paycue.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
    }
}
