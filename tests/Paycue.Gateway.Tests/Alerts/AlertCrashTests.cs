namespace Paycue.Gateway.Tests.Alerts;

/// <summary>
/// Redis mode, a real process killed hard between the condition and the send: the alert was durable before the send
/// began, so the next process sends it, once. The token never appears in the process's output.
/// </summary>
public sealed class AlertCrashTests : IAsyncLifetime
{
    private RedisServer redis = null!;
    private FakeBotApi bot = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        bot = await FakeBotApi.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await bot.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task AnAlertWhoseSendWasCutByACrashIsSentOnceAfterTheRestart()
    {
        var settings = new Dictionary<string, string>
        {
            ["REDIS_ADDR"] = redis.Address,
            ["SERVICE_ID"] = $"alert-crash-{Guid.NewGuid():N}",
            ["CLUSTER_ID"] = "alert-crash",
            ["SANDBOX"] = "true",
            ["SANDBOX_CARDS"] = "1",
            ["REMINDER_PERIOD"] = "2s",
            ["ALERT_BOT_TOKEN"] = FakeBotApi.Token,
            ["ALERT_CHAT_ID"] = FakeBotApi.ChatId,
            ["TELEGRAM_BOT_API_URL"] = bot.Url,
            ["LOG_FORMAT"] = "text",
        };

        bot.Hold();
        string firstLog;
        await using (var first = await PaycueProcess.StartAsync(settings))
        {
            var pay = await first.Http.PostAsync("/api/sandbox/payments", PaycueApp.Json("{\"card_id\": \"sandbox-1\", \"amount\": 6789}"));
            Assert.True(pay.IsSuccessStatusCode, await pay.Content.ReadAsStringAsync());

            // The send has begun (the Bot API holds it unanswered); the process dies before any answer.
            await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref bot.Held)), n => n >= 1, TimeSpan.FromSeconds(30), "the send under way");
            first.KillHard();
            await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref bot.Aborted)), n => n >= 1, TimeSpan.FromSeconds(30), "the cut send noticed");
            firstLog = first.Log;
        }

        Assert.Empty(bot.Messages);
        bot.Release();

        // The same service and cluster (its grain state and reminders in Redis), as an operator's restart: the dead
        // silo's membership entry goes stale within seconds, so the new process does not wait for it.
        await using var second = await PaycueProcess.StartAsync(settings);
        var sent = await bot.WaitForAsync(m => m.Any(x => x.Text.Contains("6 789 so'm", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), "the alert after the restart");
        Assert.Single(sent, m => m.Text.Contains("6 789 so'm", StringComparison.Ordinal));

        // Still once, a while later (the outbox entry is gone once the Bot API took it).
        var listed = await Eventually.WaitAsync(async () => await PaycueApp.DataAsync(await second.Http.GetAsync("/api/alerts")),
            d => d.EnumerateArray().Any(a => a.GetProperty("pending_messages").GetInt32() == 0 && a.GetProperty("amount").GetInt64() == 6789), TimeSpan.FromSeconds(20), "the alert settled");
        Assert.Single(bot.Messages, m => m.Text.Contains("6 789 so'm", StringComparison.Ordinal));
        Assert.DoesNotContain(FakeBotApi.Token, firstLog + second.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("AAFakeBotToken", firstLog + second.Log, StringComparison.Ordinal);
    }
}
