using System.Net;
using System.Text;
using System.Text.Json;
using Paycue.Gateway.Cli;
using Paycue.Grains.Webhooks;

namespace Paycue.Gateway.Tests.Alerts;

/// <summary>The real program with a fake Bot API and a webhook receiver: what the merchant sees and what the command line says.</summary>
public sealed class AlertAppFixture : IAsyncLifetime
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public FakeBotApi Bot { get; private set; } = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public PaycueApp App { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Bot = await FakeBotApi.StartAsync();
        Receiver = await WebhookReceiver.StartAsync();
        App = new PaycueApp(new Dictionary<string, string>
        {
            ["ALERT_BOT_TOKEN"] = FakeBotApi.Token,
            ["ALERT_CHAT_ID"] = FakeBotApi.ChatId,
            ["TELEGRAM_BOT_API_URL"] = Bot.Url,
            ["ALERT_LANG"] = "en",
            ["ALERT_WEBHOOK_FAILURES"] = "2",
            ["WEBHOOK_ALERTS"] = "true",
            ["WEBHOOK_URL"] = Receiver.Url,
            ["WEBHOOK_SECRET"] = Secret,
            ["WEBHOOK_RETRIES"] = "0",
        });
        Api = App.Authorized();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Receiver.DisposeAsync();
        await Bot.DisposeAsync();
    }

    public static async Task<(int Code, string Out, string Err)> CliAsync(PaycueApp app, params string[] args)
    {
        _ = app.Server;
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new Dictionary<string, string>
        {
            ["PAYCUE_URL"] = "http://localhost",
            ["API_USERNAME"] = PaycueApp.User,
            ["API_PASSWORD"] = PaycueApp.Password,
        };
        var code = await CommandLine.RunAsync(args, TextReader.Null, output, error, environment.GetValueOrDefault, Path.GetTempPath(), false, app.Server.CreateHandler());
        return (code, output.ToString(), error.ToString());
    }
}

public sealed class AlertHttpTests(AlertAppFixture fixture) : IClassFixture<AlertAppFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AlertsTestSendsATestMessageThroughTheBot()
    {
        var run = await AlertAppFixture.CliAsync(fixture.App, "alerts", "test");
        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("Sent.", run.Out);
        Assert.Contains(fixture.Bot.Messages, m => m.ChatId == FakeBotApi.ChatId && m.Text.Contains("test message", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheOpenApiDocumentCoversTheAlertEndpoints()
    {
        var document = JsonDocument.Parse(await fixture.Api.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        Assert.True(document.GetProperty("/api/alerts").TryGetProperty("get", out var list));
        Assert.Contains("Open alerts", list.GetProperty("summary").GetString());
        var test = document.GetProperty("/api/alerts/test").GetProperty("post");
        Assert.True(test.GetProperty("responses").TryGetProperty("502", out _));
    }

    [Fact]
    public async Task MoneyWithNoOrderIsListedSentToTheChatAndWebhookedSignedAsAnAlert()
    {
        var pay = await fixture.Api.PostAsync("/api/sandbox/payments", PaycueApp.Json("{\"card_id\": \"sandbox-2\", \"amount\": 4321}"));
        Assert.Equal(HttpStatusCode.OK, pay.StatusCode);

        await fixture.Bot.WaitForAsync(m => m.Any(x => x.Text.Contains("money with no order: 4 321 so'm to card *0002", StringComparison.Ordinal)), Wait, "the unmatched alert");
        var listed = await PaycueApp.DataAsync(await fixture.Api.GetAsync("/api/alerts"));
        var alert = listed.EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "unmatched" && a.GetProperty("amount").GetInt64() == 4321);
        Assert.Equal("sent", alert.GetProperty("state").GetString());
        Assert.Equal("sandbox-2", alert.GetProperty("card_id").GetString());

        var hook = await Eventually.WaitAsync(() => Task.FromResult(fixture.Receiver.Received.FirstOrDefault(r => r.Body.Contains("\"action\":\"alert\"", StringComparison.Ordinal) && r.Body.Contains("4321", StringComparison.Ordinal))),
            r => r is not null, Wait, "the alert webhook");
        var json = hook!.Json;
        Assert.Equal("alert", json.GetProperty("action").GetString());
        Assert.Equal("unmatched", json.GetProperty("kind").GetString());
        Assert.Equal(4321, json.GetProperty("amount").GetInt64());
        Assert.True(WebhookSigner.TryParseSecret(AlertAppFixture.Secret, out var key));
        var timestamp = long.Parse(hook.Headers["webhook-timestamp"]);
        Assert.Equal(WebhookSigner.Sign(key, hook.EventId, timestamp, Encoding.UTF8.GetBytes(hook.Body)), hook.Headers["webhook-signature"]);
    }

    [Fact]
    public async Task ABalanceGapNothingCanExplainIsAnAlertWithTheMissingAmount()
    {
        static string Credit(string som, string balance) => $"🎉 To'ldirish\n➕ {som} UZS\n📍 TEST P2P\n💳 HUMOCARD *0001\n🕓 05:36 16.06.2026\n💰 {balance} UZS";
        await fixture.Api.PostAsync("/api/sandbox/payments", PaycueApp.Json(JsonSerializer.Serialize(new { card_id = "sandbox-1", text = Credit("100,00", "1.000,00") })));
        await fixture.Api.PostAsync("/api/sandbox/payments", PaycueApp.Json(JsonSerializer.Serialize(new { card_id = "sandbox-1", text = Credit("50,00", "1.250,00") })));

        var messages = await fixture.Bot.WaitForAsync(m => m.Any(x => x.Text.Contains("balance is off", StringComparison.Ordinal)), Wait, "the gap alert");
        Assert.Contains("card *0001's balance is off by 200 so'm", messages.Single(m => m.Text.Contains("balance is off", StringComparison.Ordinal)).Text);
    }

    [Fact]
    public async Task ConsecutiveFailedWebhooksAlertAndTheNextDeliveryResolves()
    {
        async Task<string> CancelledAsync(bool fail)
        {
            var created = await PaycueApp.DataAsync(await fixture.Api.PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 91000, \"card_id\": \"sandbox-1\"}")));
            var id = created.GetProperty("transaction_id").GetString()!;
            if (fail)
            {
                fixture.Receiver.Script(id, (500, "{}", TimeSpan.Zero));
            }

            await fixture.Api.DeleteAsync($"/api/transactions/{id}");
            await fixture.Receiver.WaitForAsync(id, r => r.Count >= 1, Wait);
            return id;
        }

        await CancelledAsync(fail: true);
        await CancelledAsync(fail: true);
        await fixture.Bot.WaitForAsync(m => m.Any(x => x.Text.Contains("webhooks do not reach your shop: 2 delivery attempts in a row failed (HTTP 500.)", StringComparison.Ordinal)), Wait, "the webhook alert");
        var open = (await AlertsAsync()).Single(a => a.GetProperty("kind").GetString() == "webhook_failures");
        Assert.Equal("open", open.GetProperty("state").GetString());
        Assert.Equal(2, open.GetProperty("count").GetInt32());

        await CancelledAsync(fail: false);
        var all = await fixture.Bot.WaitForAsync(m => m.Any(x => x.Text.Contains("webhooks are delivered again", StringComparison.Ordinal)), Wait, "resolved");
        Assert.Single(all, m => m.Text.Contains("do not reach your shop", StringComparison.Ordinal));
        var listed = (await AlertsAsync()).Where(a => a.GetProperty("kind").GetString() == "webhook_failures").ToList();
        Assert.Equal("resolved", Assert.Single(listed).GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, listed[0].GetProperty("resolved_at").ValueKind);

        // With WEBHOOK_ALERTS the shop hears both moments too, signed like every webhook (alert webhooks are not
        // counted as failures, so they reach the shop while its order webhooks fail).
        var hooks = await Eventually.WaitAsync(
            () => Task.FromResult(fixture.Receiver.Received.Where(r => r.Body.Contains("\"kind\":\"webhook_failures\"", StringComparison.Ordinal)).ToList()),
            r => r.Count >= 2, Wait, "the opened and resolved alert webhooks");
        Assert.Equal(["opened", "resolved"], hooks.Select(h => h.Json.GetProperty("state").GetString()));
        Assert.All(hooks, h => Assert.Equal("alert", h.Json.GetProperty("action").GetString()));
        Assert.Equal(2, hooks[0].Json.GetProperty("count").GetInt32());
        Assert.Contains("webhooks are delivered again", hooks[1].Json.GetProperty("text").GetString());
        Assert.True(WebhookSigner.TryParseSecret(AlertAppFixture.Secret, out var key));
        Assert.All(hooks, h => Assert.Equal(
            WebhookSigner.Sign(key, h.EventId, long.Parse(h.Headers["webhook-timestamp"]), Encoding.UTF8.GetBytes(h.Body)), h.Headers["webhook-signature"]));
    }

    private async Task<List<JsonElement>> AlertsAsync() =>
        (await PaycueApp.DataAsync(await fixture.Api.GetAsync("/api/alerts"))).EnumerateArray().Select(a => a.Clone()).ToList();
}

