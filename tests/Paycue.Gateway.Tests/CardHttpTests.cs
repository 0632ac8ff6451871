using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Paycue.Grains.Interfaces;
using Paycue.Grains.Telegram;
using Paycue.Testing.Telegram;

namespace Paycue.Gateway.Tests;

/// <summary>The real program with scripted TDLib clients: one card added, logged in, refused, removed, all over HTTP.</summary>
public sealed class CardHttpTests : IAsyncLifetime
{
    private const string Phone = "+998901112233";

    private readonly FakeTelegramSessions sessions = new();
    private readonly PaycueApp app;
    private readonly HttpClient api;

    public CardHttpTests()
    {
        app = new PaycueApp(FakeTelegramSessions.Settings(), services => services.AddSingleton<ITelegramSessionFactory>(sessions));
        api = app.Authorized();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task AddLoginWithCodeAndPasswordThenDeleteRefusedWhileOpenThenForced()
    {
        var cardId = TelegramCardIds.FromPhone(Phone);

        var added = await api.PostAsync("/api/cards", PaycueApp.Json($$"""{"phone": "{{Phone}}", "number": "9860 1234 5678 7159", "last4": "7159", "owner": "Test Owner"}"""));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(Body(cardId, "code_required"), await DataTextAsync(added));
        Assert.Equal(CardStatus.CodeRequired, await StatusAsync(cardId));
        Assert.Contains(sessions.Accounts[cardId].Requests, r => r["@type"]!.GetValue<string>() == "setAuthenticationPhoneNumber");

        var wrongCode = await api.PostAsync($"/api/cards/{cardId}/login", PaycueApp.Json("""{"code": "11111"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, wrongCode.StatusCode);
        Assert.Contains("code is wrong", await PaycueApp.DetailAsync(wrongCode));
        Assert.Equal(CardStatus.CodeRequired, await StatusAsync(cardId));

        var code = await api.PostAsync($"/api/cards/{cardId}/login", PaycueApp.Json($$"""{"code": "{{FakeTdAccount.Code}}"}"""));
        Assert.Equal(HttpStatusCode.OK, code.StatusCode);
        Assert.Equal(Body(cardId, "password_required"), await DataTextAsync(code));
        Assert.Equal(CardStatus.PasswordRequired, await StatusAsync(cardId));

        var wrongPassword = await api.PostAsync($"/api/cards/{cardId}/login", PaycueApp.Json("""{"password": "guess"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);
        Assert.Contains("password is wrong", await PaycueApp.DetailAsync(wrongPassword));
        Assert.Equal(CardStatus.PasswordRequired, await StatusAsync(cardId));

        var password = await api.PostAsync($"/api/cards/{cardId}/login", PaycueApp.Json($$"""{"password": "{{FakeTdAccount.Password}}"}"""));
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
        Assert.Equal(Body(cardId, "ready"), await DataTextAsync(password));
        var listed = await CardAsync(cardId);
        Assert.Equal("ready", listed!.Value.GetProperty("status").GetString());
        Assert.Equal("telegram", listed.Value.GetProperty("kind").GetString());
        Assert.Equal("7159", listed.Value.GetProperty("last4").GetString());

        var transaction = await api.PostAsync("/api/transactions", PaycueApp.Json($$"""{"amount": 20000, "card_id": "{{cardId}}"}"""));
        Assert.Equal(HttpStatusCode.Created, transaction.StatusCode);

        var refused = await api.DeleteAsync($"/api/cards/{cardId}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("1 open transaction", await PaycueApp.DetailAsync(refused));
        Assert.Equal(CardStatus.Ready, await StatusAsync(cardId));

        var forced = await api.DeleteAsync($"/api/cards/{cardId}?force=true");
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal(Body(cardId, "unregistered"), await DataTextAsync(forced));
        Assert.Null(await CardAsync(cardId));
        Assert.False(sessions.Accounts[cardId].LoggedIn);
        Assert.Contains(sessions.Accounts[cardId].Requests, r => r["@type"]!.GetValue<string>() == "logOut");
    }

    [Fact]
    public async Task TelegramNotAnsweringIs503WithASentenceAndTheLoginCanBeRetried()
    {
        const string phone = "+998903334455";
        var cardId = TelegramCardIds.FromPhone(phone);
        sessions.Accounts[cardId] = new FakeTdAccount { Unreachable = true };

        var added = await api.PostAsync("/api/cards", PaycueApp.Json($$"""{"phone": "{{phone}}", "last4": "1234"}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, added.StatusCode);
        Assert.Contains("Telegram could not be reached within", await PaycueApp.DetailAsync(added));
        Assert.Equal(CardStatus.LoginRequired, await StatusAsync(cardId));

        sessions.Accounts[cardId].Unreachable = false;
        var retried = await api.PostAsync("/api/cards", PaycueApp.Json($$"""{"phone": "{{phone}}", "last4": "1234"}"""));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(Body(cardId, "code_required"), await DataTextAsync(retried));
    }

    [Fact]
    public async Task LoginOfAnUnknownCardIs404AndABadPhoneIs400()
    {
        var unknown = await api.PostAsync("/api/cards/tg-unknown/login", PaycueApp.Json("""{"code": "12345"}"""));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var badPhone = await api.PostAsync("/api/cards", PaycueApp.Json("""{"phone": "call me"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badPhone.StatusCode);
        Assert.Contains("international format", await PaycueApp.DetailAsync(badPhone));

        var both = await api.PostAsync("/api/cards/tg-unknown/login", PaycueApp.Json("""{"code": "1", "password": "2"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
    }

    private static string Body(string cardId, string login) => JsonSerializer.Serialize(new Dictionary<string, string> { ["card_id"] = cardId, ["login"] = login, ["account_id"] = cardId });

    private static async Task<string> DataTextAsync(HttpResponseMessage response) => (await PaycueApp.DataAsync(response)).GetRawText();

    private async Task<string?> StatusAsync(string cardId) => (await CardAsync(cardId))?.GetProperty("status").GetString();

    private async Task<JsonElement?> CardAsync(string cardId)
    {
        var cards = await PaycueApp.DataAsync(await api.GetAsync("/api/cards"));
        foreach (var card in cards.EnumerateArray())
        {
            if (card.GetProperty("card_id").GetString() == cardId)
            {
                return card.Clone();
            }
        }

        return null;
    }
}
