using System.Text.Json;
using Paycue.Grains.Telegram;

namespace Paycue.Gateway.Tests.Hosting;

/// <summary>
/// <c>CARDS=</c> read by the real <c>paycue</c> at start-up (issue 17): a live process with <c>TG_PHONE</c>, two cards
/// on that one account and the real libtdjson (no network, so the account waits for its login), and a bad value that
/// stops start-up with a sentence saying what to fix and nothing secret.
/// </summary>
public sealed class EnvCardsProcessTests
{
    private const string Phone = "+998901112233";
    private const string AppHash = "0123456789abcdef0123456789abcdef";
    private const string SessionKey = "env-cards-session-key-7a41c9e2";

    private static Dictionary<string, string> Settings(string cards) => new()
    {
        ["SANDBOX"] = "false",
        ["TG_PHONE"] = Phone,
        ["CARDS"] = cards,
        ["APP_ID"] = "12345",
        ["APP_HASH"] = AppHash,
        ["SESSION_KEY"] = SessionKey,
        ["WEBHOOK_URL"] = "http://127.0.0.1:9/paycue-webhook",
        ["SERVICE_ID"] = $"env-cards-{Guid.NewGuid():N}",
    };

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(Phone, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Phone[1..], text, StringComparison.Ordinal);
        Assert.DoesNotContain(AppHash, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(PaycueProcess.Password, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProcessListsBothCardsOfTheEnvAccountWithBankAccountAndStatus()
    {
        await using var paycue = await PaycueProcess.StartAsync(Settings("humo:7159:9860 1234 5678 7159:Ali Valiyev, uzcard:8346::Ali Valiyev"));
        var account = TelegramCardIds.FromPhone(Phone);
        var uzcard = $"{account}.uzcard-8346";

        // No network: TDLib stops at the phone number, the account says so, and pushes that status to its further card.
        var cards = await Eventually.WaitAsync(
            async () => JsonDocument.Parse(await paycue.Http.GetStringAsync("/api/cards")).RootElement.GetProperty("data").EnumerateArray().ToList(),
            c => c.Count == 2 && c.All(x => x.GetProperty("status").GetString() is "login_required"),
            TimeSpan.FromSeconds(60), "both cards listed, waiting for the account's login");
        Assert.Equal(
            [(account, "humo", "7159", account, "telegram"), (uzcard, "uzcard", "8346", account, "telegram")],
            cards.Select(c => (c.GetProperty("card_id").GetString(), c.GetProperty("bank").GetString(), c.GetProperty("last4").GetString(),
                c.GetProperty("account_id").GetString(), c.GetProperty("kind").GetString())).OrderBy(c => c.Item1, StringComparer.Ordinal));

        var accounts = JsonDocument.Parse(await paycue.Http.GetStringAsync("/api/accounts")).RootElement.GetProperty("data").EnumerateArray().ToList();
        var listed = Assert.Single(accounts);
        Assert.Equal((account, "login_required"), (listed.GetProperty("account_id").GetString(), listed.GetProperty("login").GetString()));
        Assert.Equal(["humo:7159", "uzcard:8346"],
            listed.GetProperty("cards").EnumerateArray().Select(c => $"{c.GetProperty("bank").GetString()}:{c.GetProperty("last4").GetString()}"));

        // A card that is not ready takes no transaction, whichever bank is asked for.
        var refused = await paycue.Http.PostAsync("/api/transactions", new StringContent("""{"amount": 20000, "bank": "uzcard"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        AssertNoSecret(paycue.Log);
    }

    [Theory]
    [InlineData("humo:7159, visa:1234", "CARDS: card 2 ('visa:1234'): the bank must be humo or uzcard, not 'visa'.")]
    [InlineData("humo:715", "CARDS: card 1 ('humo:715'): the last4 must be the card's last four digits")]
    public async Task ABadCardsValueStopsStartUpWithWhatToFix(string cards, string expected)
    {
        await using var paycue = PaycueProcess.Launch(Path.Combine(AppContext.BaseDirectory, "paycue.dll"), Settings(cards));
        await paycue.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, paycue.ExitCode);
        var log = paycue.Log;
        Assert.Contains("configuration error", log, StringComparison.Ordinal);
        Assert.Contains(expected, log, StringComparison.Ordinal);
        AssertNoSecret(log);
    }
}
