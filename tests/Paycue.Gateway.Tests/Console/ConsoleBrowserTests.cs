using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Paycue.Gateway.MerchantConsole;
using Paycue.Gateway.Tests.PayPage;
using static Microsoft.Playwright.Assertions;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>The console in a real Chromium against the real program on Kestrel. Each test leaves a screenshot in artifacts/screenshots.</summary>
public sealed partial class ConsoleBrowserTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private static readonly ConsoleText Uz = ConsoleText.Uzbek;

    private static long nextSom = 70_000 + (Random.Shared.Next(0, 500) * 10);

    private static long NextSom() => Interlocked.Add(ref nextSom, 10);

    private string Url(string path) => $"{fixture.Paycue.BaseUrl}/console{path}";

    private async Task<JsonElement> CreateAsync(long som) => await fixture.Paycue.CreateTransactionAsync(som.ToString(CultureInfo.InvariantCulture));

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

    [Fact]
    public async Task WrongPasswordIsRefusedRightOneSignsInWithAStrictCookieAndSignOutEndsIt()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = ConsoleErrors(page);

        // Not signed in: any console page leads to the form.
        await page.GotoAsync(Url("/transactions"));
        Assert.EndsWith("/console/login", page.Url);

        await page.GetByLabel(Uz["Username"]).FillAsync(PaycueProcess.User);
        await page.GetByLabel(Uz["Password"]).FillAsync("not-the-password");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = Uz["Sign in"] }).ClickAsync(),
            r => r.Url.EndsWith("/console/login", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(401, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(Uz["The username or password is wrong."]);
        Assert.Empty(await context.CookiesAsync([fixture.Paycue.BaseUrl]).ContinueWith(t => t.Result.Where(c => c.Name == ConsoleHosting.CookieName).ToList()));
        await BrowserFixture.ScreenshotAsync(page, "ConsoleSignInWrongPassword");

        await page.GetByLabel(Uz["Password"]).FillAsync(PaycueProcess.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Sign in"] }).ClickAsync();
        await page.WaitForURLAsync(Url("/"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(Uz["Overview"]);

        var cookie = (await context.CookiesAsync()).Single(c => c.Name == ConsoleHosting.CookieName);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/console", cookie.Path);
        Assert.DoesNotContain(PaycueProcess.Password, page.Url, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Sign out"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(Uz["You have signed out."]);
        await page.GotoAsync(Url("/"));
        Assert.EndsWith("/console/login", page.Url);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleSignedOut");

        // The browser reports the refused sign-in's 401 document itself as a failed load; anything else would be ours.
        Assert.All(errors, e => Assert.Contains("401", e));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CookiesAreSecureWhenTheLocalProxySaysTheRequestCameOverHttps(bool https)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.Paycue.BaseUrl) };
        HttpRequestMessage Request(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, path);
            if (https)
            {
                request.Headers.Add("X-Forwarded-Proto", "https");
            }

            return request;
        }

        var form = await http.SendAsync(Request(HttpMethod.Get, "/console/login"));
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ConsoleHosting.AntiforgeryCookieName + "=", StringComparison.Ordinal));
        var html = await form.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        var post = Request(HttpMethod.Post, "/console/login");
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        post.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token),
            ["username"] = PaycueProcess.User,
            ["password"] = PaycueProcess.Password,
        });
        var signedIn = await http.SendAsync(post);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ConsoleHosting.CookieName + "=", StringComparison.Ordinal));

        foreach (var cookie in new[] { antiforgery, session })
        {
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(https, cookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task SignInAttemptsFromOneAddressWaitLongerAfterEachFailure()
    {
        // Each context poses as its own client behind the local proxy (X-Forwarded-For is trusted from loopback).
        var address = $"203.0.113.{Random.Shared.Next(1, 250)}";
        await using var context = await fixture.NewContextAsync(forwardedFor: address);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/login"));

        async Task<IResponse> TryAsync(string password)
        {
            await page.GetByLabel(Uz["Username"]).FillAsync(PaycueProcess.User);
            await page.GetByLabel(Uz["Password"]).FillAsync(password);
            return await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = Uz["Sign in"] }).ClickAsync(),
                r => r.Url.EndsWith("/console/login", StringComparison.Ordinal) && r.Request.Method == "POST");
        }

        for (var i = 0; i < ConsoleSignIn.FreeFailures + 1; i++)
        {
            Assert.Equal(401, (await TryAsync("wrong")).Status);
        }

        // Now even the right password waits: the form says for how long, and the answer is 429 with Retry-After.
        var waiting = await TryAsync(PaycueProcess.Password);
        Assert.Equal(429, waiting.Status);
        var first = int.Parse((await waiting.HeaderValueAsync("retry-after"))!, CultureInfo.InvariantCulture);
        Assert.InRange(first, 1, (int)ConsoleSignIn.FirstDelay.TotalSeconds);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(Uz["Too many failed attempts from your address. Try again in {0} s."][..20]);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleSignInRateLimited");

        // Another address is not affected.
        await using (var other = await fixture.NewContextAsync(forwardedFor: "198.51.100.7"))
        {
            var otherPage = await fixture.SignedInPageAsync(other);
            await Expect(otherPage.Locator("h1")).ToHaveTextAsync(Uz["Overview"]);
        }

        // Once the wait is over, one more failure doubles it.
        var second = await Eventually.WaitAsync(
            async () => await TryAsync("wrong-again"),
            r => r.Status == 401,
            TimeSpan.FromSeconds(30),
            "the first wait to pass");
        var after = await TryAsync(PaycueProcess.Password);
        Assert.Equal(429, after.Status);
        Assert.InRange(int.Parse((await after.HeaderValueAsync("retry-after"))!, CultureInfo.InvariantCulture), (int)ConsoleSignIn.FirstDelay.TotalSeconds + 1, (int)ConsoleSignIn.FirstDelay.TotalSeconds * 2);
        Assert.Equal(401, second.Status);
    }

    [Fact]
    public async Task OverviewCountsSandboxPaymentsMadeFromTheSandboxPanel()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        async Task<int> Number(string id) => int.Parse((await page.Locator($"#{id}").TextContentAsync())!, CultureInfo.InvariantCulture);

        // "1 234 567 so'm" (whole so'm in the default precision): the digits before any comma.
        async Task<long> Som(string id) => long.Parse(new string((await page.Locator($"#{id}").TextContentAsync())!.Split(',')[0].Where(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture);
        var createdBefore = await Number("today-created");
        var paidBefore = await Number("today-paid");
        var receivedBefore = await Som("today-received");
        var strayBefore = await Number("stray");

        // One paid from the sandbox panel, one left open.
        await page.GetByRole(AriaRole.Link, new() { Name = Uz["Sandbox"] }).ClickAsync();
        var som = NextSom();
        await page.GetByLabel(Uz["Amount, so'm"]).FillAsync(som.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Create a test transaction"] }).ClickAsync();
        await Expect(page.Locator("#sandbox-tx")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Simulate the bank message"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(string.Format(CultureInfo.InvariantCulture, Uz["The bank message was read: {0}."], "confirmed"));
        await BrowserFixture.ScreenshotAsync(page, "ConsoleSandboxPanel");
        await CreateAsync(NextSom());

        // And a credit that no transaction waited for: it waits for a decision.
        Assert.False(await fixture.Paycue.PaySandboxAsync((NextSom() + 7).ToString(CultureInfo.InvariantCulture)));

        await page.GetByRole(AriaRole.Link, new() { Name = Uz["Overview"] }).ClickAsync();
        Assert.Equal(createdBefore + 2, await Number("today-created"));
        Assert.Equal(paidBefore + 1, await Number("today-paid"));
        Assert.Equal(receivedBefore + som, await Som("today-received"));
        Assert.Equal(strayBefore + 1, await Number("stray"));
        Assert.Equal(0, await Number("open-alerts"));
        await Expect(page.Locator("#today-conversion")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{1,3}%$"));
        await Expect(page.Locator("#today-time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+:\d\d(:\d\d)?$"));
        await Expect(page.Locator("#week-conversion")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{1,3}%$"));
        await Expect(page.Locator("#week-time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+:\d\d(:\d\d)?$"));
        Assert.True(await Som("week-received") >= receivedBefore + som);
        Assert.True(await Number("week-created") >= createdBefore + 2);
        Assert.True(await Number("open-now") >= 1);
        await Expect(page.Locator("#card-lines")).ToContainTextAsync("sandbox-1");
        await BrowserFixture.ScreenshotAsync(page, "ConsoleOverview");
    }

    [Fact]
    public async Task SearchFindsATransactionByIdAndAmountAndItsTimelineShowsCreditConfirmAndWebhook()
    {
        var som = NextSom();
        var data = await CreateAsync(som);
        var id = data.GetProperty("transaction_id").GetString()!;
        Assert.True(await fixture.Paycue.PaySandboxAsync(som.ToString(CultureInfo.InvariantCulture)));
        await fixture.Webhooks.WaitForAsync(id, w => w.Count >= 1, TimeSpan.FromSeconds(20));

        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GetByRole(AriaRole.Link, new() { Name = Uz["Transactions"] }).ClickAsync();

        // By amount: the list shows it, newest first.
        await page.GetByLabel(Uz["Search by transaction id, order id or amount"]).FillAsync(som.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Search"] }).ClickAsync();
        var rows = page.Locator("#list tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(Uz["confirmed"]);

        // By id: straight to its page.
        await page.GetByLabel(Uz["Search by transaction id, order id or amount"]).FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Search"] }).ClickAsync();
        await page.WaitForURLAsync(Url($"/transactions/{id}"));
        await Expect(page.Locator("#tx-state")).ToHaveTextAsync(Uz["confirmed"]);
        var timeline = page.Locator("#timeline li");
        await Expect(timeline).ToHaveCountAsync(4);

        // Times in Asia/Tashkent (no TZ set): the creation as the shop's clock read it.
        var created = data.GetProperty("created_at").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(5));
        await Expect(timeline.First.Locator("time")).ToHaveTextAsync(created.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        await Expect(timeline.Nth(1)).ToContainTextAsync(Uz["Credit received: {0} so'm, bank message {1}, dated {2}"][..12]);
        await Expect(timeline.Nth(2)).ToContainTextAsync(Uz["Confirmed"]);
        await Expect(timeline.Nth(3)).ToContainTextAsync("HTTP 200");
        await Expect(page.Locator("#pay-link")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"/pay/{id}$"));
        await BrowserFixture.ScreenshotAsync(page, "ConsoleTransactionTimeline");
    }

    [Fact]
    public async Task OlderPagesWalkEveryClosedTransactionOnceEvenWhenManyCloseTogether()
    {
        // 60 closes at once, so several share a millisecond of the close index.
        var ids = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            ids.Add((await CreateAsync(NextSom())).GetProperty("transaction_id").GetString()!);
        }

        await Task.WhenAll(ids.Select(id => fixture.Paycue.Http.DeleteAsync($"/api/transactions/{id}")));

        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url("/transactions?state=cancelled"));
        var seen = new List<string>();
        while (true)
        {
            var links = await page.Locator("#list tbody tr a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            Assert.InRange(links.Length, 1, TransactionPages.PageSize);
            seen.AddRange(links.Select(l => l[(l.LastIndexOf('/') + 1)..]));
            var older = page.Locator("a[rel=next]");
            if (await older.CountAsync() == 0)
            {
                break;
            }

            await older.ClickAsync();
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(ids, id => Assert.Contains(id, seen));
        await BrowserFixture.ScreenshotAsync(page, "ConsoleTransactionsOldestPage");
    }

    [Fact]
    public async Task CancelAndResendArePlainFormPostsAndReachTheMerchantsReceiver()
    {
        var data = await CreateAsync(NextSom());
        var id = data.GetProperty("transaction_id").GetString()!;
        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GotoAsync(Url($"/transactions/{id}"));
        await Expect(page.Locator("#tx-state")).ToHaveTextAsync(Uz["active"]);

        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Cancel the transaction"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(Uz["The transaction is cancelled; a cancel webhook follows."]);
        await Expect(page.Locator("#tx-state")).ToHaveTextAsync(Uz["cancelled"]);
        var first = await fixture.Webhooks.WaitForAsync(id, w => w.Count >= 1, TimeSpan.FromSeconds(20));
        Assert.Equal("cancel", first[0].Action);

        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Send the webhook again"] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(Uz["The webhook is being sent again with the same event id."]);
        var both = await fixture.Webhooks.WaitForAsync(id, w => w.Count >= 2, TimeSpan.FromSeconds(20));
        Assert.Equal(both[0].EventId, both[1].EventId);
        Assert.All(both, w => Assert.Equal("cancel", w.Action));

        var view = await PaycueApp.DataAsync(await fixture.Paycue.Http.GetAsync($"/api/transactions/{id}"));
        Assert.Equal("cancelled", view.GetProperty("state").GetString());
        Assert.Equal("cancelled_by_merchant", view.GetProperty("cancel_reason").GetString());
        await page.ReloadAsync();
        await BrowserFixture.ScreenshotAsync(page, "ConsoleCancelAndResend");
    }

    [Fact]
    public async Task ACrossSiteFormPostAndATokenlessPostAreRefused()
    {
        var id = (await CreateAsync(NextSom())).GetProperty("transaction_id").GetString()!;
        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);

        // Another site's page (served by the browser itself, no network) posts a form at the console.
        await context.RouteAsync("http://shop-attacker.example/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"<form id=f method=post action=\"{Url($"/transactions/{id}/cancel")}\"><input name=x value=1></form><button id=go onclick=\"document.getElementById('f').submit()\">go</button>",
        }));
        await page.GotoAsync("http://shop-attacker.example/");
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#go"), r => r.Url.Contains("/cancel", StringComparison.Ordinal));

        // SameSite=Strict: the cookie did not ride along, so the post is sent to sign in and acts on nothing.
        Assert.Equal(302, answer.Status);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleCrossSitePostRefused");

        // Same site with the cookie but without the form's token: 400.
        var tokenless = await context.APIRequest.PostAsync(Url($"/transactions/{id}/cancel"), new() { Form = context.APIRequest.CreateFormData().Set("x", "1"), MaxRedirects = 0 });
        Assert.Equal(400, tokenless.Status);

        var view = await PaycueApp.DataAsync(await fixture.Paycue.Http.GetAsync($"/api/transactions/{id}"));
        Assert.Equal("active", view.GetProperty("state").GetString());
    }

    public static TheoryData<string> Pages() => new() { "/login", "/", "/transactions", "/transaction", "/payments", "/cards", "/webhooks", "/sandbox", "/credit" };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryPageFits320PixelsStaysOnTheOriginUnder100KBWithoutCspErrors(string path)
    {
        var som = NextSom();
        var id = (await CreateAsync(som)).GetProperty("transaction_id").GetString()!;
        await fixture.Paycue.PaySandboxAsync(som.ToString(CultureInfo.InvariantCulture));
        await using var context = await fixture.NewContextAsync(width: 320, height: 640);
        IPage page;
        if (path == "/login")
        {
            page = await context.NewPageAsync();
        }
        else
        {
            page = await fixture.SignedInPageAsync(context);
        }

        var errors = ConsoleErrors(page);
        var requests = new List<string>();
        var responses = new List<IResponse>();
        page.Request += (_, request) => requests.Add(request.Url);
        page.Response += (_, response) => responses.Add(response);
        var target = path switch
        {
            "/transaction" => $"/transactions/{id}",

            // A stray credit's page with its suggestion: paid after its transaction was cancelled.
            "/credit" => $"/payments/{Uri.EscapeDataString(await PaidAfterCancelAsync())}",
            _ => path,
        };
        var loaded = await page.GotoAsync(Url(target), new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal(200, loaded!.Status);
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();

        await ConsolePageChecks.AssertNoHorizontalScrollAsync(page);
        await ConsolePageChecks.AssertCellsReadableAsync(page);
        Assert.All(requests, url => Assert.StartsWith(fixture.Paycue.BaseUrl + "/", url));

        // The weight: every response's body (the document, its CSS and script; nothing is compressed), at least the
        // page itself.
        var bytes = 0L;
        foreach (var response in responses.Where(r => r.Status is < 300 or >= 400).ToList())
        {
            bytes += (await response.BodyAsync()).Length;
        }

        Assert.Contains(responses, r => r.Url == page.Url);
        Assert.InRange(bytes, 1, 100 * 1024);

        // A screen reader's landmarks and labels.
        await ConsolePageChecks.AssertAccessibleAsync(page);

        // The stylesheet came through the CSP: the header is styled.
        Assert.Equal("rgb(17, 24, 39)", await page.Locator("header").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Empty(errors);

        // Keyboard: the first Tab reaches the skip link, which leads to the main landmark.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip", await page.EvaluateAsync<string>("() => document.activeElement.className"));
        await BrowserFixture.ScreenshotAsync(page, $"Console320{(path == "/" ? "-overview" : path.Replace('/', '-'))}");
    }

    [Fact]
    public async Task TheLanguageSwitchOnEveryPageChangesTheLanguageAndKeepsIt()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "uz-Latn");
        await page.GetByRole(AriaRole.Link, new() { Name = Uz["Transactions"] }).ClickAsync();

        await page.Locator("nav.langs").GetByRole(AriaRole.Link, new() { Name = ConsoleText.Russian.Pay.LanguageName }).ClickAsync();
        await page.WaitForURLAsync(Url("/transactions"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Expect(page.Locator("main h1")).ToHaveTextAsync(ConsoleText.Russian["Transactions"]);

        // Kept on the next page.
        await page.GetByRole(AriaRole.Link, new() { Name = ConsoleText.Russian["Cards"] }).ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync(ConsoleText.Russian["Cards"]);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleLanguageRussian");

        await page.Locator("nav.langs").GetByRole(AriaRole.Link, new() { Name = ConsoleText.English.Pay.LanguageName }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Cards");
    }

    [Fact]
    public async Task TheWebhookSecretIsShownOnlyAfterTheRevealClick()
    {
        var secret = (await PaycueApp.DataAsync(await fixture.Paycue.Http.GetAsync("/api/webhooks/secret"))).GetProperty("secret").GetString()!;
        await using var context = await fixture.NewContextAsync();
        var page = await fixture.SignedInPageAsync(context);
        await page.GetByRole(AriaRole.Link, new() { Name = Uz["Webhooks"] }).ClickAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = Uz["Reveal the secret"] }).ClickAsync();
        await Expect(page.Locator("#secret")).ToHaveTextAsync(secret);
        Assert.DoesNotContain(secret, page.Url, StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "ConsoleWebhookSecretRevealed");
    }
}
