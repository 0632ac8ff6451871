using System.Net;
using System.Text.Json;

namespace Paycue.Gateway.Tests.PayPage;

/// <summary>The merchant's calls the browser tests need, against a real <see cref="PaycueProcess"/>.</summary>
public static class PaycueProcessExtensions
{
    /// <summary>Creates a transaction on <paramref name="cardId"/> and returns its <c>data</c>.</summary>
    public static async Task<JsonElement> CreateTransactionAsync(this PaycueProcess paycue, string amount, string cardId = "sandbox-1")
    {
        var response = await paycue.Http.PostAsync("/api/transactions", PaycueApp.Json($"{{\"amount\": {amount}, \"card_id\": \"{cardId}\"}}"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await PaycueApp.DataAsync(response);
    }

    /// <summary>Pays <paramref name="amount"/> to a sandbox card; true when it matched a transaction.</summary>
    public static async Task<bool> PaySandboxAsync(this PaycueProcess paycue, string amount, string cardId = "sandbox-1")
    {
        var response = await paycue.Http.PostAsync("/api/sandbox/payments", PaycueApp.Json($"{{\"amount\": {amount}, \"card_id\": \"{cardId}\"}}"));
        return (await PaycueApp.DataAsync(response)).GetProperty("matched").GetBoolean();
    }
}
