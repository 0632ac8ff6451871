using System.Net;
using System.Text.Json;

namespace Paycue.Gateway.Tests;

/// <summary>The app under test for <see cref="OrderFieldsHttpTests"/>: in memory, or on a real redis-server.</summary>
public abstract class OrderFieldsFixture : IAsyncLifetime
{
    public WebhookReceiver Receiver { get; private set; } = null!;

    public PaycueApp App { get; private set; } = null!;

    private RedisServer? redis;

    protected abstract bool UseRedis { get; }

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string> { ["WEBHOOK_URL"] = Receiver.Url, ["EXPIRY_GRACE"] = "1s", ["AMOUNT_COOLDOWN"] = "1m" };
        if (UseRedis)
        {
            redis = await RedisServer.StartAsync();
            settings["REDIS_ADDR"] = redis.Address;
            settings["CLUSTER_ID"] = "orders";
        }

        App = new PaycueApp(settings);
        App.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Receiver.DisposeAsync();
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}

public sealed class MemoryOrderFieldsFixture : OrderFieldsFixture
{
    protected override bool UseRedis => false;
}

public sealed class RedisOrderFieldsFixture : OrderFieldsFixture
{
    protected override bool UseRedis => true;
}

public sealed class MemoryOrderFieldsHttpTests(MemoryOrderFieldsFixture fixture) : OrderFieldsHttpTests(fixture), IClassFixture<MemoryOrderFieldsFixture>;

public sealed class RedisOrderFieldsHttpTests(RedisOrderFieldsFixture fixture) : OrderFieldsHttpTests(fixture), IClassFixture<RedisOrderFieldsFixture>;

/// <summary>
/// The create call's order_id, metadata, ttl and return_url over real HTTP: refusals that say what to fix, the fields
/// on every read, the order_id lookup, the webhook body and the ledger row, and Idempotency-Key replays.
/// </summary>
public abstract class OrderFieldsHttpTests(OrderFieldsFixture fixture)
{
    private readonly HttpClient api = fixture.App.Authorized();

    private static long uniqueAmount = 300_000 + (Random.Shared.Next(0, 1000) * 10);

    private static long NextAmount() => Interlocked.Add(ref uniqueAmount, 10);

    private async Task<HttpResponseMessage> PostAsync(string path, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = PaycueApp.Json(JsonSerializer.Serialize(body)) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await api.SendAsync(request);
    }

    [Theory]
    [InlineData("{\"amount\": 20000, \"order_id\": 42}", "order_id must be a string")]
    [InlineData("{\"amount\": 20000, \"order_id\": \"\"}", "order_id must be 1 to 64 characters")]
    [InlineData("{\"amount\": 20000, \"order_id\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}", "order_id must be 1 to 64 characters; it is 65")]
    [InlineData("{\"amount\": 20000, \"order_id\": \"a\\nb\"}", "control characters")]
    [InlineData("{\"amount\": 20000, \"metadata\": [1]}", "metadata must be a JSON object")]
    [InlineData("{\"amount\": 20000, \"metadata\": \"x\"}", "metadata must be a JSON object")]
    [InlineData("{\"amount\": 20000, \"ttl\": 59}", "ttl must be from 60 seconds (1 minute) to 86400 seconds (1 day); it is 59")]
    [InlineData("{\"amount\": 20000, \"ttl\": 86401}", "it is 86401")]
    [InlineData("{\"amount\": 20000, \"ttl\": \"10m\"}", "ttl must be a whole number of seconds")]
    [InlineData("{\"amount\": 20000, \"ttl\": 60.5}", "ttl must be a whole number of seconds")]
    [InlineData("{\"amount\": 20000, \"return_url\": \"javascript:alert(1)\"}", "return_url must be an absolute http or https URL")]
    [InlineData("{\"amount\": 20000, \"return_url\": \"/orders/1\"}", "return_url must be an absolute http or https URL")]
    [InlineData("{\"amount\": 20000, \"return_url\": \"ftp://shop.example/\"}", "return_url must be an absolute http or https URL")]
    [InlineData("{\"amount\": 20000, \"return_url\": \"https://user:pw@shop.example/\"}", "must not carry a user name or password")]
    public async Task BadOrderFieldsAreRefusedWithWhatToFix(string body, string expected)
    {
        foreach (var path in new[] { "/api/transactions", "/create/transaction/" })
        {
            var response = await api.PostAsync(path, PaycueApp.Json(body));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(expected, await PaycueApp.DetailAsync(response));
        }
    }

