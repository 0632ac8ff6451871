using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Paycue.Gateway.Tests;

/// <summary>
/// Resolving stray money over HTTP (issue 18): suggestions, resolve, dismiss and every refusal, against the real program
/// with a webhook receiver, once with the in-memory stores and once against a real redis-server.
/// </summary>
public abstract class PaymentResolutionHttpTests : IAsyncLifetime
{
    private RedisServer? redis;
    private PaycueApp app = null!;

    protected WebhookReceiver Receiver { get; private set; } = null!;

    protected HttpClient Api { get; private set; } = null!;

    protected abstract bool UsesRedis { get; }

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["WEBHOOK_URL"] = Receiver.Url,
            ["TRANSACTION_TIMEOUT"] = "2s",
            ["EXPIRY_GRACE"] = "0s",
            ["AMOUNT_COOLDOWN"] = "1m",
            ["LIMIT"] = "100",
        };
        if (UsesRedis)
        {
            redis = await RedisServer.StartAsync();
            settings["REDIS_ADDR"] = redis.Address;
            settings["CLUSTER_ID"] = "resolve-http";
        }

        app = new PaycueApp(settings);
        Api = app.Authorized();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await Receiver.DisposeAsync();
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }

    private async Task<JsonElement> CreateAsync(int som, string card = "sandbox-1")
    {
        var response = await Api.PostAsync("/api/transactions", PaycueApp.Json($"{{\"amount\": {som}, \"card_id\": \"{card}\"}}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await PaycueApp.DataAsync(response);
    }

    private async Task<JsonElement> PayAsync(string card, decimal som, DateTimeOffset? date = null)
    {
        var body = new Dictionary<string, object?> { ["card_id"] = card, ["amount"] = som };
        if (date is { } d)
        {
            body["date"] = d.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        return await PaycueApp.DataAsync(await Api.PostAsync("/api/sandbox/payments", PaycueApp.Json(JsonSerializer.Serialize(body))));
    }

    private Task<HttpResponseMessage> ResolveAsync(string paymentId, string transactionId, string? note = null) =>
        Api.PostAsync($"/api/payments/{paymentId}/resolve", PaycueApp.Json(JsonSerializer.Serialize(new { transaction_id = transactionId, note })));

    private Task<HttpResponseMessage> DismissAsync(string paymentId, string? note) =>
        Api.PostAsync($"/api/payments/{paymentId}/dismiss", PaycueApp.Json(JsonSerializer.Serialize(new { note })));

    private async Task<List<string>> ListedAsync(string status) =>
        (await PaycueApp.DataAsync(await Api.GetAsync($"/api/payments?status={status}&limit=500"))).GetProperty("items").EnumerateArray()
            .Select(p => p.GetProperty("payment_id").GetString()!).ToList();

    private static string Id(JsonElement tx) => tx.GetProperty("transaction_id").GetString()!;

    /// <summary>Issue 18's end-to-end case: expiry, a payment a moment too late, the suggestion, the resolve, the webhook.</summary>
    [Fact]
    public async Task AnExpiredTransactionPaidLateIsResolvedAndItsManualConfirmWebhookVerifies()
    {
        var tx = await CreateAsync(91_000);
        var id = Id(tx);
        var cancel = (await Receiver.WaitForAsync(id, h => h.Count >= 1, TimeSpan.FromSeconds(20)))[0];
        Assert.Equal("cancel", cancel.Action);

        var pay = await PayAsync("sandbox-1", tx.GetProperty("amount").GetDecimal(), tx.GetProperty("created_at").GetDateTimeOffset().AddSeconds(1));
        Assert.Equal("paid_after_cancel", pay.GetProperty("outcome").GetString());
        var paymentId = pay.GetProperty("payment_id").GetString()!;

        var detail = await PaycueApp.DataAsync(await Api.GetAsync($"/api/payments/{paymentId}"));
        Assert.Equal("unmatched", detail.GetProperty("payment").GetProperty("status").GetString());
        var best = detail.GetProperty("candidates")[0];
        Assert.Equal(id, Id(best.GetProperty("transaction")));
        Assert.Contains("paid_after_cancel", best.GetProperty("why").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(0, best.GetProperty("amount_differs_by").GetDecimal());

        var resolved = await ResolveAsync(paymentId, id, "paid a minute late");
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var view = await PaycueApp.DataAsync(await Api.GetAsync($"/api/transactions/{id}"));
        Assert.Equal("confirmed", view.GetProperty("state").GetString());
        Assert.Equal("manual", view.GetProperty("confirmed_by").GetString());
        Assert.Equal(paymentId, view.GetProperty("resolved_payment_id").GetString());
        var who = view.GetProperty("resolution");
        Assert.Equal((PaycueApp.User, "paid a minute late", "resolved"), (who.GetProperty("by").GetString(), who.GetProperty("note").GetString(), who.GetProperty("status").GetString()));
        Assert.Equal("expired", view.GetProperty("cancel_reason").GetString());

        var hooks = await Receiver.WaitForAsync(id, h => h.Any(w => w.Action == "confirm"), TimeSpan.FromSeconds(10));
        var confirm = hooks.Single(w => w.Action == "confirm");
        Assert.Equal("manual", confirm.Json.GetProperty("resolution").GetString());
        Assert.Equal(paymentId, confirm.Json.GetProperty("payment_id").GetString());
        Assert.Equal(tx.GetProperty("amount").GetDecimal(), confirm.Json.GetProperty("amount").GetDecimal());
        Assert.StartsWith("{\"action\":\"confirm\",\"amount\":", confirm.Body);
        var secret = (await PaycueApp.DataAsync(await Api.GetAsync("/api/webhooks/secret"))).GetProperty("secret").GetString()!;
        var signed = Encoding.UTF8.GetBytes($"{confirm.Headers["webhook-id"]}.{confirm.Headers["webhook-timestamp"]}.{confirm.Body}");
        Assert.Equal("v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), signed)), confirm.Headers["webhook-signature"]);

        Assert.DoesNotContain(paymentId, await ListedAsync("unmatched"));
        Assert.Contains(paymentId, await ListedAsync("resolved"));
        var row = (await PaycueApp.DataAsync(await Api.GetAsync($"/api/payments/{paymentId}"))).GetProperty("payment");
        Assert.Equal(("resolved", id), (row.GetProperty("status").GetString(), row.GetProperty("resolution").GetProperty("transaction_id").GetString()));

        // Safe to repeat; still one confirm.
        Assert.Equal(HttpStatusCode.OK, (await ResolveAsync(paymentId, id)).StatusCode);
        await Task.Delay(500);
        Assert.Single(Receiver.For(id), w => w.Action == "confirm");
    }

    [Fact]
    public async Task AnOpenTransactionPaidOneSomShortIsSuggestedAndResolved()
    {
        var tx = await CreateAsync(92_000, "sandbox-2");
        var pay = await PayAsync("sandbox-2", tx.GetProperty("amount").GetDecimal() - 1);
        Assert.Equal("no_open_transaction", pay.GetProperty("outcome").GetString());
        var paymentId = pay.GetProperty("payment_id").GetString()!;

        var best = (await PaycueApp.DataAsync(await Api.GetAsync($"/api/payments/{paymentId}"))).GetProperty("candidates")[0];
        Assert.Equal(Id(tx), Id(best.GetProperty("transaction")));
        Assert.Equal(-1, best.GetProperty("amount_differs_by").GetDecimal());
        Assert.Contains("open", best.GetProperty("why").EnumerateArray().Select(w => w.GetString()));

        var resolved = await PaycueApp.DataAsync(await ResolveAsync(paymentId, Id(tx)));
        Assert.Equal("confirmed", resolved.GetProperty("transaction").GetProperty("state").GetString());
        Assert.Equal("resolved", resolved.GetProperty("payment").GetProperty("status").GetString());
        var hooks = await Receiver.WaitForAsync(Id(tx), h => h.Any(w => w.Action == "confirm"), TimeSpan.FromSeconds(10));
        Assert.Equal("manual", hooks.Single().Json.GetProperty("resolution").GetString());
    }

    /// <summary>Issue 18 leftover: the resolved row named no order, though its webhook and the transaction read did.</summary>
    [Fact]
    public async Task AResolvedCreditsLedgerRowNamesTheOrderItPaidInTheApiAndTheExport()
    {
        var orderId = $"order-{Guid.NewGuid():N}"[..20];
        var created = await Api.PostAsync("/api/transactions", PaycueApp.Json($"{{\"amount\": 94000, \"card_id\": \"sandbox-2\", \"order_id\": \"{orderId}\"}}"));
        var tx = await PaycueApp.DataAsync(created);
        var pay = await PayAsync("sandbox-2", tx.GetProperty("amount").GetDecimal() - 1);
        var paymentId = pay.GetProperty("payment_id").GetString()!;
        var before = (await PaycueApp.DataAsync(await Api.GetAsync($"/api/payments/{paymentId}"))).GetProperty("payment");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("order_id").ValueKind);

        var resolved = await PaycueApp.DataAsync(await ResolveAsync(paymentId, Id(tx), "one so'm short"));
        Assert.Equal(orderId, resolved.GetProperty("payment").GetProperty("order_id").GetString());
        Assert.Equal(orderId, resolved.GetProperty("transaction").GetProperty("order_id").GetString());

        var row = (await PaycueApp.DataAsync(await Api.GetAsync($"/api/payments/{paymentId}"))).GetProperty("payment");
        Assert.Equal(("resolved", orderId), (row.GetProperty("status").GetString(), row.GetProperty("order_id").GetString()));
        var listed = (await PaycueApp.DataAsync(await Api.GetAsync("/api/payments?status=resolved&limit=500"))).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("payment_id").GetString() == paymentId);
        Assert.Equal(orderId, listed.GetProperty("order_id").GetString());
        var csv = await (await Api.GetAsync("/api/payments.csv?card_id=sandbox-2")).Content.ReadAsStringAsync();
        var csvRow = Rfc4180Reader.Read(csv).Single(r => r[0] == paymentId);
        Assert.Equal(orderId, csvRow[Array.IndexOf(Rfc4180Reader.Read(csv)[0], "order_id")]);
    }

    [Fact]
    public async Task DismissTakesACreditOffTheUnmatchedListAndRecordsWhoAndWhy()
    {
        var pay = await PayAsync("sandbox-1", 93_456);
        var paymentId = pay.GetProperty("payment_id").GetString()!;
        Assert.Contains(paymentId, await ListedAsync("unmatched"));

        var missingNote = await DismissAsync(paymentId, " ");
        Assert.Equal(HttpStatusCode.BadRequest, missingNote.StatusCode);
        Assert.Contains("note is required", await PaycueApp.DetailAsync(missingNote));

        var dismissed = await PaycueApp.DataAsync(await DismissAsync(paymentId, "refunded to payer"));
        var row = dismissed.GetProperty("payment");
        Assert.Equal("dismissed", row.GetProperty("status").GetString());
        Assert.Equal((PaycueApp.User, "refunded to payer"), (row.GetProperty("resolution").GetProperty("by").GetString(), row.GetProperty("resolution").GetProperty("note").GetString()));
        Assert.DoesNotContain(paymentId, await ListedAsync("unmatched"));
        Assert.Contains(paymentId, await ListedAsync("dismissed"));

        var tx = await CreateAsync(93_000);
        var late = await ResolveAsync(paymentId, Id(tx));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("dismissed", await PaycueApp.DetailAsync(late));
    }

    [Fact]
    public async Task ResolvesThatCannotBeAreRefusedWithASentence()
    {
        var paid = await CreateAsync(94_000);
        var matched = await PayAsync("sandbox-1", paid.GetProperty("amount").GetDecimal());
        Assert.Equal("confirmed", matched.GetProperty("outcome").GetString());
        var stray = (await PayAsync("sandbox-1", 94_050)).GetProperty("payment_id").GetString()!;
        var elsewhere = await CreateAsync(94_050, "sandbox-2");

        async Task Refused(HttpResponseMessage response, HttpStatusCode status, string says)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Contains(says, await PaycueApp.DetailAsync(response));
        }

        await Refused(await ResolveAsync(matched.GetProperty("payment_id").GetString()!, Id(elsewhere)), HttpStatusCode.Conflict, "already confirmed transaction");
        await Refused(await ResolveAsync(stray, Id(paid)), HttpStatusCode.Conflict, "already confirmed by another payment");
        await Refused(await ResolveAsync(stray, Id(elsewhere)), HttpStatusCode.BadRequest, "can only pay a transaction on the card");
        await Refused(await ResolveAsync(stray, Guid.NewGuid().ToString()), HttpStatusCode.NotFound, "No transaction");
        await Refused(await ResolveAsync(stray, "order-17"), HttpStatusCode.BadRequest, "transaction_id is required");
        await Refused(await ResolveAsync("sandbox-1:1:1", Id(elsewhere)), HttpStatusCode.NotFound, "debit");
        await Refused(await Api.GetAsync("/api/payments/sandbox-1:1:1"), HttpStatusCode.NotFound, "No credit");
        await Refused(await ResolveAsync(stray, Id(elsewhere), new string('x', 501)), HttpStatusCode.BadRequest, "at most 500");
        Assert.Contains(stray, await ListedAsync("unmatched"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsync($"/api/payments/{stray}/dismiss", PaycueApp.Json("{\"note\": \"x\"}"))).StatusCode);
    }
}

public sealed class PaymentResolutionMemoryHttpTests : PaymentResolutionHttpTests
{
    protected override bool UsesRedis => false;
}

public sealed class PaymentResolutionRedisHttpTests : PaymentResolutionHttpTests
{
    protected override bool UsesRedis => true;
}
