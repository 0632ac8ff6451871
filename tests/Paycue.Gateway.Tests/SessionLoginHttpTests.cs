using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Paycue.Grains.Interfaces;
using Paycue.Grains.Telegram;
using Paycue.Telegram;
using Paycue.Testing;
using Paycue.Testing.Telegram;

namespace Paycue.Gateway.Tests;

/// <summary>
/// The real program with scripted TDLib clients: a session ended from another device (a card's, and a two-card
/// account's), and a login that goes through a login e-mail, all driven over HTTP only.
/// </summary>
public sealed class SessionLoginHttpTests : IAsyncLifetime
{
    private readonly FakeTelegramSessions sessions = new() { NewAccount = () => new FakeTdAccount() };
    private readonly PaycueApp app;
    private readonly HttpClient api;

    public SessionLoginHttpTests()
    {
        app = new PaycueApp(FakeTelegramSessions.Settings(), services => services.AddSingleton<ITelegramSessionFactory>(sessions));
        api = app.Authorized();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task ASessionEndedFromAnotherDeviceIsLoginRequiredAndBothLoginPathsWorkAgain()
    {
        const string phone = "+998901230001";
        var cardId = TelegramCardIds.FromPhone(phone);
        await LoginAsync(phone);
        var account = sessions.Accounts[cardId];

        account.EndSessionFromOutside();

        var card = await WaitForCardAsync(cardId, "login_required");
        Assert.Equal("session ended from another device", card.GetProperty("status_reason").GetString());
        await Eventually.WaitAsync(() => Task.FromResult(account.Current!.State), s => s == "authorizationStateWaitPhoneNumber", TimeSpan.FromSeconds(20), "a new client");

        // POST /api/cards/{id}/login with the phone number starts the login on the new client...
        var restarted = await api.PostAsync($"/api/cards/{cardId}/login", PaycueApp.Json($$"""{"phone": "{{phone}}"}"""));
        Assert.Equal(HttpStatusCode.OK, restarted.StatusCode);
        Assert.Equal("code_required", (await PaycueApp.DataAsync(restarted)).GetProperty("login").GetString());
        var code = await api.PostAsync($"/api/cards/{cardId}/login", PaycueApp.Json($$"""{"code": "{{FakeTdAccount.Code}}"}"""));
        Assert.Equal("ready", (await PaycueApp.DataAsync(code)).GetProperty("login").GetString());
        Assert.Equal(JsonValueKind.Null, (await WaitForCardAsync(cardId, "ready")).GetProperty("status_reason").ValueKind);

        // ...and so does a new POST /api/cards for the same phone, after it ends once more.
        account.EndSessionFromOutside();
        await WaitForCardAsync(cardId, "login_required");
        await Eventually.WaitAsync(() => Task.FromResult((account.ClientsCreated, account.Current!.State)), s => s == (3, "authorizationStateWaitPhoneNumber"), TimeSpan.FromSeconds(20), "a third client");
        var added = await api.PostAsync("/api/cards", PaycueApp.Json($$"""{"phone": "{{phone}}", "last4": "7159"}"""));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("code_required", (await PaycueApp.DataAsync(added)).GetProperty("login").GetString());
    }

    [Fact]
    public async Task AnAccountWithTwoCardsWhoseSessionEndedLogsInAgainThroughTheAccountEndpoints()
    {
        const string phone = "+998901230004";
        var accountId = TelegramCardIds.FromPhone(phone);
        var started = await api.PostAsync("/api/accounts", PaycueApp.Json($$"""{"phone": "{{phone}}"}"""));
        Assert.Equal("code_required", (await PaycueApp.DataAsync(started)).GetProperty("login").GetString());
        var code = await api.PostAsync($"/api/accounts/{accountId}/login", PaycueApp.Json($$"""{"code": "{{FakeTdAccount.Code}}"}"""));
        Assert.Equal("ready", (await PaycueApp.DataAsync(code)).GetProperty("login").GetString());
        var humo = await api.PostAsync($"/api/accounts/{accountId}/cards", PaycueApp.Json("""{"bank": "humo", "last4": "7159"}"""));
        Assert.Equal(HttpStatusCode.Created, humo.StatusCode);
        var uzcard = await api.PostAsync($"/api/accounts/{accountId}/cards", PaycueApp.Json("""{"bank": "uzcard", "last4": "8346"}"""));
        Assert.Equal(HttpStatusCode.Created, uzcard.StatusCode);
        var uzcardId = (await PaycueApp.DataAsync(uzcard)).GetProperty("card_id").GetString()!;
        string[] cards = [accountId, uzcardId];
        foreach (var id in cards)
        {
            await WaitForCardAsync(id, "ready");
        }

        var account = sessions.Accounts[accountId];
        account.EndSessionFromOutside();

        // Every card of the account says why it stopped, and so does the account.
        foreach (var id in cards)
        {
            Assert.Equal("session ended from another device", (await WaitForCardAsync(id, "login_required")).GetProperty("status_reason").GetString());
        }

        Assert.Equal("login_required", (await AccountAsync(accountId)).GetProperty("login").GetString());
        await Eventually.WaitAsync(() => Task.FromResult((account.ClientsCreated, account.Current!.State)), s => s == (2, "authorizationStateWaitPhoneNumber"), TimeSpan.FromSeconds(20), "a new client");

        // The account's own login endpoint starts again with the phone number, and both cards come back.
        var restarted = await api.PostAsync($"/api/accounts/{accountId}/login", PaycueApp.Json($$"""{"phone": "{{phone}}"}"""));
        Assert.Equal(HttpStatusCode.OK, restarted.StatusCode);
        Assert.Equal("code_required", (await PaycueApp.DataAsync(restarted)).GetProperty("login").GetString());
        var again = await api.PostAsync($"/api/accounts/{accountId}/login", PaycueApp.Json($$"""{"code": "{{FakeTdAccount.Code}}"}"""));
        Assert.Equal("ready", (await PaycueApp.DataAsync(again)).GetProperty("login").GetString());
        foreach (var id in cards)
        {
            Assert.Equal(JsonValueKind.Null, (await WaitForCardAsync(id, "ready")).GetProperty("status_reason").ValueKind);
        }

        // Ended once more: POST /api/accounts for the same phone starts the login on the new client, cards kept.
        account.EndSessionFromOutside();
        await WaitForCardAsync(uzcardId, "login_required");
        await Eventually.WaitAsync(() => Task.FromResult((account.ClientsCreated, account.Current!.State)), s => s == (3, "authorizationStateWaitPhoneNumber"), TimeSpan.FromSeconds(20), "a third client");
        var fresh = await api.PostAsync("/api/accounts", PaycueApp.Json($$"""{"phone": "{{phone}}"}"""));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal("code_required", (await PaycueApp.DataAsync(fresh)).GetProperty("login").GetString());
        await api.PostAsync($"/api/accounts/{accountId}/login", PaycueApp.Json($$"""{"code": "{{FakeTdAccount.Code}}"}"""));
        foreach (var id in cards)
        {
            await WaitForCardAsync(id, "ready");
        }

        Assert.Equal(cards, (await AccountAsync(accountId)).GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("card_id").GetString()));
    }

