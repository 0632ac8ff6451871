using System.Diagnostics;
using System.Text.Json;
using Paycue.Grains.Telegram;
using Paycue.Testing;

namespace Paycue.Gateway.Tests.Cluster;

/// <summary>
/// Issue 16, item 5, with real processes on one Redis: TDLib runs for an account in exactly one of them.
/// <c>paycue --telegram</c> refuses while a silo holds the account's lease, a second cluster's activation of the card
/// waits saying why, and when the holder is killed (by pid) the waiting one takes over once the lease expires.
/// </summary>
public sealed class SessionLeaseProcessTests
{
    private const string Phone = "+998901239100";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TdlibRunsInOneProcessOnlyAndAnotherTakesOverAfterTheHolderIsKilled()
    {
        await using var redis = await RedisServer.StartAsync();
        var cardId = TelegramCardIds.FromPhone(Phone);
        var settings = new Dictionary<string, string>
        {
            ["REDIS_ADDR"] = redis.Address,
            ["SERVICE_ID"] = $"lease-{Guid.NewGuid():N}",
            ["CLUSTER_ID"] = "lease-1",
            ["SANDBOX"] = "false",
            ["TG_PHONE"] = Phone,
            ["CARD_LAST4"] = "7159",
            ["APP_ID"] = "12345",
            ["APP_HASH"] = "0123456789abcdef0123456789abcdef",
            ["SESSION_KEY"] = "two-process-lease-test-session-key",
            ["SESSION_LEASE_TTL"] = "3s",
        };

        await using var first = await PaycueProcess.StartAsync(settings);
        // Real TDLib, offline: it gets as far as asking for the phone number, so it runs in the first process.
        await CardAsync(first, cardId, c => c.GetProperty("status").GetString() == "login_required", "TDLib running in the first process");

        // Nothing answers on PAYCUE_URL, so paycue --telegram would log in itself: it refuses, and starts no TDLib.
        var (code, error, directory) = await TelegramCliAsync(settings);
        Assert.True(code == 6, $"exit {code}: {error}");
        Assert.Contains("another process runs the session of this Telegram account (a card session on", error);
        Assert.Contains("stop it (systemctl stop paycue)", error);
        Assert.False(Directory.Exists(Path.Combine(directory, "sessions", cardId)), "paycue --telegram made a TDLib directory");
        Assert.DoesNotContain(Phone, error);

        // Another cluster of the same service activates the same card (as a stale activation would): it waits.
        settings["CLUSTER_ID"] = "lease-2";
        await using var second = await PaycueProcess.StartAsync(settings);
        var waiting = await CardAsync(second, cardId,
            c => c.GetProperty("status").GetString() == "error" && c.GetProperty("status_reason").GetString()!.Contains("session lease"), "the second process waiting for the lease");
        Assert.Contains("Another process runs this Telegram account's session", waiting.GetProperty("status_reason").GetString());

        // The holder dies without a word: once its lease expired, the second process starts TDLib.
        first.KillHard();
        await CardAsync(second, cardId, c => c.GetProperty("status").GetString() == "login_required", "TDLib running in the second process");
        Assert.Contains("holding the account's session lease (fence 2)", second.Log);
    }

    private static async Task<JsonElement> CardAsync(PaycueProcess paycue, string cardId, Func<JsonElement, bool> done, string what) =>
        await Eventually.WaitAsync(
            async () =>
            {
                var cards = await PaycueApp.DataAsync(await paycue.Http.GetAsync("/api/cards"));
                return cards.EnumerateArray().FirstOrDefault(c => c.GetProperty("card_id").GetString() == cardId);
            },
            c => c.ValueKind == JsonValueKind.Object && done(c),
            Wait,
            what);

    /// <summary><c>paycue --telegram</c> as its own process, in its own empty working directory, with no service on PAYCUE_URL.</summary>
    private static async Task<(int Code, string Error, string Directory)> TelegramCliAsync(IDictionary<string, string> settings)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("paycue-telegram-cli-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "paycue.dll"), "--telegram" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        start.Environment["PAYCUE_URL"] = $"http://127.0.0.1:{FreePort.Next()}";
        using var cli = Process.Start(start)!;
        cli.StandardInput.Close();
        var output = cli.StandardOutput.ReadToEndAsync();
        var error = cli.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Wait);
        await cli.WaitForExitAsync(timeout.Token);
        _ = await output;
        return (cli.ExitCode, await error, directory);
    }
}
