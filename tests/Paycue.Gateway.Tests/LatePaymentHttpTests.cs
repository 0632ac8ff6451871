using System.Globalization;
using System.Text.Json;
using Paycue.Testing;

namespace Paycue.Gateway.Tests;

/// <summary>
/// A notification that arrives late, end to end over HTTP: the sandbox feed's <c>date</c>, the <c>expired</c> flag
/// while a transaction waits out its grace, and <c>paid_after_cancel</c> in the ledger.
/// </summary>
public sealed class LatePaymentHttpTests : IAsyncLifetime
{
    private readonly PaycueApp app = new(new Dictionary<string, string>
    {
        ["TRANSACTION_TIMEOUT"] = "2s",
        ["EXPIRY_GRACE"] = "3s",
        ["AMOUNT_COOLDOWN"] = "1m",
    });

    private HttpClient api = null!;

    public Task InitializeAsync()
    {
        api = app.Authorized();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<JsonElement> CreateAsync(int som, string card = "sandbox-1") =>
        await PaycueApp.DataAsync(await api.PostAsync("/api/transactions", PaycueApp.Json($"{{\"amount\": {som}, \"card_id\": \"{card}\"}}")));

    private async Task<HttpResponseMessage> PayAsync(string card, JsonElement amount, DateTimeOffset? date) =>
        await api.PostAsync("/api/sandbox/payments", PaycueApp.Json(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["card_id"] = card,
            ["amount"] = amount,
            ["date"] = date?.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        })));

    private async Task<JsonElement> GetAsync(JsonElement tx) =>
        await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions/{tx.GetProperty("transaction_id").GetString()}"));

    [Fact]
    public async Task PaymentDatedBeforeTheDeadlineButPostedAfterItConfirms()
    {
        var tx = await CreateAsync(71_000);
        var expiresAt = tx.GetProperty("expires_at").GetDateTimeOffset();
        Assert.False(tx.GetProperty("expired").GetBoolean());

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));
        var waiting = await GetAsync(tx);
        Assert.Equal("active", waiting.GetProperty("state").GetString());
        Assert.True(waiting.GetProperty("expired").GetBoolean());

        // The bank bot's message is dated a second before the deadline and reaches Paycue only now.
        var pay = await PaycueApp.DataAsync(await PayAsync("sandbox-1", tx.GetProperty("amount"), expiresAt.AddSeconds(-1).ToOffset(TimeSpan.FromHours(5))));
        Assert.Equal("confirmed", pay.GetProperty("outcome").GetString());
        var paid = await GetAsync(tx);
        Assert.Equal("confirmed", paid.GetProperty("state").GetString());
        Assert.False(paid.GetProperty("expired").GetBoolean());
    }

    [Fact]
    public async Task PaymentDatedInTimeButPostedAfterTheCancelIsPaidAfterCancel()
    {
        var tx = await CreateAsync(72_000, "sandbox-2");
        var createdAt = tx.GetProperty("created_at").GetDateTimeOffset();
        var cancelled = await Eventually.WaitAsync(() => GetAsync(tx), v => v.GetProperty("state").GetString() == "cancelled", TimeSpan.FromSeconds(15), "the cancel after the grace");
        Assert.Equal("expired", cancelled.GetProperty("cancel_reason").GetString());
        Assert.True(cancelled.GetProperty("expired").GetBoolean());

        var pay = await PaycueApp.DataAsync(await PayAsync("sandbox-2", tx.GetProperty("amount"), createdAt.AddSeconds(1)));
        Assert.Equal("paid_after_cancel", pay.GetProperty("outcome").GetString());
        Assert.Equal(tx.GetProperty("transaction_id").GetString(), pay.GetProperty("transaction_id").GetString());

        var ledger = await PaycueApp.DataAsync(await api.GetAsync("/api/payments?status=unmatched"));
        var row = ledger.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("message_id").GetInt64() == pay.GetProperty("message_id").GetInt64());
        Assert.Equal("paid_after_cancel", row.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("2099-01-01T00:00:00Z", "in the future")]
    [InlineData("2026-12-03T10:00:00", "time zone")]
    [InlineData("yesterday", "ISO 8601")]
    public async Task ABadDateIsA400SayingWhatToFix(string date, string says)
    {
        var response = await api.PostAsync("/api/sandbox/payments", PaycueApp.Json($"{{\"card_id\": \"sandbox-1\", \"amount\": 100, \"date\": \"{date}\"}}"));
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(says, await PaycueApp.DetailAsync(response));
    }
}
