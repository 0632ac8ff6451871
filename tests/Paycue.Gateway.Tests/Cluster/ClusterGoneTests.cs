using System.Net;
using System.Text;
using System.Text.Json;

namespace Paycue.Gateway.Tests.Cluster;

/// <summary>A client-mode gateway whose only silo was killed: the merchant gets a 503 with a sentence, not a 500.</summary>
public sealed class ClusterGoneTests : IAsyncLifetime
{
    private RedisServer redis = null!;
    private PaycueProcess silo = null!;
    private PaycueProcess gateway = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        var common = new Dictionary<string, string>
        {
            ["REDIS_ADDR"] = redis.Address,
            ["SERVICE_ID"] = $"gone-{Guid.NewGuid():N}",
            ["SANDBOX_CARDS"] = "1",
        };
        silo = PaycueProcess.Launch(SiloBinary.Path(), new Dictionary<string, string>(common)
        {
            ["SILO_PORT"] = FreePort.Next().ToString(), ["GATEWAY_PORT"] = FreePort.Next().ToString(),
        });
        gateway = await PaycueProcess.StartAsync(Path.Combine(AppContext.BaseDirectory, "paycue.dll"), new Dictionary<string, string>(common) { ["ORLEANS_ROLE"] = "client" });
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await silo.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task CreateAnswers503WhenTheOnlySiloIsGone()
    {
        var create = () => gateway.Http.PostAsync("/api/transactions", new StringContent("{\"amount\": 30000}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, (await create()).StatusCode);

        silo.KillHard();
        var during = await create();
        var body = JsonDocument.Parse(await during.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        var detail = body.GetProperty("data").GetProperty("detail").GetString();
        Assert.Contains("unreachable", detail);
        Assert.Contains("Idempotency-Key", detail);
    }
}
