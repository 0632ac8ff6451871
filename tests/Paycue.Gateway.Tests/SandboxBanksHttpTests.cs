using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Paycue.Grains.Interfaces;
using Paycue.Grains.Transactions;

namespace Paycue.Gateway.Tests;

/// <summary>SANDBOX_CARDS=2: sandbox-1 is a Humo card, sandbox-2 an Uzcard card, and each is paid in its own bank's message format, through the parser, end to end over HTTP.</summary>
public sealed class SandboxBanksHttpTests : IAsyncLifetime
{
    private readonly PaycueApp app = new();
    private HttpClient api = null!;

    public Task InitializeAsync()
    {
        api = app.Authorized();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Theory]
    [InlineData("humo", "sandbox-1", "HUMOCARD *0001", "12.345,00 UZS")]
    [InlineData("uzcard", "sandbox-2", "***0002", "12 345.00 UZS")]
    public async Task EachSandboxBankIsPaidInItsBanksFormat(string bank, string cardId, string mask, string amountText)
    {
        var cards = (await PaycueApp.DataAsync(await api.GetAsync("/api/cards"))).EnumerateArray().ToList();
        Assert.Equal(bank, cards.Single(c => c.GetProperty("card_id").GetString() == cardId).GetProperty("bank").GetString());

        var created = await api.PostAsync("/api/transactions", PaycueApp.Json($$"""{"amount": 12345, "bank": "{{bank}}"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var transaction = await PaycueApp.DataAsync(created);
        Assert.Equal(cardId, transaction.GetProperty("card_id").GetString());
        var amount = transaction.GetProperty("amount").GetInt64();
        Assert.Equal(12345, amount); // the first on its card: the exact amount

        var paid = await api.PostAsync("/api/sandbox/payments", PaycueApp.Json($$"""{"card_id": "{{cardId}}", "amount": {{amount}}}"""));
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var result = await PaycueApp.DataAsync(paid);
        Assert.Equal("confirmed", result.GetProperty("outcome").GetString());
        var text = result.GetProperty("text").GetString()!;
        Assert.Contains(mask, text);
        Assert.Contains(amountText, text);

        var read = await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions/{transaction.GetProperty("transaction_id").GetString()}"));
        Assert.Equal("confirmed", read.GetProperty("state").GetString());
    }

    [Fact]
    public async Task ABankRestrictionKeepsTheOtherBanksCardOut()
    {
        for (var i = 0; i < 3; i++)
        {
            var created = await api.PostAsync("/api/transactions", PaycueApp.Json("""{"amount": 30000, "bank": "uzcard"}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var data = await PaycueApp.DataAsync(created);
            Assert.Equal("sandbox-2", data.GetProperty("card_id").GetString());
            Assert.Equal(30000 + i, data.GetProperty("amount").GetInt64()); // offsets grow on that card alone
        }
    }

    /// <summary>The bank is its own parameter through the placer and the Idempotency-Key, and the earlier selector still means the same.</summary>
    [Fact]
    public async Task AnIdempotencyKeyNamesItsBankAndTheEarlierBankSelectorStillReplaysIt()
    {
        var key = $"bank-key-{Guid.NewGuid():N}";
        Task<HttpResponseMessage> CreateAsync(string body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/transactions") { Content = PaycueApp.Json(body) };
            request.Headers.Add("Idempotency-Key", key);
            return api.SendAsync(request);
        }

        var created = await CreateAsync("""{"amount": 31000, "bank": "uzcard"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var transaction = await PaycueApp.DataAsync(created);
        Assert.Equal("sandbox-2", transaction.GetProperty("card_id").GetString());
        var id = transaction.GetProperty("transaction_id").GetString();

        var again = await CreateAsync("""{"amount": 31000, "bank": "uzcard"}""");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await PaycueApp.DataAsync(again)).GetProperty("transaction_id").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await CreateAsync("""{"amount": 31000, "bank": "humo"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await CreateAsync("""{"amount": 31000}""")).StatusCode);

        // A gateway of the earlier version, in the same cluster, sends the bank where the card id goes.
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var legacy = await grains.GetGrain<IIdempotencyGrain>(key).CreateOnceAsync(31000_00, TransactionPlacer.LegacyBankSelector("uzcard"), null, null);
        Assert.Equal((PlacementStatus.Created, true), (legacy.Status, legacy.Replayed));
        Assert.Equal(id, legacy.Transaction!.TransactionId.ToString());
        var placed = await app.Services.GetRequiredService<TransactionPlacer>().PlaceAsync(32000_00, TransactionPlacer.LegacyBankSelector("uzcard"), CancellationToken.None);
        Assert.Equal("sandbox-2", placed.Transaction!.CardId);
    }
}
