using Microsoft.Extensions.Time.Testing;

namespace Paycue.Telegram.Tests;

/// <summary>The login state machine against a scripted TDLib: every path a shop owner can take.</summary>
public sealed class TelegramLoginTests
{
    private const string SessionKey = "login-tests-session-key-0123";

    [Fact]
    public async Task StartHandsTdlibItsParametersWithDatabasesOffAndTheDerivedKey()
    {
        var account = new FakeTelegramAccount(new ScriptedTdClient());
        using var login = NewLogin(account);

        var state = await login.StartAsync();

        Assert.Equal(TelegramLoginStatus.LoginRequired, state.Status);
        var parameters = account.TdlibParameters!;
        Assert.False(parameters["use_message_database"]!.GetValue<bool>());
        Assert.False(parameters["use_chat_info_database"]!.GetValue<bool>());
        Assert.False(parameters["use_file_database"]!.GetValue<bool>());
        Assert.Equal(Convert.ToBase64String(TdlibKeys.DatabaseEncryptionKey(SessionKey)), parameters["database_encryption_key"]!.GetValue<string>());
        Assert.Equal("/sessions/card-1", parameters["database_directory"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CodeLoginReachesReady(bool updatesAfterAnswer)
    {
        var account = new FakeTelegramAccount(new ScriptedTdClient()) { UpdatesAfterAnswer = updatesAfterAnswer };
        using var login = NewLogin(account);
        var seen = new List<string>();
        login.StateChanged += state => { lock (seen) { seen.Add(state.WireName); } };

        await login.StartAsync();
        var afterPhone = await login.SubmitPhoneAsync(FakeTelegramAccount.Phone);
        var afterCode = await login.SubmitCodeAsync(FakeTelegramAccount.Code);

        Assert.Equal(TelegramLoginStatus.CodeRequired, afterPhone.Status);
        Assert.Equal(TelegramLoginStatus.Ready, afterCode.Status);
        Assert.Equal(TelegramLoginStatus.Ready, login.State.Status);
        lock (seen)
        {
            Assert.Equal(["connecting", "login_required", "code_required", "ready"], seen.Distinct());
        }
    }

    [Fact]
    public async Task TwoStepLoginAsksForThePasswordThenReady()
    {
        var account = new FakeTelegramAccount(new ScriptedTdClient()) { HasPassword = true };
        using var login = NewLogin(account);

        await login.StartAsync();
        await login.SubmitPhoneAsync(FakeTelegramAccount.Phone);
        var afterCode = await login.SubmitCodeAsync(FakeTelegramAccount.Code);
        var afterPassword = await login.SubmitPasswordAsync(FakeTelegramAccount.TwoStepPassword);

        Assert.Equal("password_required", afterCode.WireName);
        Assert.Equal("ready", afterPassword.WireName);
    }

    [Fact]
    public async Task WrongCodeLeavesCodeRequiredAndTheRightOneStillWorks()
    {
        var account = new FakeTelegramAccount(new ScriptedTdClient());
        using var login = NewLogin(account);
        await login.StartAsync();
        await login.SubmitPhoneAsync(FakeTelegramAccount.Phone);

        var error = await Assert.ThrowsAsync<TelegramLoginException>(() => login.SubmitCodeAsync("11111"));

        Assert.Equal("The login code is wrong; ask for a new one or type it again.", error.Reason);
        Assert.Equal(TelegramLoginStatus.CodeRequired, login.State.Status);
        Assert.Equal(TelegramLoginStatus.Ready, (await login.SubmitCodeAsync(FakeTelegramAccount.Code)).Status);
    }

    [Fact]
    public async Task WrongPasswordLeavesPasswordRequiredAndTheRightOneStillWorks()
    {
        var account = new FakeTelegramAccount(new ScriptedTdClient()) { HasPassword = true };
        using var login = NewLogin(account);
        await login.StartAsync();
        await login.SubmitPhoneAsync(FakeTelegramAccount.Phone);
        await login.SubmitCodeAsync(FakeTelegramAccount.Code);

        var error = await Assert.ThrowsAsync<TelegramLoginException>(() => login.SubmitPasswordAsync("wrong password"));

        Assert.Equal(TelegramErrorText.PasswordInvalid, error.Reason);
        Assert.Equal(TelegramLoginStatus.PasswordRequired, login.State.Status);
        Assert.Equal(TelegramLoginStatus.Ready, (await login.SubmitPasswordAsync(FakeTelegramAccount.TwoStepPassword)).Status);
    }

    [Theory]
    [InlineData(429, "Too Many Requests: retry after 30", 30)]
    [InlineData(420, "FLOOD_WAIT_86400", 86400)]
    public async Task FloodWaitSaysHowLongToWaitAndKeepsTheState(int code, string message, int seconds)
    {
        var account = new FakeTelegramAccount(new ScriptedTdClient()) { PhoneRefusal = new TdException(code, message) };
        using var login = NewLogin(account);
        await login.StartAsync();

        var error = await Assert.ThrowsAsync<TelegramLoginException>(() => login.SubmitPhoneAsync(FakeTelegramAccount.Phone));

        Assert.Equal($"Telegram asks to wait {seconds} seconds before trying again.", error.Reason);
        Assert.Equal(TelegramLoginStatus.LoginRequired, login.State.Status);
    }

    [Fact]
    public async Task ExpiredCodeAsksForANewOneAndSubmittingThePhoneAgainRecovers()
    {
        var account = new FakeTelegramAccount(new ScriptedTdClient()) { CodeRefusal = new TdException(400, "PHONE_CODE_EXPIRED") };
        using var login = NewLogin(account);
        await login.StartAsync();
        await login.SubmitPhoneAsync(FakeTelegramAccount.Phone);

        var error = await Assert.ThrowsAsync<TelegramLoginException>(() => login.SubmitCodeAsync(FakeTelegramAccount.Code));
        var stateAfterError = login.State.Status;
        var afterNewPhone = await login.SubmitPhoneAsync(FakeTelegramAccount.Phone);
        var afterNewCode = await login.SubmitCodeAsync(FakeTelegramAccount.Code);

        Assert.Equal("The login code has expired; ask for a new one.", error.Reason);
        Assert.Equal(TelegramLoginStatus.CodeRequired, stateAfterError);
        Assert.Equal(TelegramLoginStatus.CodeRequired, afterNewPhone.Status);
        Assert.Equal(TelegramLoginStatus.Ready, afterNewCode.Status);
        Assert.Equal(2, account.Client.RequestsOfType("setAuthenticationPhoneNumber").Count());
    }

    [Theory]
    [InlineData("PHONE_NUMBER_BANNED", TelegramErrorText.PhoneNumberBanned)]
    [InlineData("PHONE_NUMBER_INVALID", TelegramErrorText.PhoneNumberInvalid)]
    public async Task RefusedNumberIsExplainedAndTheLoginWaitsForAnotherNumber(string telegramError, string reason)
    {
        var account = new FakeTelegramAccount(new ScriptedTdClient()) { PhoneRefusal = new TdException(400, telegramError) };
        using var login = NewLogin(account);
        await login.StartAsync();

        var error = await Assert.ThrowsAsync<TelegramLoginException>(() => login.SubmitPhoneAsync(FakeTelegramAccount.Phone));

        Assert.Equal(reason, error.Reason);
        Assert.Equal(TelegramLoginStatus.LoginRequired, login.State.Status);
    }

    [Fact]
    public async Task UnregisteredNumberIsExplainedAndTheLoginStaysLoginRequired()
    {
        var account = new FakeTelegramAccount(new ScriptedTdClient()) { Unregistered = true };
        using var login = NewLogin(account);
        await login.StartAsync();

        var error = await Assert.ThrowsAsync<TelegramLoginException>(() => login.SubmitPhoneAsync(FakeTelegramAccount.Phone));

        Assert.Equal("This phone number has no Telegram account; sign it up in a Telegram app first.", error.Reason);
        Assert.Equal("login_required", login.State.WireName);
    }

    [Fact]
    public async Task SilentTelegramGivesUpAfterSixtySecondsAndKeepsTheState()
    {
        var client = new ScriptedTdClient();
        var account = new FakeTelegramAccount(client);
        var time = new FakeTimeProvider();
        using var login = new TelegramLogin(client, Settings(), timeProvider: time);
        await login.StartAsync();
        client.Silence("setAuthenticationPhoneNumber");

        var step = login.SubmitPhoneAsync(FakeTelegramAccount.Phone);
        time.Advance(TimeSpan.FromSeconds(59));
        var doneBeforeSixty = step.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<TelegramUnreachableException>(() => step);

        Assert.False(doneBeforeSixty);
        Assert.Equal("Telegram could not be reached within 60 seconds.", error.Reason);
        Assert.Equal(TelegramLoginStatus.LoginRequired, login.State.Status);
        Assert.Equal("authorizationStateWaitPhoneNumber", account.State);
    }

    [Fact]
    public async Task StartGivesUpWhenTdlibNeverAnswers()
    {
        var client = new ScriptedTdClient();
        var time = new FakeTimeProvider();
        using var login = new TelegramLogin(client, Settings(), timeProvider: time);

        var start = login.StartAsync();
        time.Advance(TelegramLogin.DefaultTimeout);
        var error = await Assert.ThrowsAsync<TelegramUnreachableException>(() => start);

        Assert.Equal("Telegram could not be reached within 60 seconds.", error.Message);
        Assert.Equal(TelegramLoginStatus.Connecting, login.State.Status);
    }

    [Fact]
    public async Task CallerCancellationIsNotReportedAsUnreachable()
    {
        var client = new ScriptedTdClient();
        using var login = new TelegramLogin(client, Settings());
        using var cancellation = new CancellationTokenSource();

        var start = login.StartAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
    }

    [Fact]
    public async Task WrongDatabaseKeyLeavesTheLoginInErrorWithAPlainReason()
    {
        var account = new FakeTelegramAccount(new ScriptedTdClient()) { WrongDatabaseKey = true };
        using var login = NewLogin(account);

        var error = await Assert.ThrowsAsync<TelegramLoginException>(() => login.StartAsync());

        Assert.Equal(TelegramErrorText.WrongDatabaseKey, error.Reason);
        Assert.Equal(new TelegramLoginState(TelegramLoginStatus.Error, TelegramErrorText.WrongDatabaseKey), login.State);
        Assert.Equal("error", login.State.WireName);
    }

    [Fact]
    public async Task CodeIsRefusedWhenTelegramIsNotWaitingForOne()
    {
        var account = new FakeTelegramAccount(new ScriptedTdClient());
        using var login = NewLogin(account);
        await login.StartAsync();

        var error = await Assert.ThrowsAsync<TelegramLoginException>(() => login.SubmitCodeAsync(FakeTelegramAccount.Code));

        Assert.Equal("Telegram is not waiting for a login code now (status: login_required).", error.Reason);
        Assert.Empty(account.Client.RequestsOfType("checkAuthenticationCode"));
    }

    [Fact]
    public async Task LogsNeverContainThePhoneTheCodeOrThePassword()
    {
        var account = new FakeTelegramAccount(new ScriptedTdClient()) { HasPassword = true };
        var logger = new RecordingLogger<TelegramLogin>();
        using var login = new TelegramLogin(account.Client, Settings(), logger: logger);

        await login.StartAsync();
        await login.SubmitPhoneAsync(FakeTelegramAccount.Phone);
        await Assert.ThrowsAsync<TelegramLoginException>(() => login.SubmitCodeAsync("13579"));
        await login.SubmitCodeAsync(FakeTelegramAccount.Code);
        await Assert.ThrowsAsync<TelegramLoginException>(() => login.SubmitPasswordAsync("guess 1"));
        await login.SubmitPasswordAsync(FakeTelegramAccount.TwoStepPassword);

        var log = string.Join('\n', logger.Lines);
        Assert.Contains("ready", log);
        foreach (var secret in new[] { FakeTelegramAccount.Phone, "998901234567", FakeTelegramAccount.Code, "13579", FakeTelegramAccount.TwoStepPassword, "guess 1", SessionKey })
        {
            Assert.DoesNotContain(secret, log);
        }
    }

    private static TelegramLogin NewLogin(FakeTelegramAccount account) => new(account.Client, Settings());

    private static TdlibSettings Settings() => new()
    {
        ApiId = 1,
        ApiHash = "api-hash",
        DatabaseDirectory = "/sessions/card-1",
        DatabaseEncryptionKey = TdlibKeys.DatabaseEncryptionKey(SessionKey),
    };
}
