using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Paycue.Gateway.PayPage;
using Xunit.Abstractions;

namespace Paycue.Gateway.Tests.PayPage;

public sealed partial class PayPageHttpTests(PayPageFixture fixture, ITestOutputHelper output) : IClassFixture<PayPageFixture>
{
    private static long nextSom = 40_000 + (Random.Shared.Next(0, 500) * 10);

    private readonly HttpClient payer = fixture.App.CreateClient();

    [GeneratedRegex("(?:href|src)=\"(/pay/assets/[^\"]+)\"")]
    private static partial Regex AssetLink();

    /// <summary>A sandbox-1 transaction for an amount no other test here asks for, so its amount is exactly the request.</summary>
    private async Task<(string Id, long Som, JsonElement Data)> CreateAsync()
    {
        var som = Interlocked.Add(ref nextSom, 10);
        var response = await fixture.App.Authorized().PostAsync("/api/transactions", PaycueApp.Json($"{{\"amount\": {som}, \"card_id\": \"sandbox-1\"}}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var data = await PaycueApp.DataAsync(response);
        Assert.Equal(som, data.GetProperty("amount").GetInt64());
        return (data.GetProperty("transaction_id").GetString()!, som, data);
    }

    /// <summary>Five-digit so'm as the page writes them: 40010 is "40 010".</summary>
    private static string Grouped(long som) => $"{som / 1000} {som % 1000:000}";

    [Fact]
    public async Task PageShowsExactAmountGroupedCardOwnerAndCountdown()
    {
        var (id, som, _) = await CreateAsync();

        var response = await payer.GetAsync($"/pay/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<span class=\"som\">{Grouped(som)}</span>", html);
        Assert.Contains("<p id=\"card\" class=\"card\">9860 0000 0000 0001</p>", html);
        Assert.Contains("<strong id=\"owner\">Sandbox</strong>", html);
        Assert.Contains($"data-copy=\"{som}\"", html);
        Assert.Contains("data-copy=\"9860000000000001\"", html);
        Assert.Matches("<p id=\"timer\" class=\"timer\" role=\"timer\">(30:00|29:[0-5][0-9])</p>", html);
        Assert.Contains("role=\"status\" aria-live=\"polite\"", html);
        Assert.Contains(PayTexts.Uzbek.PayExactly, html);
    }

    [Fact]
    public async Task UnknownIdGetsA404PageInTheSameStyle()
    {
        var response = await payer.GetAsync($"/pay/{Guid.NewGuid():D}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<h1>{PayTexts.Uzbek.NotFoundTitle}</h1>", html);
        Assert.Contains("/pay/assets/pay.css?v=", html);
        Assert.DoesNotContain("data-api", html);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("622ea789-5b4c-4e6a-a76b-415ac144eb3")]
    [InlineData("%3Cscript%3E")]
    public async Task MalformedIdGets404PageAndEnvelopeNotAnError(string id)
    {
        var page = await payer.GetAsync($"/pay/{id}?lang=en");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"<h1>{PayTexts.English.NotFoundTitle}</h1>", html);
        Assert.DoesNotContain("<script>", html);

        var api = await payer.GetAsync($"/api/pay/{id}");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Contains("no payment", await PaycueApp.DetailAsync(api));
    }

    [Fact]
    public async Task EveryPayPageResponseCarriesTheStrictPolicyHeaders()
    {
        var (id, _, _) = await CreateAsync();
        var html = await (await payer.GetAsync($"/pay/{id}")).Content.ReadAsStringAsync();
        var paths = new List<string> { $"/pay/{id}", $"/api/pay/{id}", $"/pay/{Guid.NewGuid():D}", $"/api/pay/{Guid.NewGuid():D}" };
        paths.AddRange(AssetLink().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Equal(6, paths.Count);

        foreach (var path in paths)
        {
            var response = await payer.GetAsync(path);
            Assert.Equal(
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        }
    }

    [Fact]
    public async Task ApiPayReturnsOnlyWhatThePageShows()
    {
        var (id, som, created) = await CreateAsync();

        var response = await payer.GetAsync($"/api/pay/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var data = await PaycueApp.DataAsync(response);
        Assert.Equal(
            ["amount_text", "bank", "card_last4", "card_number", "expired", "expires_at", "now", "owner", "seconds_left", "state"],
            data.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("active", data.GetProperty("state").GetString());
        Assert.False(data.GetProperty("expired").GetBoolean());
        Assert.Equal(Grouped(som), data.GetProperty("amount_text").GetString());
        Assert.Equal("9860 0000 0000 0001", data.GetProperty("card_number").GetString());
        Assert.Equal("0001", data.GetProperty("card_last4").GetString());
        Assert.Equal("Sandbox", data.GetProperty("owner").GetString());
        Assert.Equal(created.GetProperty("expires_at").GetDateTimeOffset(), data.GetProperty("expires_at").GetDateTimeOffset());
        Assert.InRange(data.GetProperty("now").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddSeconds(-30), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.InRange(data.GetProperty("seconds_left").GetInt64(), 1700, 1800);
    }

    [Fact]
    public async Task ApiPayFollowsTheTransactionToConfirmed()
    {
        var (id, som, _) = await CreateAsync();
        var paid = await fixture.App.Authorized().PostAsync("/api/sandbox/payments", PaycueApp.Json($"{{\"card_id\": \"sandbox-1\", \"amount\": {som}}}"));
        Assert.True((await PaycueApp.DataAsync(paid)).GetProperty("matched").GetBoolean());

        var data = await PaycueApp.DataAsync(await payer.GetAsync($"/api/pay/{id}"));

        Assert.Equal("confirmed", data.GetProperty("state").GetString());
        Assert.Equal(0, data.GetProperty("seconds_left").GetInt64());
        var html = await (await payer.GetAsync($"/pay/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("<body class=\"state-confirmed\"", html);
        Assert.Contains("data-final=\"true\"", html);
    }

    [Theory]
    [InlineData("confirmed")]
    [InlineData("cancelled")]
    public async Task ClosedTransactionCarriesNoCardNumberOrOwner(string how)
    {
        var (id, som, _) = await CreateAsync();
        var api = fixture.App.Authorized();
        if (how == "confirmed")
        {
            var paid = await api.PostAsync("/api/sandbox/payments", PaycueApp.Json($"{{\"card_id\": \"sandbox-1\", \"amount\": {som}}}"));
            Assert.True((await PaycueApp.DataAsync(paid)).GetProperty("matched").GetBoolean());
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"/api/transactions/{id}")).StatusCode);
        }

        var data = await PaycueApp.DataAsync(await payer.GetAsync($"/api/pay/{id}"));
        Assert.Equal(how, data.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("card_number").ValueKind);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("card_last4").ValueKind);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("owner").ValueKind);

        var html = await (await payer.GetAsync($"/pay/{id}")).Content.ReadAsStringAsync();
        Assert.Contains($"<body class=\"state-{how}\"", html);
        Assert.DoesNotContain("9860 0000 0000 0001", html);
        Assert.DoesNotContain("9860000000000001", html);
        Assert.DoesNotContain("•••• 0001", html);
        Assert.DoesNotContain(">Sandbox<", html);
        Assert.DoesNotContain("id=\"card\"", html);
        Assert.DoesNotContain("id=\"owner\"", html);
    }

    [Theory]
    [InlineData("?lang=ru", null, "ru", "Переведите ровно эту сумму")]
    [InlineData("?lang=en", null, "en", "Pay exactly this amount")]
    [InlineData("?lang=uz", "ru-RU,ru;q=0.9", "uz-Latn", "Aynan shu summani oʻtkazing")]
    [InlineData("", "ru-RU,ru;q=0.9,en;q=0.8", "ru", "Переведите ровно эту сумму")]
    [InlineData("", "de-DE, en;q=0.5, ru;q=0.7", "ru", "Переведите ровно эту сумму")]
    [InlineData("", "en-US", "en", "Pay exactly this amount")]
    [InlineData("", "fr-FR, de;q=0.8", "uz-Latn", "Aynan shu summani oʻtkazing")]
    [InlineData("?lang=xx", null, "uz-Latn", "Aynan shu summani oʻtkazing")]
    public async Task LanguageComesFromQueryThenAcceptLanguageThenUzbek(string query, string? acceptLanguage, string htmlLang, string sentence)
    {
        var (id, _, _) = await CreateAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/pay/{id}{query}");
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        var html = await (await payer.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains($"<html lang=\"{htmlLang}\">", html);
        Assert.Contains(sentence, html);
    }

    [Fact]
    public async Task PageWithAllItsFilesWeighsUnder50KB()
    {
        var (id, _, _) = await CreateAsync();
        var page = await payer.GetByteArrayAsync($"/pay/{id}");
        var assets = AssetLink().Matches(System.Text.Encoding.UTF8.GetString(page)).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, assets.Count);

        long total = page.Length;
        foreach (var asset in assets)
        {
            total += (await payer.GetByteArrayAsync(asset)).Length;
        }

        output.WriteLine($"pay page weight: {total} bytes (HTML {page.Length}, {assets.Count} files)");
        Assert.InRange(total, 1, 50 * 1024 - 1);
    }

    [Theory]
    [InlineData("pay.css", "text/css")]
    [InlineData("pay.js", "text/javascript")]
    public async Task AssetsHaveTheirTypeAndVersionedOnesAreCachedForGood(string name, string mediaType)
    {
        var (id, _, _) = await CreateAsync();
        var html = await (await payer.GetAsync($"/pay/{id}")).Content.ReadAsStringAsync();
        var url = AssetLink().Matches(html).Select(m => m.Groups[1].Value).Single(u => u.StartsWith($"/pay/assets/{name}?v=", StringComparison.Ordinal));

        var versioned = await payer.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.Equal(mediaType, versioned.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", versioned.Content.Headers.ContentType.CharSet);
        Assert.Equal("public, max-age=31536000, immutable", versioned.Headers.CacheControl!.ToString());

        var unversioned = await payer.GetAsync($"/pay/assets/{name}");
        Assert.Equal("no-cache", unversioned.Headers.CacheControl!.ToString());
        var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/pay/assets/{name}");
        revalidate.Headers.IfNoneMatch.Add(versioned.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await payer.SendAsync(revalidate)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await payer.GetAsync("/pay/assets/secrets.txt")).StatusCode);
    }

    [Fact]
    public async Task PayPageNeedsNoCredentialsButTheMerchantApiStillDoes()
    {
        var (id, _, _) = await CreateAsync();

        Assert.Equal(HttpStatusCode.OK, (await payer.GetAsync($"/pay/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await payer.GetAsync($"/api/pay/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await payer.GetAsync($"/api/transactions/{id}")).StatusCode);
    }
}
