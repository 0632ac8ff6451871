using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Paycue.Grains.Interfaces;
using Paycue.Grains.Telegram;
using Paycue.Testing;
using Paycue.Testing.Telegram;

namespace Paycue.Gateway.Tests;

/// <summary>
/// The real program with scripted TDLib clients and no sandbox cards: an account logged in by phone, a Humo and an
/// Uzcard card added to it, placement restricted by bank, and one card removed while the session stays, over HTTP.
/// </summary>
public sealed class AccountHttpTests : IAsyncLifetime
{
    private const string Phone = "+998903334455";

    private readonly FakeTelegramSessions sessions = new() { NewAccount = () => new FakeTdAccount() };
    private readonly PaycueApp app;
    private readonly HttpClient api;

    public AccountHttpTests()
    {
        var settings = FakeTelegramSessions.Settings();
        settings["SANDBOX"] = "false";
        app = new PaycueApp(settings, services => services.AddSingleton<ITelegramSessionFactory>(sessions));
        api = app.Authorized();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task AnAccountLogsInTakesAHumoAndAnUzcardCardAndLosesOneWhileTheSessionStays()
    {
        var accountId = TelegramCardIds.FromPhone(Phone);
        var started = await api.PostAsync("/api/accounts", PaycueApp.Json($$"""{"phone": "{{Phone}}"}"""));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var login = await PaycueApp.DataAsync(started);
        Assert.Equal(accountId, login.GetProperty("account_id").GetString());
        Assert.Equal("code_required", login.GetProperty("login").GetString());

        var code = await api.PostAsync($"/api/accounts/{accountId}/login", PaycueApp.Json($$"""{"code": "{{FakeTdAccount.Code}}"}"""));
        Assert.Equal(HttpStatusCode.OK, code.StatusCode);
        Assert.Equal("ready", (await PaycueApp.DataAsync(code)).GetProperty("login").GetString());

        // Logged in, no card yet: listed as an account, not as a card, and nothing can be placed.
        var account = await AccountAsync(accountId);
        Assert.Equal("ready", account.GetProperty("login").GetString());
        Assert.Equal(0, account.GetProperty("cards").GetArrayLength());
        Assert.Empty(await CardsAsync());
        var none = await api.PostAsync("/api/transactions", PaycueApp.Json("""{"amount": 20000, "bank": "humo"}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, none.StatusCode);
        Assert.Contains("No HUMO card is ready", await PaycueApp.DetailAsync(none));

        var badBank = await api.PostAsync($"/api/accounts/{accountId}/cards", PaycueApp.Json("""{"bank": "visa", "last4": "1111"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badBank.StatusCode);
        Assert.Contains("\"humo\" or \"uzcard\"", await PaycueApp.DetailAsync(badBank));
        var noLast4 = await api.PostAsync($"/api/accounts/{accountId}/cards", PaycueApp.Json("""{"bank": "uzcard"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, noLast4.StatusCode);
        var noAccount = await api.PostAsync("/api/accounts/tg-0000000000000000/cards", PaycueApp.Json("""{"bank": "humo", "last4": "1111"}"""));
        Assert.Equal(HttpStatusCode.NotFound, noAccount.StatusCode);

        var humo = await api.PostAsync($"/api/accounts/{accountId}/cards", PaycueApp.Json("""{"bank": "humo", "last4": "7159", "number": "9860 1234 5678 7159", "owner": "Test Owner"}"""));
        Assert.Equal(HttpStatusCode.Created, humo.StatusCode);
        Assert.Equal(accountId, (await PaycueApp.DataAsync(humo)).GetProperty("card_id").GetString());
        var uzcard = await api.PostAsync($"/api/accounts/{accountId}/cards", PaycueApp.Json("""{"bank": "uzcard", "last4": "8346", "owner": "Test Owner"}"""));
        Assert.Equal(HttpStatusCode.Created, uzcard.StatusCode);
        var uzcardId = (await PaycueApp.DataAsync(uzcard)).GetProperty("card_id").GetString()!;
        Assert.Equal($"{accountId}.uzcard-8346", uzcardId);

        var cards = await Eventually.WaitAsync(CardsAsync, c => c.Count == 2 && c.All(x => x.GetProperty("status").GetString() == "ready"), TimeSpan.FromSeconds(20), "both cards ready");
        Assert.Equal([(accountId, "humo", accountId), (uzcardId, "uzcard", accountId)],
            cards.Select(c => (c.GetProperty("card_id").GetString(), c.GetProperty("bank").GetString(), c.GetProperty("account_id").GetString())));
        Assert.Equal([accountId, uzcardId], (await AccountAsync(accountId)).GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("card_id").GetString()));

        // Placement by bank: each lands on its own bank's card; a card of the other bank is refused by name.
        Assert.Equal(uzcardId, await PlacedCardAsync("""{"amount": 20000, "bank": "uzcard"}"""));
        Assert.Equal(accountId, await PlacedCardAsync("""{"amount": 20000, "bank": "HUMO"}"""));
        var mismatch = await api.PostAsync("/api/transactions", PaycueApp.Json($$"""{"amount": 20000, "card_id": "{{uzcardId}}", "bank": "humo"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("UZCARD card", await PaycueApp.DetailAsync(mismatch));
        var unknownBank = await api.PostAsync("/api/transactions", PaycueApp.Json("""{"amount": 20000, "bank": "mir"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, unknownBank.StatusCode);
        Assert.Contains("bank must be \"humo\" or \"uzcard\"", await PaycueApp.DetailAsync(unknownBank));

        // The first card goes last; the Uzcard card goes (its open transaction cancelled with force) and the session stays.
        var first = await api.DeleteAsync($"/api/cards/{accountId}?force=true");
        Assert.Equal(HttpStatusCode.Conflict, first.StatusCode);
        Assert.Contains(uzcardId, await PaycueApp.DetailAsync(first));
        var open = await api.DeleteAsync($"/api/cards/{uzcardId}");
        Assert.Equal(HttpStatusCode.Conflict, open.StatusCode);
        var removed = await api.DeleteAsync($"/api/cards/{uzcardId}?force=true");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal([accountId], (await CardsAsync()).Select(c => c.GetProperty("card_id").GetString()));
        Assert.True(sessions.Accounts[accountId].LoggedIn);
        Assert.Equal("ready", (await AccountAsync(accountId)).GetProperty("login").GetString());

        // Then the last card, and with it the session.
        var last = await api.DeleteAsync($"/api/cards/{accountId}?force=true");
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.False(sessions.Accounts[accountId].LoggedIn);
        Assert.Empty(await AccountsAsync());
    }

    /// <summary>
    /// The shortcut: <c>POST /api/cards</c> with a bank makes the account and its first card in one call; the same
    /// phone again, logged in, gets the next card beside it with no second login; a card the account already has is
    /// updated in place, never listed twice.
    /// </summary>
    [Fact]
    public async Task TheCardShortcutTakesTheBankAndAddsBesideALoggedInAccountWithoutANewLogin()
    {
        const string phone = "+998907778899";
        var accountId = TelegramCardIds.FromPhone(phone);
        var first = await api.PostAsync("/api/cards", PaycueApp.Json($$"""{"phone": "{{phone}}", "bank": "uzcard", "last4": "8346", "owner": "Test Owner"}"""));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var started = await PaycueApp.DataAsync(first);
        Assert.Equal((accountId, "code_required"), (started.GetProperty("card_id").GetString(), started.GetProperty("login").GetString()));
        var code = await api.PostAsync($"/api/accounts/{accountId}/login", PaycueApp.Json($$"""{"code": "{{FakeTdAccount.Code}}"}"""));
        Assert.Equal("ready", (await PaycueApp.DataAsync(code)).GetProperty("login").GetString());

        var second = await api.PostAsync("/api/cards", PaycueApp.Json($$"""{"phone": "{{phone}}", "bank": "humo", "number": "9860 1234 5678 7159"}"""));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var added = await PaycueApp.DataAsync(second);
        Assert.Equal(($"{accountId}.humo-7159", "ready", accountId),
            (added.GetProperty("card_id").GetString(), added.GetProperty("login").GetString(), added.GetProperty("account_id").GetString()));
        Assert.Equal(1, sessions.Accounts[accountId].RequestTypes.Count(t => t == "setAuthenticationPhoneNumber"));

        var again = await api.PostAsync($"/api/accounts/{accountId}/cards", PaycueApp.Json("""{"bank": "humo", "last4": "7159", "owner": "New Owner"}"""));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var cards = await Eventually.WaitAsync(CardsAsync, c => c.Count == 2 && c.All(x => x.GetProperty("status").GetString() == "ready"), TimeSpan.FromSeconds(20), "both cards ready");
        Assert.Equal([(accountId, "uzcard", "8346"), ($"{accountId}.humo-7159", "humo", "7159")],
            cards.Select(c => (c.GetProperty("card_id").GetString(), c.GetProperty("bank").GetString(), c.GetProperty("last4").GetString())));
        Assert.Equal(accountId, await PlacedCardAsync("""{"amount": 21000, "bank": "uzcard"}"""));
    }

    /// <summary>Until created: the placer's card list is cached for a second, and a 503 places nothing.</summary>
    private async Task<string?> PlacedCardAsync(string body)
    {
        var created = await Eventually.WaitAsync(
            () => api.PostAsync("/api/transactions", PaycueApp.Json(body)), r => r.StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10), "a ready card of the bank");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await PaycueApp.DataAsync(created)).GetProperty("card_id").GetString();
    }

    private async Task<List<JsonElement>> CardsAsync() =>
        (await PaycueApp.DataAsync(await api.GetAsync("/api/cards"))).EnumerateArray().ToList();

    private async Task<List<JsonElement>> AccountsAsync() =>
        (await PaycueApp.DataAsync(await api.GetAsync("/api/accounts"))).EnumerateArray().ToList();

    private async Task<JsonElement> AccountAsync(string id) => (await AccountsAsync()).Single(a => a.GetProperty("account_id").GetString() == id);
}
