using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Paycue.Gateway.Cli;
using Paycue.Grains.Telegram;
using Paycue.Testing.Telegram;

namespace Paycue.Gateway.Tests.Cli;

/// <summary><c>paycue card add</c> typed into, against the real program with scripted TDLib clients (in memory, no network).</summary>
public sealed class CardCommandTests : IAsyncLifetime
{
    private const string Phone = "+998907654321";

    private readonly FakeTelegramSessions sessions = new();
    private readonly PaycueApp app;

    public CardCommandTests() =>
        app = new PaycueApp(FakeTelegramSessions.Settings(), services => services.AddSingleton<ITelegramSessionFactory>(sessions));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task AddAsksEverythingRetriesAWrongCodeAndEndsReady()
    {
        var typed = string.Join('\n', Phone, "", "9860 1234 5678 4321", "", "Aziza Karimova", "11111", FakeTdAccount.Code, FakeTdAccount.Password) + "\n";

        var (code, output, error) = await RunAsync(typed, interactive: true, "card", "add");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var cardId = TelegramCardIds.FromPhone(Phone);
        Assert.Contains("Last four digits of the card [4321]: ", output);
        Assert.Contains("Two-step verification password: ", output);
        Assert.Contains($"Telegram is connected: card {cardId} is ready.", output);
        Assert.Contains("code is wrong", error);
        foreach (var secret in new[] { Phone, FakeTdAccount.Code, FakeTdAccount.Password })
        {
            Assert.DoesNotContain(secret, output + error);
        }

        var cards = await PaycueApp.DataAsync(await app.Authorized().GetAsync("/api/cards"));
        var card = Assert.Single(cards.EnumerateArray(), c => c.GetProperty("card_id").GetString() == cardId);
        Assert.Equal("ready", card.GetProperty("status").GetString());
        Assert.Equal("4321", card.GetProperty("last4").GetString());
        Assert.Equal("humo", card.GetProperty("bank").GetString());

        // The same phone again, now logged in: an Uzcard card is added beside the first, with no login.
        var again = string.Join('\n', Phone, "visa", "uzcard", "", "8346", "Aziza Karimova") + "\n";
        (code, output, error) = await RunAsync(again, interactive: true, "card", "add");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("'visa' is not a bank Paycue reads", error);
        Assert.Contains($"Card {cardId}.uzcard-8346 (UZCARD) added to account {cardId}.", output);
        Assert.Contains($"Telegram is connected: card {cardId}.uzcard-8346 is ready.", output);
        Assert.DoesNotContain("Login code", output);

        (code, output, _) = await RunAsync("", interactive: false, "cards");
        Assert.Equal(0, code);
        Assert.Contains("BANK", output);
        Assert.Matches(@$"{System.Text.RegularExpressions.Regex.Escape(cardId)}\.uzcard-8346\s+telegram\s+uzcard\s+8346\s+ready", output);
    }

    [Fact]
    public async Task WithoutATerminalItSaysSoAndSendsNothing()
    {
        var (code, output, error) = await RunAsync(Phone + "\n", interactive: false, "card", "add");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("no terminal to type the phone number and login code into", error);
        Assert.Equal("", output);
        Assert.Empty(sessions.Accounts);
    }

    [Fact]
    public async Task InputEndingBeforeTheCodeSaysSo()
    {
        var (code, _, error) = await RunAsync(string.Join('\n', "+998901110000", "", "", "1234", "") + "\n", interactive: true, "card", "add");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("the terminal input ended before the card was logged in", error);
    }

    [Theory]
    [InlineData("card")]
    [InlineData("card", "remove")]
    [InlineData("card", "add", "extra")]
    [InlineData("card", "add", "--limit", "3")]
    public async Task WrongArgumentsAreUsageErrors(params string[] args)
    {
        var (code, _, error) = await RunAsync("", interactive: true, args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("paycue: ", error);
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(string typed, bool interactive, params string[] args)
    {
        _ = app.Server; // starts the program
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new Dictionary<string, string>
        {
            ["PAYCUE_URL"] = "http://localhost",
            ["API_USERNAME"] = PaycueApp.User,
            ["API_PASSWORD"] = PaycueApp.Password,
        };
        var code = await CommandLine.RunAsync(args, new StringReader(typed), output, error, environment.GetValueOrDefault,
            Path.GetTempPath(), interactive, app.Server.CreateHandler());
        return (code, output.ToString(), error.ToString());
    }
}
