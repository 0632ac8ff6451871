using System.Net;
using System.Text.Json;

namespace Paycue.Gateway.Tests;

/// <summary>
/// Redis mode end to end: a real redis-server, the real program, a stop and a start. Transactions, amount pools and
/// the cards' expiry must all survive.
/// </summary>
public sealed class RedisRestartTests : IAsyncLifetime
{
    private RedisServer redis = null!;
    private WebhookReceiver receiver = null!;
    private Dictionary<string, string> settings = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        receiver = await WebhookReceiver.StartAsync();
        settings = new Dictionary<string, string>
        {
            ["REDIS_ADDR"] = redis.Address,
            ["SERVICE_ID"] = $"restart-{Guid.NewGuid():N}",
            ["CLUSTER_ID"] = "restart",
            ["WEBHOOK_URL"] = receiver.Url,
            ["SANDBOX_CARDS"] = "1",
            ["TRANSACTION_TIMEOUT"] = "8s",
            ["EXPIRY_GRACE"] = "1s",
            ["AMOUNT_COOLDOWN"] = "1m",
            ["SILO_PORT"] = FreePort.Next().ToString(),
            ["GATEWAY_PORT"] = FreePort.Next().ToString(),
        };
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task TransactionsSurviveARestartAndStillExpire()
    {
        // The second (paid after the restart) has a 10-minute ttl, the others TRANSACTION_TIMEOUT (8 s): a restart under
        // load takes as long as 8 s, so only a deadline that long after it can promise "still active" whatever the load.
        var bodies = new[] { "{\"amount\": 20000}", "{\"amount\": 20000, \"ttl\": 600}", "{\"amount\": 20000}" };
        var created = new List<JsonElement>();
        await using (var first = new PaycueApp(settings))
        {
            var api = first.Authorized();
            foreach (var body in bodies)
            {
                var response = await api.PostAsync("/api/transactions", PaycueApp.Json(body));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                created.Add(await PaycueApp.DataAsync(response));
            }
        }

        var ids = created.Select(c => c.GetProperty("transaction_id").GetString()!).ToList();
        Assert.Equal([20000L, 20001L, 20002L], created.Select(c => c.GetProperty("amount").GetInt64()));

        // A different silo port: a fresh process, as after a reboot.
        settings["SILO_PORT"] = FreePort.Next().ToString();
        settings["GATEWAY_PORT"] = FreePort.Next().ToString();
        await using var second = new PaycueApp(settings);
        var again = second.Authorized();
        foreach (var before in created)
        {
            var id = before.GetProperty("transaction_id").GetString()!;
            var view = await PaycueApp.DataAsync(await again.GetAsync($"/api/transactions/{id}"));
            var answered = DateTimeOffset.UtcNow;
            Assert.Equal(before.GetProperty("amount").GetInt64(), view.GetProperty("amount").GetInt64());
            Assert.Equal(before.GetProperty("expires_at").GetDateTimeOffset(), view.GetProperty("expires_at").GetDateTimeOffset());

            // Answered before its deadline, it was read before it and must be active; later, the expiry below says how it ended.
            if (answered < before.GetProperty("expires_at").GetDateTimeOffset())
            {
                Assert.Equal("active", view.GetProperty("state").GetString());
            }
        }

        // The pool came back from Redis: a new request does not reuse a held amount (an expired one cools down 1 min).
        var fourth = await PaycueApp.DataAsync(await again.PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 20000}")));
        Assert.Equal(20003, fourth.GetProperty("amount").GetInt64());

        // Matching still works against the restored pool.
        var pay = await PaycueApp.DataAsync(await again.PostAsync("/api/sandbox/payments", PaycueApp.Json("{\"card_id\": \"sandbox-1\", \"amount\": 20001}")));
        Assert.Equal(ids[1], pay.GetProperty("transaction_id").GetString());

        // The others expire through their card, restored from Redis by the second process.
        foreach (var id in new[] { ids[0], ids[2] })
        {
            var hooks = await receiver.WaitForAsync(id, h => h.Any(x => x.Action == "cancel"), TimeSpan.FromSeconds(30));
            Assert.Equal("cancel", hooks.Last().Action);
            var view = await PaycueApp.DataAsync(await again.GetAsync($"/api/transactions/{id}"));
            Assert.Equal("cancelled", view.GetProperty("state").GetString());
            Assert.Equal("expired", view.GetProperty("cancel_reason").GetString());
        }

        Assert.Equal("confirm", (await receiver.WaitForAsync(ids[1], h => h.Count >= 1, TimeSpan.FromSeconds(5)))[0].Action);
    }
}
