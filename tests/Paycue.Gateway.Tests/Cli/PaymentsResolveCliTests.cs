using System.Net;
using System.Text.Json;

namespace Paycue.Gateway.Tests.Cli;

/// <summary><c>paycue payments show|resolve|dismiss</c> as child processes against a real all-in-one service.</summary>
public sealed class PaymentsResolveCliTests(RunningPaycue service) : IClassFixture<RunningPaycue>
{
    private static long uniqueAmount = 500_000 + (Random.Shared.Next(0, 1000) * 1000);

    private static long NextAmount() => Interlocked.Add(ref uniqueAmount, 1000);

    private async Task<JsonElement> CreateViaApiAsync(long som)
    {
        var response = await service.Api.PostAsync("/api/transactions", PaycueApp.Json($"{{\"amount\": {som}}}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await PaycueApp.DataAsync(response);
    }

    private async Task<string> PayViaApiAsync(decimal som) =>
        (await PaycueApp.DataAsync(await service.Api.PostAsync("/api/sandbox/payments", PaycueApp.Json($"{{\"card_id\": \"sandbox-1\", \"amount\": {som}}}"))))
            .GetProperty("payment_id").GetString()!;

    [Fact]
    public async Task ShowSuggestsAndResolveConfirmsTheTransactionByHand()
    {
        var tx = await CreateViaApiAsync(NextAmount());
        var id = tx.GetProperty("transaction_id").GetString()!;
        var paymentId = await PayViaApiAsync(tx.GetProperty("amount").GetDecimal() - 1);

        var show = await service.RunAsync("payments", "show", paymentId);
        Assert.True(show.Code == 0, show.ToString());
        var line = Assert.Single(show.Out.Split('\n'), l => l.StartsWith(id, StringComparison.Ordinal));
        Assert.Matches(@"\s-1\s+active\s.*open, amount_differs$", line);

        var resolve = await service.RunAsync("payments", "resolve", paymentId, "--transaction", id, "--note", "rounded down");
        Assert.True(resolve.Code == 0, resolve.ToString());
        Assert.Contains($"Resolved: transaction {id} is confirmed", resolve.Out);
        Assert.Matches(@"(?m)^decided\s+resolved by operator at .*, transaction " + id + "$", resolve.Out);
        Assert.Matches(@"(?m)^note\s+rounded down$", resolve.Out);

        var view = await PaycueApp.DataAsync(await service.Api.GetAsync($"/api/transactions/{id}"));
        Assert.Equal(("confirmed", "manual"), (view.GetProperty("state").GetString(), view.GetProperty("confirmed_by").GetString()));
        var shown = await service.RunAsync("transaction", "show", id);
        Assert.Matches(@"(?m)^confirmed by\s+manual$", shown.Out);
        Assert.Matches(@"(?m)^resolved with\s+" + System.Text.RegularExpressions.Regex.Escape(paymentId) + "$", shown.Out);

        // Running it again is safe.
        Assert.Equal(0, (await service.RunAsync("payments", "resolve", paymentId, "--transaction", id)).Code);
    }

    [Fact]
    public async Task DismissTakesTheCreditOffTheUnmatchedListAndAResolveAfterItIsAnError()
    {
        var amount = NextAmount() + 77;
        var paymentId = await PayViaApiAsync(amount);

        var dismiss = await service.RunAsync("payments", "dismiss", paymentId, "--note", "refunded to payer");
        Assert.True(dismiss.Code == 0, dismiss.ToString());
        Assert.Contains("Dismissed: the credit is off the unmatched list.", dismiss.Out);

        var dismissed = await service.RunAsync("payments", "--dismissed");
        Assert.Contains($" {amount} ", dismissed.Out);
        Assert.DoesNotContain($" {amount} ", (await service.RunAsync("payments", "--unmatched")).Out);

        var tx = await CreateViaApiAsync(NextAmount());
        var late = await service.RunAsync("payments", "resolve", paymentId, "--transaction", tx.GetProperty("transaction_id").GetString()!);
        Assert.Equal(1, late.Code);
        Assert.Contains("dismissed", late.Err);

        Assert.Equal(4, (await service.RunAsync("payments", "show", "sandbox-1:1:1")).Code);
    }

    [Theory]
    [InlineData("payments", "resolve")]
    [InlineData("payments", "resolve", "sandbox-1:1:1")]
    [InlineData("payments", "resolve", "sandbox-1:1:1", "--transaction", "order-17")]
    [InlineData("payments", "dismiss", "sandbox-1:1:1")]
    [InlineData("payments", "dismiss", "sandbox-1:1:1", "--transaction", "622ea789-5b4c-4e6a-a76b-415ac144eb34", "--note", "x")]
    [InlineData("payments", "frobnicate")]
    [InlineData("payments", "--resolved", "--dismissed")]
    public async Task UsageErrorExitsWith2WithAUsageLine(params string[] args)
    {
        var run = await service.RunAsync(args);

        Assert.True(run.Code == 2, run.ToString());
        var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("paycue: ", lines[0]);
        Assert.StartsWith("usage: paycue payments", lines[1]);
    }

    [Fact]
    public async Task HelpNamesTheNewCommands()
    {
        var general = await service.RunAsync("--help");
        foreach (var command in new[] { "payments show PAYMENT_ID", "payments resolve PAYMENT_ID --transaction ID", "payments dismiss PAYMENT_ID --note TEXT" })
        {
            Assert.Contains($"  {command}", general.Out);
        }

        var resolve = await service.RunAsync("help", "payments", "resolve");
        Assert.StartsWith("usage: paycue payments resolve PAYMENT_ID --transaction ID [--note TEXT]", resolve.Out);
        Assert.Equal(resolve.Out, (await service.RunAsync("payments", "resolve", "--help")).Out);
        Assert.StartsWith("usage: paycue payments dismiss PAYMENT_ID --note TEXT", (await service.RunAsync("help", "payments", "dismiss")).Out);
    }
}
