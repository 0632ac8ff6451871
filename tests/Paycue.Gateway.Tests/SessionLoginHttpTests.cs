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
/// The real program with scripted TDLib clients: a session ended from another device, and a login that goes through
/// a login e-mail, both driven over HTTP only.
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

    private async Task<JsonElement> WaitForCardAsync(string cardId, string status) =>
        await Eventually.WaitAsync(async () => await CardAsync(cardId), c => c?.GetProperty("status").GetString() == status, TimeSpan.FromSeconds(20), $"card {cardId} {status}")
        ?? throw new InvalidOperationException();

    private async Task<JsonElement?> CardAsync(string cardId)
    {
        var cards = await PaycueApp.DataAsync(await api.GetAsync("/api/cards"));
        return cards.EnumerateArray().Where(c => c.GetProperty("card_id").GetString() == cardId).Select(c => (JsonElement?)c.Clone()).FirstOrDefault();
    }
}
