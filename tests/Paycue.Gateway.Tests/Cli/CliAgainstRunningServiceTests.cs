using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Paycue.Gateway.Tests.Cli;

/// <summary>The real <c>paycue</c> command line, as child processes, against a real all-in-one service.</summary>
public sealed partial class CliAgainstRunningServiceTests(RunningPaycue service) : IClassFixture<RunningPaycue>
{
    private static long uniqueAmount = 300_000 + (Random.Shared.Next(0, 1000) * 1000);

    [GeneratedRegex(@"^id\s+([0-9a-f-]{36})$", RegexOptions.Multiline)]
    private static partial Regex IdLine();

    [GeneratedRegex(@"^amount\s+(\S+) so'm$", RegexOptions.Multiline)]
    private static partial Regex AmountLine();

    /// <summary>A requested amount no other test uses, so the one sandbox card never has to offset.</summary>
    private static long NextAmount() => Interlocked.Add(ref uniqueAmount, 1000);

    private async Task<string> CreateViaApiAsync(long som)
    {
        var response = await service.Api.PostAsync("/api/transactions", PaycueApp.Json($"{{\"amount\": {som}}}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await PaycueApp.DataAsync(response)).GetProperty("transaction_id").GetString()!;
    }

    private static IEnumerable<string> TableIds(string output) => output.Split('\n').Skip(1).Select(l => l.Split(' ')[0]);

    [Fact]
    public async Task CreatePrintsTheAmountToPayAndTheId()
    {
        var som = NextAmount();
        var run = await service.RunAsync("transaction", "create", "--amount", som.ToString());

        Assert.True(run.Code == 0, run.ToString());
        var id = IdLine().Match(run.Out).Groups[1].Value;
        Assert.True(Guid.TryParse(id, out _), run.ToString());
        Assert.Equal(som.ToString(), AmountLine().Match(run.Out).Groups[1].Value);
        Assert.Contains($"Pay exactly {som} so'm to card *0001 (sandbox-1)", run.Out);

        // The service really holds it, with the amount the command printed.
        var tx = await PaycueApp.DataAsync(await service.Api.GetAsync($"/api/transactions/{id}"));
        Assert.Equal(som, tx.GetProperty("amount").GetInt64());
        Assert.Equal("active", tx.GetProperty("state").GetString());
    }

    [Fact]
    public async Task ShowPrintsTheTransaction()
    {
        var som = NextAmount();
        var id = await CreateViaApiAsync(som);

        var run = await service.RunAsync("transaction", "show", id);

        Assert.True(run.Code == 0, run.ToString());
        Assert.Equal(id, IdLine().Match(run.Out).Groups[1].Value);
        Assert.Matches(@"(?m)^state\s+active$", run.Out);
        Assert.Matches(@"(?m)^card\s+sandbox-1 \(\*0001\)$", run.Out);
        Assert.Contains($"{som} so'm", run.Out);
    }

    [Fact]
    public async Task ListFollowsATransactionFromActiveToCancelled()
    {
        var id = await CreateViaApiAsync(NextAmount());

        var active = await service.RunAsync("transaction", "list", "--state", "active");
        Assert.True(active.Code == 0, active.ToString());
        Assert.StartsWith("ID ", active.Out);
        Assert.Contains(id, TableIds(active.Out));

        var cancel = await service.RunAsync("transaction", "cancel", id);
        Assert.True(cancel.Code == 0, cancel.ToString());
        Assert.Matches(@"(?m)^state\s+cancelled$", cancel.Out);

        var cancelled = await service.RunAsync("transaction", "list", "--state", "cancelled", "--limit", "500");
        Assert.True(cancelled.Code == 0, cancelled.ToString());
        Assert.Contains(id, TableIds(cancelled.Out));
        Assert.DoesNotContain(id, TableIds((await service.RunAsync("transaction", "list")).Out));

        // A second cancel is the API's 409: exit 1 with its detail on standard error.
        var again = await service.RunAsync("transaction", "cancel", id);
        Assert.Equal(1, again.Code);
        Assert.Contains("already cancelled", again.Err);
    }

    [Fact]
    public async Task CardsTableShowsTheSandboxCard()
    {
        var run = await service.RunAsync("cards");

        Assert.True(run.Code == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^CARD\s+KIND\s+BANK\s+LAST4\s+STATUS\s+OPEN\s+GAPS\s+REASON$", lines[0]);
        Assert.Matches(@"^sandbox-1\s+sandbox\s+humo\s+0001\s+ready\s+\d+\s+\d+\s+-$", Assert.Single(lines.Skip(1)));
    }

    [Fact]
    public async Task UnmatchedPaymentIsListedWithItsExactAmount()
    {
        // 12345.50 through a double would print as 12345.5: the command must print the API's number text.
        var since = DateTimeOffset.UtcNow.AddSeconds(-2).ToString("O");
        var amount = $"{NextAmount() + 345}.50";
        var pay = await service.Api.PostAsync("/api/sandbox/payments", PaycueApp.Json($"{{\"card_id\": \"sandbox-1\", \"amount\": {amount}}}"));
        Assert.False((await PaycueApp.DataAsync(pay)).GetProperty("matched").GetBoolean());

        var run = await service.RunAsync("payments", "--unmatched", "--since", since);

        Assert.True(run.Code == 0, run.ToString());
        var line = Assert.Single(run.Out.Split('\n'), l => l.Contains($" {amount} "));
        Assert.Matches(@"sandbox-1\s+" + Regex.Escape(amount) + @"\s+unmatched\s+no_open_transaction\s+-\s+PAYCUE SANDBOX P2P$", line);

        var matched = await service.RunAsync("payments", "--matched", "--since", since);
        Assert.True(matched.Code == 0, matched.ToString());
        Assert.DoesNotContain(amount, matched.Out);
    }

    [Fact]
    public async Task JsonOutputIsTheApisData()
    {
        var id = await CreateViaApiAsync(NextAmount());

        var show = await service.RunAsync("transaction", "show", id, "--json");
        Assert.True(show.Code == 0, show.ToString());
        var fromCli = JsonDocument.Parse(show.Out).RootElement;
        var fromApi = await PaycueApp.DataAsync(await service.Api.GetAsync($"/api/transactions/{id}"));
        Assert.True(JsonElement.DeepEquals(fromApi, fromCli), $"CLI: {fromCli}\nAPI: {fromApi}");

        var list = await service.RunAsync("--json", "transaction", "list", "--state", "active");
        Assert.True(list.Code == 0, list.ToString());
        Assert.Contains(JsonDocument.Parse(list.Out).RootElement.EnumerateArray(), t => t.GetProperty("transaction_id").GetString() == id);

        var cards = await service.RunAsync("cards", "--json");
        Assert.Equal("sandbox-1", Assert.Single(JsonDocument.Parse(cards.Out).RootElement.EnumerateArray()).GetProperty("card_id").GetString());

        var payments = await service.RunAsync("payments", "--json", "--limit", "1");
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(payments.Out).RootElement.GetProperty("items").ValueKind);
    }

    [Fact]
    public async Task WrongPasswordExitsWith5AndNeverPrintsIt()
    {
        const string wrong = "not-the-Password-91";
        var run = await PaycueProcess.RunAsync(
            new Dictionary<string, string> { ["PAYCUE_URL"] = service.Url, ["API_USERNAME"] = RunningPaycue.User, ["API_PASSWORD"] = wrong }, ["cards"]);

        Assert.Equal(5, run.Code);
        Assert.Contains("credentials are wrong", run.Err);
        Assert.DoesNotContain(wrong, run.Out + run.Err);

        var flag = await service.RunAsync("cards", "--password", wrong);
        Assert.Equal(5, flag.Code);
        Assert.DoesNotContain(wrong, flag.Out + flag.Err);
    }

    [Fact]
    public async Task CredentialsAndUrlComeFromDotEnvInTheWorkingDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("paycue-cli-env-").FullName;
        try
        {
            var port = new Uri(service.Url).Port;
            await File.WriteAllTextAsync(Path.Combine(directory, ".env"), $"PORT={port}\nAPI_USERNAME={RunningPaycue.User}\nAPI_PASSWORD='{RunningPaycue.Password}'\n");

            var run = await PaycueProcess.RunAsync(new Dictionary<string, string>(), ["cards"], directory);

            Assert.True(run.Code == 0, run.ToString());
            Assert.Contains("sandbox-1", run.Out);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task UnknownIdExitsWith4()
    {
        var id = Guid.NewGuid().ToString();

        var show = await service.RunAsync("transaction", "show", id);
        Assert.Equal(4, show.Code);
        Assert.Contains($"No transaction {id}", show.Err);
        Assert.Equal("", show.Out);

        Assert.Equal(4, (await service.RunAsync("transaction", "cancel", id)).Code);
    }

    [Fact]
    public async Task ServiceDownExitsWith3NamingTheUrl()
    {
        var closed = $"http://127.0.0.1:{FreePort.Next()}";

        var run = await service.RunAsync("cards", "--url", closed);

        Assert.Equal(3, run.Code);
        Assert.Contains($"Cannot reach Paycue at {closed}", run.Err);
    }

    [Theory]
    [InlineData("transaction", "list", "--bogus")]
    [InlineData("transaction", "list", "--state", "paid")]
    [InlineData("transaction", "create")]
    [InlineData("transaction", "create", "--amount", "20k")]
    [InlineData("transaction", "show", "not-an-id")]
    [InlineData("transaction", "frobnicate")]
    [InlineData("cards", "--limit", "5")]
    [InlineData("payments", "--matched", "--unmatched")]
    [InlineData("payments", "--limit", "0")]
    [InlineData("transactoin", "list")]
    public async Task UsageErrorExitsWith2WithAUsageLine(params string[] args)
    {
        var run = await service.RunAsync(args);

        Assert.True(run.Code == 2, run.ToString());
        var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("paycue: ", lines[0]);
        Assert.StartsWith("usage: paycue ", lines[1]);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task CardAddWithoutATerminalExitsWithASentenceInsteadOfWaiting()
    {
        var run = await service.RunAsync("card", "add");

        Assert.Equal(2, run.Code);
        Assert.Contains("no terminal to type the phone number and login code into", run.Err);
    }

    [Fact]
    public async Task HelpListsEveryCommandAndTheExitCodes()
    {
        var run = await service.RunAsync("--help");

        Assert.Equal(0, run.Code);
        foreach (var command in new[] { "transaction create", "transaction show", "transaction cancel", "transaction list", "cards", "card add", "payments", "parse", "help" })
        {
            Assert.Contains($"  {command}", run.Out);
        }

        foreach (var code in new[] { "0  ok", "1  the API answered", "2  usage error", "3  cannot reach", "4  not found", "5  authentication failed" })
        {
            Assert.Contains(code, run.Out);
        }

        var one = await service.RunAsync("help", "transaction", "create");
        Assert.Equal(0, one.Code);
        Assert.StartsWith("usage: paycue transaction create --amount SOM", one.Out);
        Assert.Equal(one.Out, (await service.RunAsync("transaction", "create", "--help")).Out);
    }

    [Fact]
    public async Task VersionPrintsTheProgramsVersion()
    {
        var run = await service.RunAsync("--version");

        Assert.Equal(0, run.Code);
        Assert.Matches(@"^paycue \d+\.\d+\.\d+\S*\n$", run.Out.ReplaceLineEndings("\n"));
    }
}
