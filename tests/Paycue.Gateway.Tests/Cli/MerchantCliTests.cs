using System.Text.Json;
using Paycue.Gateway.Cli;

namespace Paycue.Gateway.Tests.Cli;

/// <summary>
/// <c>paycue transaction create</c> with the per-order options, <c>paycue export</c> and <c>paycue webhooks test</c>,
/// run in process against the real program (its HTTP API through the in-memory server).
/// </summary>
public sealed class MerchantCliTests(HttpContractFixture fixture) : IClassFixture<HttpContractFixture>
{
    private async Task<(int Code, string Out, string Err)> RunAsync(PaycueApp app, params string[] args)
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

    [Fact]
    public async Task CreateSendsOrderIdTtlMetadataAndReturnUrl()
    {
        var run = await RunAsync(fixture.App, "transaction", "create", "--amount", "51000", "--order-id", "cli-order-1", "--ttl", "10m",
            "--metadata", "{\"customer\": 7}", "--return-url", "https://shop.example/back", "--json");
        Assert.True(run.Code == 0, run.Err);
        var tx = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("cli-order-1", tx.GetProperty("order_id").GetString());
        Assert.Equal(7, tx.GetProperty("metadata").GetProperty("customer").GetInt32());
        Assert.Equal("https://shop.example/back", tx.GetProperty("return_url").GetString());
        Assert.Equal(TimeSpan.FromMinutes(10), tx.GetProperty("expires_at").GetDateTimeOffset() - tx.GetProperty("created_at").GetDateTimeOffset());

        var people = await RunAsync(fixture.App, "transaction", "show", tx.GetProperty("transaction_id").GetString()!);
        Assert.Matches(@"(?m)^order id\s+cli-order-1$", people.Out);
    }

    [Theory]
    [InlineData("--ttl", "soon", "--ttl must be seconds or a span")]
    [InlineData("--metadata", "[1]", "--metadata must be a JSON object")]
    [InlineData("--metadata", "{oops", "--metadata is not valid JSON")]
    public async Task BadCreateOptionsAreUsageErrors(string option, string value, string expected)
    {
        var run = await RunAsync(fixture.App, "transaction", "create", "--amount", "1000", option, value);
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains(expected, run.Err);
    }

    [Fact]
    public async Task TheApiRefusalOfATtlOutOfRangeIsPrinted()
    {
        var run = await RunAsync(fixture.App, "transaction", "create", "--amount", "1000", "--ttl", "30s");
        Assert.Equal(ExitCodes.ApiError, run.Code);
        Assert.Contains("ttl must be from 60 seconds", run.Err);
    }

    [Fact]
    public async Task ExportWritesTheCsvToStandardOutput()
    {
        var created = await PaycueApp.DataAsync(await fixture.App.Authorized().PostAsync("/api/transactions", PaycueApp.Json("{\"amount\": 52000, \"order_id\": \"cli-export\"}")));
        var run = await RunAsync(fixture.App, "export", "transactions", "--since", "1h", "--state", "active");
        Assert.True(run.Code == 0, run.Err);
        var records = Rfc4180Reader.Read(run.Out);
        Assert.Equal("transaction_id", records[0][0]);
        var row = records.Single(r => r[0] == created.GetProperty("transaction_id").GetString());
        Assert.Equal("cli-export", row[1]);
        Assert.Equal("52000.00", row[4]);

        var payments = await RunAsync(fixture.App, "export", "payments", "--since", "30d", "--unmatched");
        Assert.True(payments.Code == 0, payments.Err);
        Assert.StartsWith("payment_id,card_id,message_id,amount,", payments.Out);

        var bad = await RunAsync(fixture.App, "export", "transactions", "--state", "paid");
        Assert.Equal(ExitCodes.ApiError, bad.Code);
        Assert.Contains("state must be all, active, confirmed or cancelled", bad.Err);
        Assert.Equal(ExitCodes.Usage, (await RunAsync(fixture.App, "export", "refunds")).Code);
    }

    [Fact]
    public async Task WebhooksTestPrintsTheReceiversAnswer()
    {
        var run = await RunAsync(fixture.App, "webhooks", "test");
        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("Webhook receiver OK: HTTP 200", run.Out);

        fixture.Receiver.Script("test", (503, "busy", TimeSpan.Zero));
        var failing = await RunAsync(fixture.App, "webhooks", "test");
        Assert.Equal(ExitCodes.ApiError, failing.Code);
        Assert.Contains("NOT OK: HTTP 503", failing.Out);
        Assert.Contains("It answered: busy", failing.Out);

        await using var noHook = new PaycueApp();
        var none = await RunAsync(noHook, "webhooks", "test");
        Assert.Equal(ExitCodes.ApiError, none.Code);
        Assert.Contains("WEBHOOK_URL is not set", none.Err);
    }
}
