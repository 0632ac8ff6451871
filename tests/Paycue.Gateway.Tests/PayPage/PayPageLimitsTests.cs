using System.Net;
using Paycue.Gateway.PayPage;

namespace Paycue.Gateway.Tests.PayPage;

public sealed class PayPageLimitsTests(PayPageLimitsFixture fixture) : IClassFixture<PayPageLimitsFixture>
{
    [Fact]
    public async Task OneAddressGets429AfterTheLimitWhileOthersAndTheMerchantApiGoOn()
    {
        var greedy = fixture.Payer("203.0.113.7");
        for (var i = 0; i < PayPageLimitsFixture.RateLimit; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await greedy.GetAsync($"/api/pay/{Guid.NewGuid():D}")).StatusCode);
        }

        var limited = await greedy.GetAsync($"/api/pay/{Guid.NewGuid():D}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(PayTexts.Uzbek.TooManyRequests, await PaycueApp.DetailAsync(limited));
        Assert.InRange(int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After"))), 1, 60);

        var limitedPage = await greedy.GetAsync($"/pay/{Guid.NewGuid():D}?lang=en");
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedPage.StatusCode);
        Assert.Equal(PayTexts.English.TooManyRequests, await limitedPage.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", Assert.Single(limitedPage.Headers.GetValues("X-Content-Type-Options")));

        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Payer("203.0.113.8").GetAsync($"/api/pay/{Guid.NewGuid():D}")).StatusCode);

        var merchant = fixture.App.Authorized();
        merchant.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        for (var i = 0; i < PayPageLimitsFixture.RateLimit + 1; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await merchant.GetAsync("/api/cards")).StatusCode);
        }
    }

    [Theory]
    [InlineData("20001.05", "20 001,05", "20 001", "05")]
    [InlineData("31000", "31 000,00", "31 000", "00")]
    public async Task TiyinPrecisionShowsTheTiyinUnmistakably(string requested, string amountText, string som, string tiyin)
    {
        var response = await fixture.App.Authorized().PostAsync("/api/transactions", PaycueApp.Json($"{{\"amount\": {requested}, \"card_id\": \"sandbox-1\"}}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await PaycueApp.DataAsync(response)).GetProperty("transaction_id").GetString();
        var payer = fixture.Payer("203.0.113.20");

        var data = await PaycueApp.DataAsync(await payer.GetAsync($"/api/pay/{id}"));
        var html = await (await payer.GetAsync($"/pay/{id}?lang=en")).Content.ReadAsStringAsync();

        Assert.Equal(amountText, data.GetProperty("amount_text").GetString());
        Assert.Contains($"<span class=\"som\">{som}</span><span class=\"tiyin\">,{tiyin}</span>", html);
        Assert.Contains($"<p class=\"words\">{som} so&#x27;m {tiyin} tiyin</p>", html);
        Assert.Contains($"data-copy=\"{amountText.Replace(" ", "")}\"", html);
    }
}
