using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Paycue.Gateway.Tests.Cluster;

/// <summary>
/// Real processes: redis-server, three paycue-silo and one paycue gateway in client mode. One silo is killed with
/// SIGKILL mid-flight; every transaction must still end exactly once, with its webhook.
/// </summary>
public sealed class FailoverTests : IAsyncLifetime
{
    private const int Transactions = 200;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(50);

    private readonly List<(PaycueProcess Process, int SiloPort)> silos = [];
    private RedisServer redis = null!;
    private WebhookReceiver receiver = null!;
    private PaycueProcess gateway = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        receiver = await WebhookReceiver.StartAsync();
        var common = new Dictionary<string, string>
        {
            ["REDIS_ADDR"] = redis.Address,
            ["SERVICE_ID"] = $"failover-{Guid.NewGuid():N}",
            ["CLUSTER_ID"] = "failover",
            ["SANDBOX_CARDS"] = "2",
            ["LIMIT"] = "500",
            ["WEBHOOK_URL"] = receiver.Url,
            ["TRANSACTION_TIMEOUT"] = $"{(int)Timeout.TotalSeconds}s",
            ["EXPIRY_GRACE"] = "1s",
            ["REMINDER_PERIOD"] = "5s",
            ["WEBHOOK_BACKOFF"] = "10s",
        };
        var siloDll = SiloBinary.Path();
        for (var i = 0; i < 3; i++)
        {
            var siloPort = FreePort.Next();
            var settings = new Dictionary<string, string>(common) { ["SILO_PORT"] = siloPort.ToString(), ["GATEWAY_PORT"] = FreePort.Next().ToString() };
            silos.Add((PaycueProcess.Launch(siloDll, settings), siloPort));
        }

        gateway = await PaycueProcess.StartAsync(Path.Combine(AppContext.BaseDirectory, "paycue.dll"), new Dictionary<string, string>(common) { ["ORLEANS_ROLE"] = "client" });

        // The drill kills one of three members. Silos started together join one after another (each first pings
        // every active one), and the client is ready as soon as one gateway is; killing the only active silo while
        // the others still join would test cluster bootstrap, not failover.
        await Eventually.WaitAsync(ActiveSilosAsync, n => n == 3, TimeSpan.FromSeconds(90), "three active silos");
    }

    private async Task<int> ActiveSilosAsync()
    {
        try
        {
            var silosNow = await DataAsync(gateway.Http.GetAsync("/api/cluster"));
            return silosNow.EnumerateArray().Count(s => s.GetProperty("status").GetString() == "active");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or Xunit.Sdk.XunitException)
        {
            return 0;
        }
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        foreach (var (process, _) in silos)
        {
            await process.DisposeAsync();
        }

        await receiver.DisposeAsync();
        await redis.DisposeAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonElement> DataAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("status").GetBoolean(), body.ToString());
        return body.GetProperty("data");
    }

    /// <summary>Why the last <see cref="HostOfAsync"/> found no host, for the failure message.</summary>
    private string lastProbe = "";

    private async Task<string?> HostOfAsync(string cardId)
    {
        try
        {
            var silosNow = await DataAsync(gateway.Http.GetAsync("/api/cluster"));
            lastProbe = silosNow.ToString();
            return silosNow.EnumerateArray().Where(s => s.GetProperty("status").GetString() == "active")
                .FirstOrDefault(s => s.GetProperty("cards").EnumerateArray().Any(c => c.GetString() == cardId)) is { ValueKind: JsonValueKind.Object } silo
                ? silo.GetProperty("address").GetString()
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or Xunit.Sdk.XunitException or InvalidOperationException)
        {
            lastProbe = $"{e.GetType().Name}: {e.Message}";
            return null;
        }
    }

    [Fact]
    public async Task KilledSiloHandsCardAndTransactionsToTheOthers()
    {
        // 1. 200 transactions over the two sandbox cards.
        var created = new List<(string Id, string Card, long Amount)>();
        for (var i = 0; i < Transactions; i++)
        {
            var tx = await DataAsync(gateway.Http.PostAsync("/api/transactions", Json($"{{\"amount\": {30_000 + (i % 50)}}}")));
            created.Add((tx.GetProperty("transaction_id").GetString()!, tx.GetProperty("card_id").GetString()!, tx.GetProperty("amount").GetInt64()));
        }

        Assert.Equal(2, created.Select(c => c.Card).Distinct().Count());

        // Some cancel webhooks fail once, so a retry is pending (10 s backoff) when the silo dies.
        var pendingRetry = created.Where(c => c.Card == "sandbox-2").Take(10).ToList();
        var failedOnce = pendingRetry.Select(t => t.Id).ToHashSet();
        foreach (var tx in pendingRetry)
        {
            receiver.Script(tx.Id, (503, "{}", TimeSpan.Zero));
            await gateway.Http.DeleteAsync($"/api/transactions/{tx.Id}");
        }

        await Eventually.WaitAsync(() => Task.FromResult(pendingRetry.Count(t => receiver.For(t.Id).Count >= 1)), n => n == pendingRetry.Count, TimeSpan.FromSeconds(10), "first failed attempts");

        // 2. kill -9 the silo that hosts sandbox-1.
        var host = await HostOfAsync("sandbox-1") ?? throw new InvalidOperationException("sandbox-1 has no host");
        var victim = silos.Single(s => host.EndsWith($":{s.SiloPort}", StringComparison.Ordinal));
        victim.Process.KillHard();

        // 3. Within 60 s the card is active on another silo, and a payment for one of its transactions confirms it.
        string? newHost;
        try
        {
            newHost = await Eventually.WaitAsync(() => HostOfAsync("sandbox-1"), h => h is not null && h != host, TimeSpan.FromSeconds(60), $"sandbox-1 on another silo than {host}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the last /api/cluster answer: {lastProbe}", e);
        }

        Assert.NotEqual(host, newHost);
        var toPay = created.First(c => c.Card == "sandbox-1");
        var paid = await DataAsync(gateway.Http.PostAsync("/api/sandbox/payments", Json($"{{\"card_id\": \"sandbox-1\", \"amount\": {toPay.Amount}}}")));
        Assert.Equal(toPay.Id, paid.GetProperty("transaction_id").GetString());

        // 4. Everything else expires on time, wherever it lived; every transaction ends once, every webhook arrives.
        var ends = await Eventually.WaitAsync(
            () => Task.FromResult(created.Count(c => receiver.For(c.Id).Count >= (failedOnce.Contains(c.Id) ? 2 : 1))),
            n => n == Transactions,
            Timeout + TimeSpan.FromSeconds(75), "every transaction's webhook delivered");
        Assert.Equal(Transactions, ends);
        foreach (var tx in created)
        {
            var hooks = receiver.For(tx.Id);
            Assert.Single(hooks.Select(h => h.EventId).Distinct());
            Assert.Single(hooks.Select(h => h.Action).Distinct());
            var view = await DataAsync(gateway.Http.GetAsync($"/api/transactions/{tx.Id}"));
            Assert.NotEqual("active", view.GetProperty("state").GetString());
            Assert.Equal(tx.Id == toPay.Id ? "confirm" : "cancel", hooks[0].Action);
        }

        foreach (var tx in pendingRetry)
        {
            Assert.True(receiver.For(tx.Id).Count >= 2, $"retry of {tx.Id} was lost");
        }

        // 5. SIGTERM is a graceful stop that ends within 30 s.
        var survivor = silos.First(s => s != victim);
        Assert.True(await survivor.Process.TerminateAsync(TimeSpan.FromSeconds(30)), "paycue-silo did not exit within 30 s of SIGTERM");
    }
}