    [Fact]
    public async Task MetadataOverTwoKilobytesIsRefusedAndTwoKilobytesIsTaken()
    {
        // {"k":"…"} is 8 bytes of JSON around the value.
        var fits = new { amount = NextAmount(), metadata = new { k = new string('x', 2048 - 8) } };
        var created = await PostAsync("/api/transactions", fits);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(2040, (await PaycueApp.DataAsync(created)).GetProperty("metadata").GetProperty("k").GetString()!.Length);

        var tooBig = new { amount = NextAmount(), metadata = new { k = new string('x', 2048 - 7) } };
        var refused = await PostAsync("/api/transactions", tooBig);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("metadata is 2049 bytes as compact JSON; keep it to 2048 bytes", await PaycueApp.DetailAsync(refused));
    }

    [Fact]
    public async Task OrderFieldsAreStoredReturnedFoundByOrderIdAndEchoedInTheWebhookAndLedger()
    {
        var som = NextAmount();
        var orderId = $"order-{Guid.NewGuid():N}"[..30];
        var body = new { amount = som, card_id = "sandbox-1", order_id = orderId, metadata = new { customer = "Ali", items = new[] { 1, 2 } }, ttl = 600, return_url = "https://shop.example/orders/7?x=1&y=<2>" };
        var response = await PostAsync("/api/transactions", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await PaycueApp.DataAsync(response);
        var id = created.GetProperty("transaction_id").GetString()!;
        Assert.Equal(orderId, created.GetProperty("order_id").GetString());
        Assert.Equal("{\"customer\":\"Ali\",\"items\":[1,2]}", created.GetProperty("metadata").GetRawText());
        Assert.Equal("https://shop.example/orders/7?x=1&y=<2>", created.GetProperty("return_url").GetString());
        Assert.Equal(TimeSpan.FromSeconds(600), created.GetProperty("expires_at").GetDateTimeOffset() - created.GetProperty("created_at").GetDateTimeOffset());

        // Every read has them: by id, the active list, and the order_id lookup (which finds only its own).
        var read = await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions/{id}"));
        Assert.Equal(orderId, read.GetProperty("order_id").GetString());
        var active = await PaycueApp.DataAsync(await api.GetAsync("/api/transactions?state=active&limit=500"));
        Assert.Equal(orderId, active.EnumerateArray().Single(t => t.GetProperty("transaction_id").GetString() == id).GetProperty("order_id").GetString());
        var byOrder = await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions?order_id={orderId}"));
        Assert.Equal(id, Assert.Single(byOrder.EnumerateArray()).GetProperty("transaction_id").GetString());
        Assert.Empty((await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions?order_id=none-{orderId}"))).EnumerateArray());

        // Paid: the confirm webhook keeps the original three fields first and appends the order's.
        var paid = await PostAsync("/api/sandbox/payments", new { card_id = "sandbox-1", amount = created.GetProperty("amount").GetInt64() });
        Assert.Equal("confirmed", (await PaycueApp.DataAsync(paid)).GetProperty("outcome").GetString());
        var hooks = await fixture.Receiver.WaitForAsync(id, h => h.Count >= 1, TimeSpan.FromSeconds(15));
        var hook = hooks[0].Json;
        Assert.Equal(["action", "amount", "transaction_id", "card_id", "requested_amount", "order_id", "metadata"], hook.EnumerateObject().Select(p => p.Name).ToList());
        Assert.Equal("confirm", hook.GetProperty("action").GetString());
        Assert.Equal(orderId, hook.GetProperty("order_id").GetString());
        Assert.Equal("Ali", hook.GetProperty("metadata").GetProperty("customer").GetString());

        // The ledger row that confirmed it names the order; the lookup finds it confirmed.
        var ledger = await PaycueApp.DataAsync(await api.GetAsync("/api/payments?status=matched&limit=500"));
        var row = ledger.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("transaction_id").GetString() == id);
        Assert.Equal(orderId, row.GetProperty("order_id").GetString());
        var confirmed = await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions?order_id={orderId}&state=confirmed"));
        Assert.Equal("confirmed", Assert.Single(confirmed.EnumerateArray()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task AnOrderRetriedAfterCancelHasBothTransactionsUnderItsOrderId()
    {
        var orderId = $"retry-{Guid.NewGuid():N}";
        var first = await PaycueApp.DataAsync(await PostAsync("/create/transaction/", new { amount = NextAmount(), order_id = orderId }));
        Assert.Equal(orderId, first.GetProperty("order_id").GetString());
        var firstId = first.GetProperty("transaction_id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"/api/transactions/{firstId}")).StatusCode);
        var second = await PaycueApp.DataAsync(await PostAsync("/api/transactions", new { amount = NextAmount(), order_id = orderId }));

        var found = await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions?order_id={orderId}"));
        Assert.Equal([second.GetProperty("transaction_id").GetString(), firstId], found.EnumerateArray().Select(t => t.GetProperty("transaction_id").GetString()).ToList());
        Assert.Equal(["active", "cancelled"], found.EnumerateArray().Select(t => t.GetProperty("state").GetString()).ToList());
        var hooks = await fixture.Receiver.WaitForAsync(firstId, h => h.Count >= 1, TimeSpan.FromSeconds(15));
        Assert.Equal(orderId, hooks[0].Json.GetProperty("order_id").GetString());
        Assert.False(hooks[0].Json.TryGetProperty("metadata", out _));
    }

    [Fact]
    public async Task IdempotentCreateReplaysWithTheOrderFieldsAndRefusesOtherOnes()
    {
        var key = $"key-{Guid.NewGuid():N}";
        var som = NextAmount();
        var body = new { amount = som, order_id = "idem-1", metadata = new { a = 1 }, ttl = 120, return_url = "https://shop.example/r" };
        var first = await PostAsync("/api/transactions", body, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await PaycueApp.DataAsync(first);

        var again = await PostAsync("/api/transactions", body, key);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var replayed = await PaycueApp.DataAsync(again);
        Assert.Equal(created.GetProperty("transaction_id").GetString(), replayed.GetProperty("transaction_id").GetString());
        Assert.Equal("idem-1", replayed.GetProperty("order_id").GetString());
        Assert.Equal(created.GetProperty("expires_at").GetDateTimeOffset(), replayed.GetProperty("expires_at").GetDateTimeOffset());

        var other = await PostAsync("/api/transactions", new { amount = som, order_id = "idem-2", metadata = new { a = 1 }, ttl = 120, return_url = "https://shop.example/r" }, key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Contains("order_id", await PaycueApp.DetailAsync(other));
        var otherTtl = await PostAsync("/api/transactions", new { amount = som, order_id = "idem-1", metadata = new { a = 1 }, ttl = 180, return_url = "https://shop.example/r" }, key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherTtl.StatusCode);
    }

    [Fact]
    public async Task ATransactionWithoutOrderFieldsKeepsTheOriginalWebhookBody()
    {
        var created = await PaycueApp.DataAsync(await PostAsync("/api/transactions", new { amount = NextAmount() }));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("order_id").ValueKind);
        var id = created.GetProperty("transaction_id").GetString()!;
        await api.DeleteAsync($"/api/transactions/{id}");
        var hooks = await fixture.Receiver.WaitForAsync(id, h => h.Count >= 1, TimeSpan.FromSeconds(15));
        Assert.Equal(["action", "amount", "transaction_id", "card_id", "requested_amount"], hooks[0].Json.EnumerateObject().Select(p => p.Name).ToList());
    }
}
