namespace Paycue.Gateway.Cli;

/// <summary>
/// <c>paycue export payments|transactions</c> (CSV to standard output, from <c>/api/payments.csv</c> and
/// <c>/api/transactions.csv</c>) and <c>paycue webhooks test</c> (<c>POST /api/webhooks/test</c>).
/// </summary>
public static class ExportCommand
{
    public static async Task<int> RunAsync(CliArguments arguments, CliContext context)
    {
        var what = arguments.Words switch
        {
            [_] => throw new CliUsageException("'export' needs what to export: payments or transactions."),
            [_, var w] when w is "payments" or "transactions" => w,
            [_, "payments" or "transactions", ..] => throw new CliUsageException("'export' takes no words after payments or transactions."),
            [_, var other, ..] => throw new CliUsageException($"unknown export '{other}'; use payments or transactions."),
            _ => throw new CliUsageException("'export' needs payments or transactions."),
        };
        arguments.Allow($"export {what}", "--since", "--before", "--status", "--state", "--card", "--matched", "--unmatched");
        var query = new List<string>();
        if (PaymentsCommand.Time(arguments, "--since") is { } since)
        {
            query.Add($"since={Uri.EscapeDataString(since)}");
        }

        if (PaymentsCommand.Time(arguments, "--before") is { } before)
        {
            query.Add($"before={Uri.EscapeDataString(before)}");
        }

        var status = arguments.Value("--status") ?? arguments.Value("--state")
            ?? (arguments.Has("--unmatched") ? "unmatched" : arguments.Has("--matched") ? "matched" : null);
        if (status is not null)
        {
            query.Add($"{(what == "payments" ? "status" : "state")}={Uri.EscapeDataString(status)}");
        }

        if (arguments.Value("--card") is { } card)
        {
            query.Add($"card_id={Uri.EscapeDataString(card)}");
        }

        using var api = context.Connect(arguments);
        var error = await api.CopyCsvAsync($"api/{what}.csv{(query.Count == 0 ? "" : "?" + string.Join('&', query))}", context.Out);
        if (error is null)
        {
            return ExitCodes.Ok;
        }

        context.Error.WriteLine($"paycue: {error.Detail ?? $"the service answered HTTP {error.StatusCode}."}");
        return ExitCodes.ForHttpStatus(error.StatusCode);
    }

    public static async Task<int> WebhooksAsync(CliArguments arguments, CliContext context)
    {
        if (arguments.Words is not [_, "test"])
        {
            throw new CliUsageException(arguments.Words is [_] ? "'webhooks' needs a subcommand: test." : "unknown subcommand; use 'webhooks test'.");
        }

        arguments.Allow("webhooks test");
        using var api = context.Connect(arguments);
        var response = await api.PostAsync("api/webhooks/test", "{}");
        var code = context.Finish(response, arguments, (result, output) =>
        {
            var status = result.Field("http_status") is { } s ? $"HTTP {s}" : "no HTTP answer";
            output.WriteLine(result.Field("ok") == "true"
                ? $"Webhook receiver OK: {status} in {result.Field("latency_ms")} ms."
                : $"Webhook receiver NOT OK: {status} after {result.Field("latency_ms")} ms: {result.Field("error")}");
            if (result.Field("response") is { Length: > 0 } body)
            {
                output.WriteLine($"It answered: {body}");
            }
        });

        // A receiver that does not accept the test would not accept a real webhook either: scripts see exit code 1.
        return code == ExitCodes.Ok && response.Data.TryGetProperty("ok", out var ok) && ok.ValueKind == System.Text.Json.JsonValueKind.False ? ExitCodes.ApiError : code;
    }
}
