using Microsoft.Extensions.DependencyInjection;
using Paycue.Gateway.Cli;
using Paycue.Grains.Telegram;
using Paycue.Testing;
using Paycue.Testing.Telegram;

namespace Paycue.Gateway.Tests.Cli;

/// <summary>
/// <c>paycue --telegram</c> and <c>paycue card add</c> typed into, through the HTTP API of the real program with
/// scripted TDLib clients: the e-mail login states, and logging in again after the session was ended from outside.
/// </summary>
public sealed class TelegramCommandTests : IAsyncLifetime
{
    private readonly FakeTelegramSessions sessions = new() { NewAccount = () => new FakeTdAccount() };
    private readonly PaycueApp app;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "paycue-tg-cli-" + Guid.NewGuid().ToString("N"));

    public TelegramCommandTests()
    {
        app = new PaycueApp(FakeTelegramSessions.Settings(), services => services.AddSingleton<ITelegramSessionFactory>(sessions));
        Directory.CreateDirectory(directory);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task TelegramAsksForTheLoginEmailAndItsCode()
    {
        const string phone = "+998901239001";
        var cardId = TelegramCardIds.FromPhone(phone);
        sessions.Accounts[cardId] = new FakeTdAccount { RequiresEmail = true };

        var (code, output, error) = await TelegramAsync(phone, string.Join('\n', "shop@example.com", "11111", FakeTdAccount.EmailCode) + "\n");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("Telegram asks for a login e-mail address", output);
        Assert.Contains("Login code (sent to the account's login e-mail): ", output);
        Assert.Contains("e-mail code is wrong", error);
        Assert.Contains("Telegram is connected: the card is ready.", output);
        Assert.Equal(["shop@example.com"], sessions.Accounts[cardId].Emails);
        foreach (var secret in new[] { phone, FakeTdAccount.EmailCode })
        {
            Assert.DoesNotContain(secret, output + error);
        }
    }

    [Fact]
    public async Task TelegramRunAgainAfterStoppingAtTheEmailCodeStartsOverFromThePhoneNumber()
    {
        const string phone = "+998901239005";
        var cardId = TelegramCardIds.FromPhone(phone);
        sessions.Accounts[cardId] = new FakeTdAccount { RequiresEmail = true };

        // The operator gives up at the e-mail code (the input ends): the card waits for it.
        var stopped = await TelegramAsync(phone, "first@example.com\n");
        Assert.Equal(3, stopped.Code);
        Assert.Contains("the terminal input ended", stopped.Err);
        var account = sessions.Accounts[cardId];
        Assert.Equal("authorizationStateWaitEmailCode", account.Current!.State);

        // Run again: the phone number goes first, Telegram asks for the e-mail again, and the login completes.
        var (code, output, error) = await TelegramAsync(phone, string.Join('\n', "second@example.com", FakeTdAccount.EmailCode) + "\n");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("Telegram asks for a login e-mail address", output);
        Assert.Contains("Telegram is connected: the card is ready.", output);
        Assert.Equal(["first@example.com", "second@example.com"], account.Emails);
        Assert.Equal(2, account.RequestTypes.Count(t => t == "setAuthenticationPhoneNumber"));
        Assert.Equal(1, account.ClientsCreated);
    }

    [Fact]
    public async Task TelegramLogsInAgainAfterTheSessionWasEndedFromAnotherDevice()
    {
        const string phone = "+998901239002";
        var cardId = TelegramCardIds.FromPhone(phone);
        var first = await TelegramAsync(phone, FakeTdAccount.Code + "\n");
        Assert.True(first.Code == 0, first.Err);
        var account = sessions.Accounts[cardId];

        account.EndSessionFromOutside();
        await Eventually.WaitAsync(() => Task.FromResult((account.ClientsCreated, account.Current!.State)), s => s == (2, "authorizationStateWaitPhoneNumber"), TimeSpan.FromSeconds(20), "a new client");

        var (code, output, error) = await TelegramAsync(phone, FakeTdAccount.Code + "\n");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("Telegram is connected: the card is ready.", output);
    }

    [Fact]
    public async Task CardAddAsksForTheLoginEmailAndItsCodeAndAgainAfterTheSessionEnded()
    {
        const string phone = "+998901239003";
        var cardId = TelegramCardIds.FromPhone(phone);
        sessions.Accounts[cardId] = new FakeTdAccount { RequiresEmail = true };
        var typed = string.Join('\n', phone, "humo", "", "4321", "", "shop@example.com", FakeTdAccount.EmailCode) + "\n";

        var (code, output, error) = await CardAddAsync(typed);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("Telegram asks for a login e-mail address", output);
        Assert.Contains($"Telegram is connected: card {cardId} is ready.", output);

        var account = sessions.Accounts[cardId];
        account.EndSessionFromOutside();
        await Eventually.WaitAsync(() => Task.FromResult((account.ClientsCreated, account.Current!.State)), s => s == (2, "authorizationStateWaitPhoneNumber"), TimeSpan.FromSeconds(20), "a new client");
        (code, output, error) = await CardAddAsync(typed);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"Telegram is connected: card {cardId} is ready.", output);
    }

    [Fact]
    public async Task TelegramWithNoServiceAnsweringLogsInHereThroughTheLoginEmailItsCodeAndThePassword()
    {
        const string phone = "+998901239004";
        var cardId = TelegramCardIds.FromPhone(phone);
        var local = new FakeTelegramSessions();
        local.Accounts[cardId] = new FakeTdAccount { RequiresEmail = true, HasPassword = true };
        var settings = FakeTelegramSessions.Settings();
        var environment = new Dictionary<string, string>(settings)
        {
            ["PAYCUE_URL"] = $"http://127.0.0.1:{FreePort.Next()}", // nothing answers there
            ["TG_PHONE"] = phone,
            ["CARD_LAST4"] = "7159",
        };
        var typed = string.Join('\n', "shop", "  ", "shop@example.com", "11111", FakeTdAccount.EmailCode, "wrong horse", FakeTdAccount.Password) + "\n";

        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TelegramCommand.RunAsync(new StringReader(typed), output, error, interactive: true,
            environment.GetValueOrDefault, directory, apiHandler: null, localTdlib: local);

        var (said, complained) = (output.ToString(), error.ToString());
        Assert.True(code == 0, $"exit {code}\n{said}\n{complained}");
        Assert.Contains($"Logging in card {cardId} here (no Paycue answered), into {Path.Combine(settings["SESSION_DIR"], cardId)}.", said);
        Assert.Contains("Telegram asks for a login e-mail address", said);
        Assert.Contains(Paycue.Telegram.TelegramErrorText.EmailInvalid, complained);
        Assert.Contains("Nothing was typed", complained); // an empty answer is asked again, never sent
        Assert.Contains("Login code (sent to the account's login e-mail): ", said);
        Assert.Contains(Paycue.Telegram.TelegramErrorText.EmailCodeInvalid, complained);
        Assert.Contains("Two-step verification password: ", said);
        Assert.Contains("Telegram is connected: the card is ready.", said);
        var account = local.Accounts[cardId];
        Assert.True(account.LoggedIn);
        Assert.Equal(["shop@example.com"], account.Emails);
        Assert.Equal(1, account.ClientsCreated);
        Assert.Contains(account.Requests, r => r["@type"]!.GetValue<string>() == "setTdlibParameters"
            && r["database_directory"]!.GetValue<string>() == Path.Combine(settings["SESSION_DIR"], cardId));
        foreach (var secret in new[] { phone, FakeTdAccount.EmailCode, FakeTdAccount.Password, "shop@example.com" })
        {
            Assert.DoesNotContain(secret, said + complained);
        }

        Directory.Delete(settings["SESSION_DIR"], recursive: true);
    }

    private async Task<(int Code, string Out, string Err)> TelegramAsync(string phone, string typed)
    {
        _ = app.Server;
        var environment = new Dictionary<string, string>
        {
            ["PAYCUE_URL"] = "http://localhost",
            ["API_USERNAME"] = PaycueApp.User,
            ["API_PASSWORD"] = PaycueApp.Password,
            ["TG_PHONE"] = phone,
            ["CARD_LAST4"] = "7159",
        };
        foreach (var (key, value) in FakeTelegramSessions.Settings())
        {
            environment[key] = value;
        }

        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TelegramCommand.RunAsync(new StringReader(typed), output, error, interactive: true,
            environment.GetValueOrDefault, directory, app.Server.CreateHandler());
        return (code, output.ToString(), error.ToString());
    }

    private async Task<(int Code, string Out, string Err)> CardAddAsync(string typed)
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
        var code = await CommandLine.RunAsync(["card", "add"], new StringReader(typed), output, error, environment.GetValueOrDefault,
            directory, interactive: true, app.Server.CreateHandler());
        return (code, output.ToString(), error.ToString());
    }
}
