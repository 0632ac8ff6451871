using System.Net;
using System.Text.Json;

namespace Paycue.Gateway.Tests;

public sealed class HttpContractFixture : IAsyncLifetime
{
    public WebhookReceiver Receiver { get; private set; } = null!;

    public PaycueApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        App = new PaycueApp(new Dictionary<string, string> { ["WEBHOOK_URL"] = Receiver.Url, ["LIMIT"] = "3" });
        App.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

public sealed class HttpContractTests(HttpContractFixture fixture) : IClassFixture<HttpContractFixture>
{
    private readonly HttpClient api = fixture.App.Authorized();

    private static long uniqueAmount = 100_000 + (Random.Shared.Next(0, 1000) * 10);

    /// <summary>A requested amount no other test in this class uses, so pools never interfere.</summary>
    private static long NextAmount() => Interlocked.Add(ref uniqueAmount, 10);

    private async Task<JsonElement> CreateAsync(long som, string? cardId = null)
    {
        var body = cardId is null ? $"{{\"amount\": {som}}}" : $"{{\"amount\": {som}, \"card_id\": \"{cardId}\"}}";
        var response = await api.PostAsync("/api/transactions", PaycueApp.Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await PaycueApp.DataAsync(response);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task HealthAnswersOkWithoutCredentials(string method)
    {
        var response = await fixture.App.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), "/health/"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"ok\":true}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OriginalCreateAnswers200WithAmountAndTransactionId()
    {
        var som = NextAmount();
        var response = await api.PostAsync("/create/transaction/", PaycueApp.Json($"{{\"amount\": {som}}}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("status").GetBoolean());
        var data = body.GetProperty("data");
        Assert.Equal(JsonValueKind.Number, data.GetProperty("amount").ValueKind);
        Assert.Equal(som, data.GetProperty("amount").GetInt64());
        Assert.True(Guid.TryParseExact(data.GetProperty("transaction_id").GetString(), "D", out var id));
        Assert.Equal(4, (int)typeof(Guid).GetMethod("get_Version")!.Invoke(id, null)!);
    }

    [Fact]
    public async Task ApiCreateAnswers201WithEveryDocumentedField()
    {
        var som = NextAmount();
        var first = await CreateAsync(som, "sandbox-1");
        var second = await CreateAsync(som, "sandbox-1");

        Assert.Equal(som + 1, second.GetProperty("amount").GetInt64());
        Assert.Equal(som, second.GetProperty("requested_amount").GetInt64());
        Assert.Equal("sandbox-1", second.GetProperty("card_id").GetString());
        Assert.Equal("0001", second.GetProperty("card_last4").GetString());
        Assert.Equal("active", second.GetProperty("state").GetString());
        var created = second.GetProperty("created_at").GetDateTimeOffset();
        var expires = second.GetProperty("expires_at").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromMinutes(30), expires - created);
        Assert.Equal($"https://pay.example.uz/pay/{second.GetProperty("transaction_id").GetString()}", second.GetProperty("pay_url").GetString());
        Assert.NotEqual(first.GetProperty("transaction_id").GetString(), second.GetProperty("transaction_id").GetString());
    }

    [Theory]
    [InlineData("/api/transactions", HttpStatusCode.Created)]
    [InlineData("/create/transaction/", HttpStatusCode.OK)]
    public async Task CreateAnswersInOnePieceWithItsLengthAndTheSameBodyAsARead(string path, HttpStatusCode status)
    {
        // A streamed answer has no length and goes out chunked: its closing chunk was a second send on every create.
        var response = await api.PostAsync(path, PaycueApp.Json($"{{\"amount\": {NextAmount()}, \"card_id\": \"sandbox-1\"}}"));
        Assert.Equal(status, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());

        // The same serializer and options as every other answer: byte for byte what GET gives for the new transaction.
        var id = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("transaction_id").GetString();
        var read = await api.GetAsync($"/api/transactions/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(await read.Content.ReadAsStringAsync(), System.Text.Encoding.UTF8.GetString(body));
    }

    [Fact]
    public async Task GetShowsStateAndWebhookAfterASandboxPayment()
    {
        var tx = await CreateAsync(NextAmount(), "sandbox-2");
        var id = tx.GetProperty("transaction_id").GetString()!;
        var pay = await api.PostAsync("/api/sandbox/payments", PaycueApp.Json($"{{\"card_id\": \"sandbox-2\", \"amount\": {tx.GetProperty("amount").GetRawText()}}}"));
        Assert.Equal(HttpStatusCode.OK, pay.StatusCode);
        var paid = await PaycueApp.DataAsync(pay);
        Assert.True(paid.GetProperty("matched").GetBoolean());
        Assert.Equal(id, paid.GetProperty("transaction_id").GetString());

        await fixture.Receiver.WaitForAsync(id, h => h.Count >= 1, TimeSpan.FromSeconds(5));
        var view = await Eventually.WaitAsync(
            async () => await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions/{id}")),
            v => v.GetProperty("webhook").GetProperty("status").GetString() == "delivered",
            TimeSpan.FromSeconds(5), "webhook delivered");
        Assert.Equal("confirmed", view.GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("confirmed_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("cancelled_at").ValueKind);
        Assert.Equal(1, view.GetProperty("webhook").GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task SandboxTextPaymentUsesTheParser()
    {
        var tx = await CreateAsync(NextAmount(), "sandbox-1");
        var amount = tx.GetProperty("amount").GetInt64();
        var text = $"🎉 To'ldirish\n➕ {amount / 1000}.{amount % 1000:000},00 UZS\n💳 HUMOCARD *0001";
        var pay = await api.PostAsync("/api/sandbox/payments", PaycueApp.Json(JsonSerializer.Serialize(new { card_id = "sandbox-1", text })));
        var paid = await PaycueApp.DataAsync(pay);
        Assert.Equal("confirmed", paid.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task DeleteCancelsOnceThenAnswers409()
    {
        var tx = await CreateAsync(NextAmount());
        var id = tx.GetProperty("transaction_id").GetString()!;
        var first = await api.DeleteAsync($"/api/transactions/{id}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("cancelled", (await PaycueApp.DataAsync(first)).GetProperty("state").GetString());
        var hooks = await fixture.Receiver.WaitForAsync(id, h => h.Count >= 1, TimeSpan.FromSeconds(5));
        Assert.Equal("cancel", hooks[0].Action);

        var second = await api.DeleteAsync($"/api/transactions/{id}");
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already cancelled", await PaycueApp.DetailAsync(second));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task UnknownTransactionIs404AndMalformedIdIs400(string method)
    {
        var unknown = await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/transactions/{Guid.NewGuid()}"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("No transaction", await PaycueApp.DetailAsync(unknown));

        var malformed = await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/transactions/not-a-uuid"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("is not a transaction id", await PaycueApp.DetailAsync(malformed));
    }

    [Fact]
    public async Task CardsListsTheSandboxCards()
    {
        var response = await api.GetAsync("/api/cards");
        var cards = (await PaycueApp.DataAsync(response)).EnumerateArray().ToList();
        Assert.Equal(["sandbox-1", "sandbox-2"], cards.Select(c => c.GetProperty("card_id").GetString()));
        Assert.All(cards, c =>
        {
            Assert.Equal("sandbox", c.GetProperty("kind").GetString());
            Assert.Equal("ready", c.GetProperty("status").GetString());
            Assert.True(c.GetProperty("open_transactions").GetInt32() >= 0);
        });
    }

    [Theory]
    [InlineData("/api/transactions", "POST")]
    [InlineData("/create/transaction/", "POST")]
    [InlineData("/api/cards", "GET")]
    [InlineData("/api/sandbox/payments", "POST")]
    public async Task MissingOrWrongCredentialsGet401WithABasicChallenge(string path, string method)
    {
        var anonymous = fixture.App.CreateClient();
        var none = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = PaycueApp.Json("{\"amount\": 1000}") });
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.StartsWith("Basic", none.Headers.WwwAuthenticate.ToString());
        Assert.Contains("Authentication is required", await PaycueApp.DetailAsync(none));

        var wrong = new HttpRequestMessage(new HttpMethod(method), path) { Content = PaycueApp.Json("{\"amount\": 1000}") };
        wrong.Headers.Authorization = new("Basic", Convert.ToBase64String("shop:wrong"u8.ToArray()));
        var refused = await anonymous.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("credentials are wrong", await PaycueApp.DetailAsync(refused));
    }

    [Theory]
    [InlineData("{}", "amount is missing")]
    [InlineData("{\"amount\": null}", "amount is missing")]
    [InlineData("{\"amount\": \"abc\"}", "number of so'm")]
    [InlineData("{\"amount\": true}", "number of so'm")]
    [InlineData("{\"amount\": 0}", "greater than 0")]
    [InlineData("{\"amount\": -100}", "greater than 0")]
    [InlineData("{\"amount\": 20000.5}", "whole number of so'm")]
    [InlineData("{\"amount\": 20000.123}", "more than two decimals")]
    [InlineData("{\"amount\": 1000000001}", "at most 1000000000")]
    [InlineData("{\"amount\": 20000, \"card_id\": 5}", "card_id must be a string")]
    [InlineData("{\"amount\": 20000, \"card_id\": \"../etc\"}", "card_id is malformed")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"amount\": ", "not valid JSON")]
    [InlineData("", "body is empty")]
    public async Task BadCreateInputGets400WithASentence(string body, string expected)
    {
        foreach (var path in new[] { "/api/transactions", "/create/transaction/" })
        {
            var response = await api.PostAsync(path, PaycueApp.Json(body));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(expected, await PaycueApp.DetailAsync(response));
        }
    }

    [Fact]
    public async Task BodyOver16KiBIsRefused()
    {
        var padding = new string('x', 17 * 1024);
        var response = await api.PostAsync("/api/transactions", PaycueApp.Json($"{{\"amount\": 20000, \"note\": \"{padding}\"}}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("larger than 16 KiB", await PaycueApp.DetailAsync(response));
    }

    [Fact]
    public async Task BodyOfSeveralKiBIsReadWhole()
    {
        // Larger than the first pooled buffer, so the reader has to grow it without losing a byte.
        var padding = new string('x', 5 * 1024);
        var response = await api.PostAsync("/api/transactions", PaycueApp.Json($"{{\"note\": \"{padding}\", \"amount\": 21000}}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(21000, (await PaycueApp.DataAsync(response)).GetProperty("requested_amount").GetInt64());
    }

    [Fact]
    public async Task ChunkedBodyOver16KiBIsRefused()
    {
        // No Content-Length: only the reading loop can notice the size.
        var body = System.Text.Encoding.UTF8.GetBytes($"{{\"amount\": 20000, \"note\": \"{new string('x', 17 * 1024)}\"}}");
        var content = new UnsizedContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await api.PostAsync("/api/transactions", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("larger than 16 KiB", await PaycueApp.DetailAsync(response));
    }

    private sealed class UnsizedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task UnknownCardGets404()
    {
        var response = await api.PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 20000, \"card_id\": \"nope-9\"}"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("not a registered card", await PaycueApp.DetailAsync(response));
    }

    [Fact]
    public async Task FullCardGets409SayingWhatToDo()
    {
        var som = NextAmount();
        for (var i = 0; i <= 3; i++)
        {
            await CreateAsync(som, "sandbox-1");
        }

        var response = await api.PostAsync("/api/transactions", PaycueApp.Json($"{{\"amount\": {som}, \"card_id\": \"sandbox-1\"}}"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Add a card or raise LIMIT", await PaycueApp.DetailAsync(response));
    }

    [Fact]
    public async Task IdempotencyKeyReturnsTheSameTransaction()
    {
        var som = NextAmount();
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/transactions") { Content = PaycueApp.Json($"{{\"amount\": {som}}}") };
            request.Headers.Add("Idempotency-Key", key);
            return await api.SendAsync(request);
        }

        var responses = await Task.WhenAll(Post(), Post(), Post());
        var ids = new List<string>();
        foreach (var response in responses)
        {
            ids.Add((await PaycueApp.DataAsync(response)).GetProperty("transaction_id").GetString()!);
        }

        Assert.Single(ids.Distinct());
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var other = await CreateAsync(som);
        Assert.NotEqual(ids[0], other.GetProperty("transaction_id").GetString());
    }

    [Fact]
    public async Task IdempotencyKeyReusedForAnotherAmountOrCardIs422()
    {
        var som = NextAmount();
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post(string body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/transactions") { Content = PaycueApp.Json(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await api.SendAsync(request);
        }

        var first = await Post($"{{\"amount\": {som}}}");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await PaycueApp.DataAsync(first)).GetProperty("transaction_id").GetString()!;

        var otherAmount = await Post($"{{\"amount\": {som + 1}}}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherAmount.StatusCode);
        var detail = await PaycueApp.DetailAsync(otherAmount);
        Assert.Contains(id, detail);
        Assert.Contains("new key", detail);

        var otherCard = await Post($"{{\"amount\": {som}, \"card_id\": \"sandbox-2\"}}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherCard.StatusCode);

        // The original request still replays after the refusals.
        var replay = await Post($"{{\"amount\": {som}}}");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(id, (await PaycueApp.DataAsync(replay)).GetProperty("transaction_id").GetString());
    }

    [Fact]
    public async Task SandboxPaymentToAnUnknownCardIs404()
    {
        var response = await api.PostAsync("/api/sandbox/payments", PaycueApp.Json("{\"card_id\": \"ghost-1\", \"amount\": 100}"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RedeliveryOfAnActiveTransactionIs409()
    {
        var tx = await CreateAsync(NextAmount());
        var response = await api.PostAsync($"/api/transactions/{tx.GetProperty("transaction_id").GetString()}/webhook", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }
}

public sealed class SandboxOffTests
{
    [Fact]
    public async Task SandboxEndpointIs404WhenSandboxIsOff()
    {
        await using var app = new PaycueApp(new Dictionary<string, string> { ["SANDBOX"] = "false" });
        var response = await app.Authorized().PostAsync("/api/sandbox/payments", PaycueApp.Json("{\"card_id\": \"sandbox-1\", \"amount\": 100}"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var create = await app.Authorized().PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 100}"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, create.StatusCode);
        Assert.Contains("No card is ready", await PaycueApp.DetailAsync(create));
    }
}
