using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Paycue.Gateway.Tests;

/// <summary><c>POST /api/webhooks/test</c> against the real receiver: signed like a real webhook, its answer reported.</summary>
public sealed class WebhookTestHttpTests(HttpContractFixture fixture) : IClassFixture<HttpContractFixture>
{
    private readonly HttpClient api = fixture.App.Authorized();

    [Fact]
    public async Task TestWebhookIsSignedLikeARealOneAndReportsTheReceiversAnswer()
    {
        var response = await api.PostAsync("/api/webhooks/test", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = await PaycueApp.DataAsync(response);
        Assert.True(data.GetProperty("ok").GetBoolean());
        Assert.Equal(200, data.GetProperty("http_status").GetInt32());
        Assert.Equal("{\"ok\":true}", data.GetProperty("response").GetString());
        Assert.True(data.GetProperty("latency_ms").GetInt64() >= 0);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, data.GetProperty("error").ValueKind);

        var hook = (await fixture.Receiver.WaitForAsync("test", h => h.Any(r => r.EventId == data.GetProperty("event_id").GetString()), TimeSpan.FromSeconds(5)))
            .Single(r => r.EventId == data.GetProperty("event_id").GetString());
        Assert.Equal("{\"action\":\"test\"}", hook.Body);
        var secret = (await PaycueApp.DataAsync(await api.GetAsync("/api/webhooks/secret"))).GetProperty("secret").GetString()!;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{hook.Headers["webhook-id"]}.{hook.Headers["webhook-timestamp"]}.{hook.Body}");
        Assert.Equal("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed)), hook.Headers["webhook-signature"]);
    }

    [Fact]
    public async Task AFailingReceiverIsReportedWithItsStatusAndTheFirst512Bytes()
    {
        var answer = "{\"error\":\"" + new string('e', 600) + "\"}";
        fixture.Receiver.Script("test", (500, answer, TimeSpan.Zero));
        var data = await PaycueApp.DataAsync(await api.PostAsync("/api/webhooks/test", null));
        Assert.False(data.GetProperty("ok").GetBoolean());
        Assert.Equal(500, data.GetProperty("http_status").GetInt32());
        Assert.Equal(answer[..512], data.GetProperty("response").GetString());
        Assert.Equal("HTTP 500.", data.GetProperty("error").GetString());
    }

    [Fact]
    public async Task WithoutWebhookUrlTheTestSaysWhatToSet()
    {
        await using var app = new PaycueApp();
        var response = await app.Authorized().PostAsync("/api/webhooks/test", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("WEBHOOK_URL is not set", await PaycueApp.DetailAsync(response));
    }

    [Fact]
    public async Task TheTestNeedsApiCredentials()
    {
        var response = await fixture.App.CreateClient().PostAsync("/api/webhooks/test", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