/// <summary>What the operator is told when the bot is not set up, or the Bot API refuses it.</summary>
public sealed class AlertSetupTests
{
    [Fact]
    public async Task WithoutBotSettingsAlertsTestSaysWhichKeysAreMissingAndUnmatchedCanBeOff()
    {
        await using var app = new PaycueApp(new Dictionary<string, string> { ["ALERT_UNMATCHED"] = "false" });
        var run = await AlertAppFixture.CliAsync(app, "alerts", "test");
        Assert.Equal(1, run.Code);
        Assert.Contains("ALERT_BOT_TOKEN and ALERT_CHAT_ID are not set", run.Err);

        var api = app.Authorized();
        await api.PostAsync("/api/sandbox/payments", PaycueApp.Json("{\"card_id\": \"sandbox-1\", \"amount\": 5555}"));
        var response = await api.GetAsync("/api/alerts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await PaycueApp.DataAsync(response)).EnumerateArray());
        var listed = await AlertAppFixture.CliAsync(app, "alerts");
        Assert.Equal(0, listed.Code);
        Assert.Contains("No alerts.", listed.Out);
    }

    [Fact]
    public async Task ARefusedTokenIsReportedWithTheBotApisWordsButNeverTheToken()
    {
        await using var bot = await FakeBotApi.StartAsync();
        const string wrong = "987654321:AAWrongTokenWrongTokenWrongToken_xyz";
        await using var app = new PaycueApp(new Dictionary<string, string>
        {
            ["ALERT_BOT_TOKEN"] = wrong,
            ["ALERT_CHAT_ID"] = FakeBotApi.ChatId,
            ["TELEGRAM_BOT_API_URL"] = bot.Url,
        });
        var run = await AlertAppFixture.CliAsync(app, "alerts", "test");
        Assert.Equal(1, run.Code);
        Assert.Contains("the Bot API refused: 401 Unauthorized (check ALERT_BOT_TOKEN", run.Err);
        Assert.DoesNotContain(wrong, run.Err + run.Out);
        Assert.DoesNotContain("AAWrongToken", run.Err + run.Out);
    }
}
