using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Paycue.Gateway.Tests;

public sealed class ObservabilityTests(HttpContractFixture fixture) : IClassFixture<HttpContractFixture>
{
    [Fact]
    public async Task OpenApiDocumentDescribesEveryMappedEndpointWithItsErrors()
    {
        var response = await fixture.App.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var paths = document.GetProperty("paths");
        Assert.Equal("basic", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("basic").GetProperty("scheme").GetString());

        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/openapi", StringComparison.Ordinal) && !e.RoutePattern.RawText.StartsWith("/docs", StringComparison.Ordinal) && e.RoutePattern.RawText != "/metrics" && !e.RoutePattern.RawText.StartsWith("/dashboard", StringComparison.Ordinal)
                && !e.RoutePattern.RawText.StartsWith("/console", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var documented = paths.EnumerateObject().Select(p => p.Name).ToList();
            Assert.True(paths.TryGetProperty(path, out var item) || paths.TryGetProperty(path.TrimEnd('/'), out item), $"{path} is missing from the OpenAPI document: {string.Join(", ", documented)}");
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is missing");
                var responses = operation.GetProperty("responses");
                var secured = endpoint.Metadata.GetMetadata<Http.RequiresApiCredentials>() is not null;
                if (secured)
                {
                    Assert.True(responses.TryGetProperty("401", out _), $"{method} {path} does not document 401");
                    Assert.True(operation.TryGetProperty("security", out _), $"{method} {path} does not declare Basic auth");
                }

                if (path.Contains('{', StringComparison.Ordinal))
                {
                    Assert.True(responses.TryGetProperty("404", out _), $"{method} {path} does not document 404");
                }

                if (path.StartsWith("/api/transactions/{id}", StringComparison.Ordinal))
                {
                    Assert.True(responses.TryGetProperty("400", out _), $"{method} {path} does not document 400 for a malformed id");
                }
            }
        }

        var create = paths.GetProperty("/api/transactions").GetProperty("post");
        Assert.True(create.TryGetProperty("requestBody", out _));
        foreach (var status in new[] { "201", "400", "401", "404", "409", "503" })
        {
            Assert.True(create.GetProperty("responses").TryGetProperty(status, out _), $"create does not document {status}");
        }
    }

    [Fact]
    public async Task ApiReferenceIsServedWithoutRemoteResources()
    {
        var response = await fixture.App.CreateClient().GetAsync("/docs/");
        if (response.StatusCode == HttpStatusCode.MovedPermanently || response.StatusCode == HttpStatusCode.Redirect)
        {
            response = await fixture.App.CreateClient().GetAsync(response.Headers.Location);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Paycue API", html);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("fonts.", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MetricsMoveAfterASandboxConfirm()
    {
        var api = fixture.App.Authorized();
        var tx = await PaycueApp.DataAsync(await api.PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 66000, \"card_id\": \"sandbox-1\"}")));
        await api.PostAsync("/api/sandbox/payments", PaycueApp.Json($"{{\"card_id\": \"sandbox-1\", \"amount\": {tx.GetProperty("amount").GetRawText()}}}"));

        var text = await Eventually.WaitAsync(
            () => fixture.App.CreateClient().GetStringAsync("/metrics"),
            t => t.Contains("paycue_transactions_confirmed", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "confirm counter exported");
        Assert.Contains("paycue_transactions_created", text);
        Assert.Contains("paycue_bank_messages", text);
        Assert.Contains("outcome=\"confirmed\"", text);
        Assert.Contains("paycue_amount_offset", text);

        // The runtime's own figures, for a latency jump: GC pauses, JIT time, the thread-pool queue.
        Assert.Contains("dotnet_gc_pause_time_seconds_total", text);
        Assert.Contains("dotnet_jit_compilation_time_seconds_total", text);
        Assert.Contains("dotnet_thread_pool_queue_length_total", text);
    }

    [Fact]
    public async Task ReadinessIsGreenWithAReadySandboxCard()
    {
        var response = await fixture.App.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.Equal("2 ready", body.GetProperty("checks").GetProperty("cards").GetString());
    }
}

public sealed class ReadinessRedisTests
{
    [Fact]
    public async Task ReadinessFlipsTo503WhenRedisStopsAndBackWhenItReturns()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var app = new PaycueApp(new Dictionary<string, string> { ["REDIS_ADDR"] = redis.Address, ["SANDBOX_CARDS"] = "1" });
        var client = app.CreateClient();
        await Eventually.WaitAsync(() => client.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "ready");

        await redis.StopAsync();
        var down = await Eventually.WaitAsync(() => client.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20), "not ready");
        var body = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("unreachable", body.GetProperty("checks").GetProperty("redis").GetString());

        await redis.StartAgainAsync();
        await Eventually.WaitAsync(() => client.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "ready again");
    }

    [Fact]
    public async Task NoReadyCardMeans503NamingTheCards()
    {
        await using var app = new PaycueApp(new Dictionary<string, string> { ["SANDBOX"] = "false" });
        var response = await app.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("no card is ready", await response.Content.ReadAsStringAsync());
    }
}

public sealed class DashboardTests(HttpContractFixture fixture) : IClassFixture<HttpContractFixture>
{
    [Fact]
    public async Task DashboardRefusesAnonymousAndServesWithCredentials()
    {
        var anonymous = await fixture.App.CreateClient().GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString());

        var page = await fixture.App.Authorized().GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", (await page.Content.ReadAsStringAsync()).ToLowerInvariant());
    }

    [Fact]
    public async Task DashboardCanBeTurnedOff()
    {
        await using var app = new PaycueApp(new Dictionary<string, string> { ["DASHBOARD"] = "false" });
        var response = await app.Authorized().GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class ClusterEndpointTests(HttpContractFixture fixture) : IClassFixture<HttpContractFixture>
{
    [Fact]
    public async Task ClusterListsTheSiloWithItsCards()
    {
        var api = fixture.App.Authorized();
        var created = await PaycueApp.DataAsync(await api.PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 55000}")));
        // A create activates no transaction grain (the card writes the record); reading the transaction does.
        await api.GetAsync($"/api/transactions/{created.GetProperty("transaction_id").GetString()}");
        var silos = (await PaycueApp.DataAsync(await api.GetAsync("/api/cluster"))).EnumerateArray().ToList();

        var silo = Assert.Single(silos);
        Assert.Equal("active", silo.GetProperty("status").GetString());
        Assert.StartsWith("127.0.0.1:", silo.GetProperty("address").GetString());
        Assert.Equal(["sandbox-1", "sandbox-2"], silo.GetProperty("cards").EnumerateArray().Select(c => c.GetString()));
        Assert.True(silo.GetProperty("transaction_activations").GetInt32() >= 1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.App.CreateClient().GetAsync("/api/cluster")).StatusCode);
    }
}