    [Fact]
    public async Task ALoginThroughALoginEmailOverHttp()
    {
        const string phone = "+998901230002";
        var cardId = TelegramCardIds.FromPhone(phone);
        sessions.Accounts[cardId] = new FakeTdAccount { RequiresEmail = true, HasPassword = true };

        var added = await api.PostAsync("/api/cards", PaycueApp.Json($$"""{"phone": "{{phone}}", "last4": "7159"}"""));
        Assert.Equal("email_required", (await PaycueApp.DataAsync(added)).GetProperty("login").GetString());
        Assert.Equal("email_required", (await WaitForCardAsync(cardId, "email_required")).GetProperty("status").GetString());

        var notAnEmail = await api.PostAsync($"/api/cards/{cardId}/login", PaycueApp.Json("""{"email": "shop"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, notAnEmail.StatusCode);
        Assert.Contains("e-mail address", await PaycueApp.DetailAsync(notAnEmail));

        var email = await api.PostAsync($"/api/cards/{cardId}/login", PaycueApp.Json("""{"email": "shop@example.com"}"""));
        Assert.Equal("email_code_required", (await PaycueApp.DataAsync(email)).GetProperty("login").GetString());

        var wrong = await api.PostAsync($"/api/cards/{cardId}/login", PaycueApp.Json("""{"email_code": "00000"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(TelegramErrorText.EmailCodeInvalid, await PaycueApp.DetailAsync(wrong));
        Assert.Equal("email_code_required", (await WaitForCardAsync(cardId, "email_code_required")).GetProperty("status").GetString());

        var mailed = await api.PostAsync($"/api/cards/{cardId}/login", PaycueApp.Json($$"""{"email_code": "{{FakeTdAccount.EmailCode}}"}"""));
        Assert.Equal("password_required", (await PaycueApp.DataAsync(mailed)).GetProperty("login").GetString());
        var password = await api.PostAsync($"/api/cards/{cardId}/login", PaycueApp.Json($$"""{"password": "{{FakeTdAccount.Password}}"}"""));
        Assert.Equal("ready", (await PaycueApp.DataAsync(password)).GetProperty("login").GetString());
    }

    [Theory]
    [InlineData("""{"email": "a@b.uz", "email_code": "1"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"email_code": " "}""")]
    public async Task ALoginBodyWithoutExactlyOneAnswerIsRefusedNamingTheFields(string body)
    {
        var refused = await api.PostAsync("/api/cards/tg-998901230003/login", PaycueApp.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("email_code", await PaycueApp.DetailAsync(refused));
    }

    private async Task LoginAsync(string phone)
    {
        var added = await api.PostAsync("/api/cards", PaycueApp.Json($$"""{"phone": "{{phone}}", "last4": "7159"}"""));
        Assert.Equal("code_required", (await PaycueApp.DataAsync(added)).GetProperty("login").GetString());
        var code = await api.PostAsync($"/api/cards/{TelegramCardIds.FromPhone(phone)}/login", PaycueApp.Json($$"""{"code": "{{FakeTdAccount.Code}}"}"""));
        Assert.Equal("ready", (await PaycueApp.DataAsync(code)).GetProperty("login").GetString());
    }

    private async Task<JsonElement> AccountAsync(string accountId) =>
        (await PaycueApp.DataAsync(await api.GetAsync("/api/accounts"))).EnumerateArray().Single(a => a.GetProperty("account_id").GetString() == accountId).Clone();

    private async Task<JsonElement> WaitForCardAsync(string cardId, string status) =>
        await Eventually.WaitAsync(async () => await CardAsync(cardId), c => c?.GetProperty("status").GetString() == status, TimeSpan.FromSeconds(20), $"card {cardId} {status}")
        ?? throw new InvalidOperationException();

    private async Task<JsonElement?> CardAsync(string cardId)
    {
        var cards = await PaycueApp.DataAsync(await api.GetAsync("/api/cards"));
        return cards.EnumerateArray().Where(c => c.GetProperty("card_id").GetString() == cardId).Select(c => (JsonElement?)c.Clone()).FirstOrDefault();
    }
}
