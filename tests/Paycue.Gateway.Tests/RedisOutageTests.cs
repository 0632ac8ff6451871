using System.Net;

namespace Paycue.Gateway.Tests;

/// <summary>What a merchant sees when Redis goes away, and that a pending webhook outlives the process that owed it.</summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private RedisServer redis = null!;
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await redis.DisposeAsync();
    }

    private Dictionary<string, string> Settings(string serviceId) => new()
    {
        ["REDIS_ADDR"] = redis.Address,
        ["SERVICE_ID"] = serviceId,
        ["SANDBOX_CARDS"] = "1",
        ["WEBHOOK_URL"] = receiver.Url,
        ["WEBHOOK_BACKOFF"] = "3s",
        ["REMINDER_PERIOD"] = "3s",
        ["SILO_PORT"] = FreePort.Next().ToString(),
        ["GATEWAY_PORT"] = FreePort.Next().ToString(),
    };

    [Fact]
    public async Task CreateAnswers503WhileRedisIsDownAndWorksWhenItIsBack()
    {
        await using var app = new PaycueApp(Settings($"outage-{Guid.NewGuid():N}"));
        var api = app.Authorized();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 30000}"))).StatusCode);

        await redis.StopAsync();
        var during = await api.PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 30000}"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Contains("unreachable", await PaycueApp.DetailAsync(during));

        await redis.StartAgainAsync();
        var after = await Eventually.WaitAsync(
            () => api.PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 30000}")),
            r => r.StatusCode == HttpStatusCode.Created,
            TimeSpan.FromSeconds(30), "create after Redis returned");
        var data = await PaycueApp.DataAsync(after);
        Assert.NotEqual(30000, data.GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task WebhookPendingARetryIsDeliveredByTheNextProcess()
    {
        var settings = Settings($"durable-{Guid.NewGuid():N}");
        string id;
        await using (var first = new PaycueApp(settings))
        {
            var api = first.Authorized();
            var data = await PaycueApp.DataAsync(await api.PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 40000}")));
            id = data.GetProperty("transaction_id").GetString()!;
            receiver.Script(id, (503, "{}", TimeSpan.Zero));
            await api.DeleteAsync($"/api/transactions/{id}");
            await receiver.WaitForAsync(id, h => h.Count >= 1, TimeSpan.FromSeconds(5));
        }

        // The first process is gone with the retry still owed; a new one must deliver it.
        settings["SILO_PORT"] = FreePort.Next().ToString();
        settings["GATEWAY_PORT"] = FreePort.Next().ToString();
        await using var second = new PaycueApp(settings);
        second.CreateClient().Dispose();
        var hooks = await receiver.WaitForAsync(id, h => h.Count >= 2, TimeSpan.FromSeconds(30));
        Assert.Equal(hooks[0].EventId, hooks[1].EventId);
        var view = await Eventually.WaitAsync(
            async () => await PaycueApp.DataAsync(await second.Authorized().GetAsync($"/api/transactions/{id}")),
            v => v.GetProperty("webhook").GetProperty("status").GetString() == "delivered",
            TimeSpan.FromSeconds(10), "delivered");
        Assert.Equal(2, view.GetProperty("webhook").GetProperty("attempts").GetInt32());
    }
}
