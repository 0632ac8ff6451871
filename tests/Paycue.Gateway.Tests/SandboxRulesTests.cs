using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Paycue.Grains.Telegram;
using Paycue.Testing.Telegram;

namespace Paycue.Gateway.Tests;

/// <summary>
/// Sandbox cards never touch a live shop (issue 14, section 6), and removing a card cancels what it held (section 7):
/// a real redis-server, the real program, restarts between SANDBOX=true and SANDBOX=false, and a webhook receiver.
/// </summary>
public sealed class SandboxRulesTests : IAsyncLifetime
{
    private RedisServer redis = null!;
    private WebhookReceiver receiver = null!;
    private Dictionary<string, string> settings = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        receiver = await WebhookReceiver.StartAsync();
        settings = new Dictionary<string, string>
        {
            ["REDIS_ADDR"] = redis.Address,
            ["SERVICE_ID"] = $"sandbox-rules-{Guid.NewGuid():N}",
            ["CLUSTER_ID"] = "sandbox-rules",
            ["WEBHOOK_URL"] = receiver.Url,
            ["SANDBOX"] = "true",
            ["SANDBOX_CARDS"] = "2",
            ["SILO_PORT"] = FreePort.Next().ToString(),
            ["GATEWAY_PORT"] = FreePort.Next().ToString(),
        };
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task RestartWithSandboxOffCancelsSandboxTransactionsAndTakesNoOrderOnSandboxCards()
    {
        string transactionId;
        await using (var sandbox = new PaycueApp(settings))
        {
            var created = await sandbox.Authorized().PostAsync("/api/transactions", PaycueApp.Json("""{"amount": 20000, "card_id": "sandbox-1"}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            transactionId = (await PaycueApp.DataAsync(created)).GetProperty("transaction_id").GetString()!;
        }

        // The same deployment goes live, as an operator does by editing .env.
        settings["SANDBOX"] = "false";
        NewPorts();
        await using var live = new PaycueApp(settings);
        var api = live.Authorized();

        var hooks = await receiver.WaitForAsync(transactionId, h => h.Any(x => x.Action == "cancel"), TimeSpan.FromSeconds(30));
        Assert.Equal("cancel", Assert.Single(hooks).Action);
        var view = await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions/{transactionId}"));
        Assert.Equal("cancelled", view.GetProperty("state").GetString());
        Assert.Equal("sandbox_off", view.GetProperty("cancel_reason").GetString());

        var cards = await PaycueApp.DataAsync(await api.GetAsync("/api/cards"));
        Assert.Empty(cards.EnumerateArray());

        // No card is left to take a real order: 503, never a sandbox card the payer would send money to.
        var create = await api.PostAsync("/api/transactions", PaycueApp.Json("""{"amount": 20000}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, create.StatusCode);
        var named = await api.PostAsync("/api/transactions", PaycueApp.Json("""{"amount": 20000, "card_id": "sandbox-2"}"""));
        Assert.Equal(HttpStatusCode.NotFound, named.StatusCode);
    }

    [Fact]
    public async Task SandboxStartIsRefusedWhileTheServiceHasATelegramCard()
    {
        var sessions = new FakeTelegramSessions();
        var live = new Dictionary<string, string>(settings) { ["SANDBOX"] = "false" };
        foreach (var (key, value) in FakeTelegramSessions.Settings())
        {
            live[key] = value;
        }

        await using (var app = new PaycueApp(live, services => services.AddSingleton<ITelegramSessionFactory>(sessions)))
        {
            var added = await app.Authorized().PostAsync("/api/cards", PaycueApp.Json("""{"phone": "+998901112299", "last4": "7159"}"""));
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PaycueProcess.StartAsync(new Dictionary<string, string>
        {
            ["REDIS_ADDR"] = redis.Address,
            ["SERVICE_ID"] = settings["SERVICE_ID"],
            ["CLUSTER_ID"] = settings["CLUSTER_ID"],
            ["SANDBOX"] = "true",
        }));
        var sentence = $"SANDBOX: this service ({settings["SERVICE_ID"]}) has the Telegram card {TelegramCardIds.FromPhone("+998901112299")}";
        Assert.Contains("exited with 2", refused.Message);
        Assert.Contains($"paycue: configuration error: {sentence}", refused.Message);

        // paycue-silo runs the same start-up cards, and says the same.
        await using var silo = PaycueProcess.Launch(Cluster.SiloBinary.Path(), new Dictionary<string, string>
        {
            ["REDIS_ADDR"] = redis.Address,
            ["SERVICE_ID"] = settings["SERVICE_ID"],
            ["CLUSTER_ID"] = settings["CLUSTER_ID"],
            ["SANDBOX"] = "true",
        });
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, silo.ExitCode);
        Assert.Contains($"paycue-silo: configuration error: {sentence}", silo.Log);
    }

    [Fact]
    public async Task SandboxCardIsRemovedByDeleteAndAForcedDeleteCancelsItsTransactionsWithWebhooks()
    {
        await using var app = new PaycueApp(settings);
        var api = app.Authorized();

        var empty = await api.DeleteAsync("/api/cards/sandbox-2");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("unregistered", (await PaycueApp.DataAsync(empty)).GetProperty("login").GetString());
        Assert.DoesNotContain("sandbox-2", await CardIdsAsync(api));

        var ids = new List<string>();
        foreach (var amount in new[] { 20000, 35000 })
        {
            var created = await api.PostAsync("/api/transactions", PaycueApp.Json($$"""{"amount": {{amount}}, "card_id": "sandbox-1"}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add((await PaycueApp.DataAsync(created)).GetProperty("transaction_id").GetString()!);
        }

        var refused = await api.DeleteAsync("/api/cards/sandbox-1");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("2 open transaction", await PaycueApp.DetailAsync(refused));

        var forced = await api.DeleteAsync("/api/cards/sandbox-1?force=true");
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.DoesNotContain("sandbox-1", await CardIdsAsync(api));
        foreach (var id in ids)
        {
            var view = await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions/{id}"));
            Assert.Equal("cancelled", view.GetProperty("state").GetString());
            Assert.Equal("card_removed", view.GetProperty("cancel_reason").GetString());
            var hooks = await receiver.WaitForAsync(id, h => h.Count >= 1, TimeSpan.FromSeconds(30));
            Assert.Equal("cancel", Assert.Single(hooks).Action);
        }

        var gone = await api.DeleteAsync("/api/cards/sandbox-1");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("No card sandbox-1", await PaycueApp.DetailAsync(gone));
    }

    [Fact]
    public async Task ForcedDeleteOfATelegramCardCancelsItsTransactionsWithWebhooks()
    {
        var sessions = new FakeTelegramSessions();
        var withTelegram = new Dictionary<string, string>(FakeTelegramSessions.Settings()) { ["WEBHOOK_URL"] = receiver.Url };
        await using var app = new PaycueApp(withTelegram, services => services.AddSingleton<ITelegramSessionFactory>(sessions));
        var api = app.Authorized();
        const string phone = "+998901112255";
        var cardId = TelegramCardIds.FromPhone(phone);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/cards", PaycueApp.Json($$"""{"phone": "{{phone}}", "last4": "7159"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/cards/{cardId}/login", PaycueApp.Json($$"""{"code": "{{FakeTdAccount.Code}}"}"""))).StatusCode);
        var login = await api.PostAsync($"/api/cards/{cardId}/login", PaycueApp.Json($$"""{"password": "{{FakeTdAccount.Password}}"}"""));
        Assert.Equal("ready", (await PaycueApp.DataAsync(login)).GetProperty("login").GetString());

        var created = await api.PostAsync("/api/transactions", PaycueApp.Json($$"""{"amount": 20000, "card_id": "{{cardId}}"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await PaycueApp.DataAsync(created)).GetProperty("transaction_id").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"/api/cards/{cardId}?force=true")).StatusCode);
        var view = await PaycueApp.DataAsync(await api.GetAsync($"/api/transactions/{id}"));
        Assert.Equal("cancelled", view.GetProperty("state").GetString());
        Assert.Equal("card_removed", view.GetProperty("cancel_reason").GetString());
        var hooks = await receiver.WaitForAsync(id, h => h.Count >= 1, TimeSpan.FromSeconds(30));
        Assert.Equal("cancel", Assert.Single(hooks).Action);
    }

    [Fact]
    public async Task NamedCardThatIsNotReadyIs503SayingItsStatus()
    {
        var sessions = new FakeTelegramSessions();
        var withTelegram = new Dictionary<string, string>(FakeTelegramSessions.Settings()) { ["SANDBOX_CARDS"] = "1" };
        await using var app = new PaycueApp(withTelegram, services => services.AddSingleton<ITelegramSessionFactory>(sessions));
        var api = app.Authorized();
        const string phone = "+998901112288";
        var cardId = TelegramCardIds.FromPhone(phone);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/cards", PaycueApp.Json($$"""{"phone": "{{phone}}", "last4": "7159"}"""))).StatusCode);

        var response = await api.PostAsync("/api/transactions", PaycueApp.Json($$"""{"amount": 20000, "card_id": "{{cardId}}"}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var detail = await PaycueApp.DetailAsync(response);
        Assert.StartsWith("Card not ready:", detail);
        Assert.Contains($"{cardId} is code_required", detail);
    }

    [Theory]
    [InlineData("""{"phone": "+998901112277"}""", "last4 or number")]
    [InlineData("""{"phone": "+998901112277", "number": "9860123456787159", "last4": "1111"}""", "last4 must be the last 4 digits of number")]
    public async Task TelegramCardWithoutALast4IsRefused(string body, string sentence)
    {
        var sessions = new FakeTelegramSessions();
        await using var app = new PaycueApp(FakeTelegramSessions.Settings(), services => services.AddSingleton<ITelegramSessionFactory>(sessions));
        var response = await app.Authorized().PostAsync("/api/cards", PaycueApp.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(sentence, await PaycueApp.DetailAsync(response));
    }

    [Fact]
    public async Task TelegramCardLast4IsTakenFromItsNumber()
    {
        var sessions = new FakeTelegramSessions();
        await using var app = new PaycueApp(FakeTelegramSessions.Settings(), services => services.AddSingleton<ITelegramSessionFactory>(sessions));
        var api = app.Authorized();
        const string phone = "+998901112266";
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/cards", PaycueApp.Json($$"""{"phone": "{{phone}}", "number": "9860 1234 5678 4321"}"""))).StatusCode);
        var cards = await PaycueApp.DataAsync(await api.GetAsync("/api/cards"));
        var card = Assert.Single(cards.EnumerateArray(), c => c.GetProperty("card_id").GetString() == TelegramCardIds.FromPhone(phone));
        Assert.Equal("4321", card.GetProperty("last4").GetString());
    }

    private void NewPorts()
    {
        settings["SILO_PORT"] = FreePort.Next().ToString();
        settings["GATEWAY_PORT"] = FreePort.Next().ToString();
    }

    private static async Task<List<string>> CardIdsAsync(HttpClient api)
    {
        var cards = await PaycueApp.DataAsync(await api.GetAsync("/api/cards"));
        return cards.EnumerateArray().Select(c => c.GetProperty("card_id").GetString()!).ToList();
    }
}
