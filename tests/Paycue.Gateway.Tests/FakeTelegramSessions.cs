using System.Collections.Concurrent;
using Paycue.Grains.Telegram;
using Paycue.Telegram;
using Paycue.Testing.Telegram;

namespace Paycue.Gateway.Tests;

/// <summary>
/// The program's <see cref="ITelegramSessionFactory"/> replaced by scripted TDLib accounts: every Telegram card gets
/// one (with two-step verification unless told otherwise), so the HTTP login runs end to end without Telegram.
/// </summary>
public sealed class FakeTelegramSessions : ITelegramSessionFactory
{
    public ConcurrentDictionary<string, FakeTdAccount> Accounts { get; } = new();

    public Func<FakeTdAccount> NewAccount { get; set; } = () => new FakeTdAccount { HasPassword = true };

    public ITdClient CreateClient(string cardId) => Accounts.GetOrAdd(cardId, _ => NewAccount()).NewClient();

    public Task CloseAsync(ITdClient client, TimeSpan timeout) => Task.CompletedTask;

    /// <summary>Settings a Telegram card needs to start (APP_ID, APP_HASH, SESSION_KEY), with a throw-away SESSION_DIR.</summary>
    public static Dictionary<string, string> Settings() => new()
    {
        ["APP_ID"] = "12345",
        ["APP_HASH"] = "0123456789abcdef0123456789abcdef",
        ["SESSION_KEY"] = "gateway-tests-session-key-0123",
        ["SESSION_DIR"] = Path.Combine(Path.GetTempPath(), "paycue-gw-tg-" + Guid.NewGuid().ToString("N")),
    };
}
