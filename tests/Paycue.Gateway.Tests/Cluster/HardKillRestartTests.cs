using System.Diagnostics;
using System.Net;

namespace Paycue.Gateway.Tests.Cluster;

/// <summary>
/// An operator's ordinary restart after a power loss: the lone all-in-one process in Redis mode is killed hard, and
/// a new one with the same <c>CLUSTER_ID</c> comes up on other ports (a new address or port after a move, as these
/// tests' free ports always are). The dead process's membership entry still says "active"; the new one must serve,
/// with every transaction, long before the old entry could be voted dead by probing alone.
/// </summary>
public sealed class HardKillRestartTests : IAsyncLifetime
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

    [Fact]
    public async Task ALoneSiloKilledHardComesBackOnNewPortsWithItsTransactions()
    {
        var settings = new Dictionary<string, string>
        {
            ["REDIS_ADDR"] = redis.Address,
            ["SERVICE_ID"] = $"hard-kill-{Guid.NewGuid():N}",
            ["CLUSTER_ID"] = "hard-kill",
            ["WEBHOOK_URL"] = receiver.Url,
            ["SANDBOX_CARDS"] = "1",
        };

        string id;
        await using (var first = await PaycueProcess.StartAsync(settings))
        {
            var created = await first.Http.PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 31000}"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            id = (await PaycueApp.DataAsync(created)).GetProperty("transaction_id").GetString()!;
            first.KillHard();
        }

        // PaycueProcess gives the new process new silo and gateway ports. With Orleans' default 30 s membership
        // heartbeat the dead entry counted as fresh for 90 s, and the new silo waited that long to join (measured
        // 100 s on this machine); with Paycue's 5 s heartbeat it is stale after 15 s. 60 s separates the two with
        // room for a loaded machine, and is what an operator waiting for the shop to come back would accept.
        var clock = Stopwatch.StartNew();
        await using var second = await PaycueProcess.StartAsync(settings);
        var ready = clock.Elapsed;
        Assert.True(ready < TimeSpan.FromSeconds(60), $"the restarted process took {ready.TotalSeconds:F0} s to be ready");

        var view = await PaycueApp.DataAsync(await second.Http.GetAsync($"/api/transactions/{id}"));
        Assert.Equal("active", view.GetProperty("state").GetString());

        // And it is paid through the restarted process: the card's pool came back with it.
        var pay = await second.Http.PostAsync("/api/sandbox/payments", PaycueApp.Json("{\"card_id\": \"sandbox-1\", \"amount\": 31000}"));
        Assert.True(pay.IsSuccessStatusCode, await pay.Content.ReadAsStringAsync());
        var hooks = await receiver.WaitForAsync(id, h => h.Any(w => w.Action == "confirm"), TimeSpan.FromSeconds(30));
        Assert.Single(hooks, w => w.Action == "confirm");
    }
}
