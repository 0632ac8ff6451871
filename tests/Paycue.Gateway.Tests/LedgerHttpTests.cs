using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Paycue.Gateway.Tests;

public sealed class LedgerHttpTests(HttpContractFixture fixture) : IClassFixture<HttpContractFixture>
{
    private readonly HttpClient api = fixture.App.Authorized();

    [Fact]
    public async Task ReceivedWebhookVerifiesWithTheSecretFromTheApi()
    {
        var tx = await PaycueApp.DataAsync(await api.PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 77000}")));
        var id = tx.GetProperty("transaction_id").GetString()!;
        await api.DeleteAsync($"/api/transactions/{id}");
        var hook = (await fixture.Receiver.WaitForAsync(id, h => h.Count >= 1, TimeSpan.FromSeconds(5)))[0];

        var secret = (await PaycueApp.DataAsync(await api.GetAsync("/api/webhooks/secret"))).GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);

        // Verified the way the README tells a receiver to.
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{hook.Headers["webhook-id"]}.{hook.Headers["webhook-timestamp"]}.{hook.Body}");
        Assert.Equal("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed)), hook.Headers["webhook-signature"]);
        Assert.InRange(long.Parse(hook.Headers["webhook-timestamp"]), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Fact]
    public async Task UnmatchedPaymentShowsInThePaymentsList()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");
        var pay = await PaycueApp.DataAsync(await api.PostAsync("/api/sandbox/payments", PaycueApp.Json("{\"card_id\": \"sandbox-2\", \"amount\": 123457}")));
        Assert.False(pay.GetProperty("matched").GetBoolean());

        var list = await PaycueApp.DataAsync(await api.GetAsync($"/api/payments?status=unmatched&since={Uri.EscapeDataString(since)}"));
        var item = Assert.Single(list.GetProperty("items").EnumerateArray(), p => p.GetProperty("amount").GetInt64() == 123457);
        Assert.Equal("no_open_transaction", item.GetProperty("outcome").GetString());
        Assert.Equal("unmatched", item.GetProperty("status").GetString());
        Assert.Equal("sandbox-2", item.GetProperty("card_id").GetString());
        Assert.Equal("PAYCUE SANDBOX P2P", item.GetProperty("source").GetString());

        var matched = await PaycueApp.DataAsync(await api.GetAsync($"/api/payments?status=matched&since={Uri.EscapeDataString(since)}"));
        Assert.DoesNotContain(matched.GetProperty("items").EnumerateArray(), p => p.GetProperty("amount").GetInt64() == 123457);
    }

    [Fact]
    public async Task FailedDeliveryIsListedAndCanBeRedeliveredWithTheSameId()
    {
        var tx = await PaycueApp.DataAsync(await api.PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 88000}")));
        var id = tx.GetProperty("transaction_id").GetString()!;
        fixture.Receiver.Script(id, (410, "{}", TimeSpan.Zero));
        await api.DeleteAsync($"/api/transactions/{id}");

        var failed = await Eventually.WaitAsync(
            async () => await PaycueApp.DataAsync(await api.GetAsync("/api/webhooks/deliveries?status=failed")),
            d => d.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("owner_id").GetString() == id),
            TimeSpan.FromSeconds(5), "failed delivery listed");
        var entry = failed.GetProperty("items").EnumerateArray().First(i => i.GetProperty("owner_id").GetString() == id);
        Assert.Equal(410, entry.GetProperty("last_http_status").GetInt32());

        var redeliver = await api.PostAsync($"/api/transactions/{id}/webhook", null);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        var hooks = await fixture.Receiver.WaitForAsync(id, h => h.Count >= 2, TimeSpan.FromSeconds(5));
        Assert.Equal(hooks[0].EventId, hooks[1].EventId);
        await Eventually.WaitAsync(
            async () => await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions/{id}")),
            v => v.GetProperty("webhook").GetProperty("status").GetString() == "delivered",
            TimeSpan.FromSeconds(5), "redelivered");
    }

    [Theory]
    [InlineData("/api/payments?status=weird", "status must be")]
    [InlineData("/api/payments?since=yesterday", "since must be a time")]
    [InlineData("/api/payments?limit=0", "limit must be")]
    [InlineData("/api/webhooks/deliveries?status=lost", "status must be")]
    public async Task BadListQueriesGet400(string path, string expected)
    {
        var response = await api.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await PaycueApp.DetailAsync(response));
    }
}

public sealed class TransactionListTests : IAsyncLifetime
{
    private PaycueApp app = null!;

    public Task InitializeAsync()
    {
        app = new PaycueApp();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task ListsActiveAndClosedTransactionsByState()
    {
        var api = app.Authorized();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await PaycueApp.DataAsync(await api.PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 15000}")))).GetProperty("transaction_id").GetString()!);
        }

        await api.DeleteAsync($"/api/transactions/{ids[0]}");

        var active = (await PaycueApp.DataAsync(await api.GetAsync("/api/transactions?state=active"))).EnumerateArray().Select(t => t.GetProperty("transaction_id").GetString()).ToList();
        Assert.Equal([ids[2], ids[1]], active);
        var cancelled = (await PaycueApp.DataAsync(await api.GetAsync("/api/transactions?state=cancelled"))).EnumerateArray().Select(t => t.GetProperty("transaction_id").GetString()).ToList();
        Assert.Equal([ids[0]], cancelled);
        Assert.Empty((await PaycueApp.DataAsync(await api.GetAsync("/api/transactions?state=confirmed"))).EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/transactions?state=lost")).StatusCode);
    }
}
