namespace Paycue.Gateway.Cli;

/// <summary><c>paycue alerts</c> (GET /api/alerts) and <c>paycue alerts test</c> (POST /api/alerts/test).</summary>
public static class AlertsCommand
{
    public static async Task<int> RunAsync(CliArguments arguments, CliContext context)
    {
        if (arguments.Words is ["alerts", "test", ..])
        {
            arguments.Allow("alerts test");
            arguments.ExpectWords("alerts test", 2, 0, "no words after it");
            using var api = context.Connect(arguments);
            var response = await api.PostAsync("api/alerts/test", "{}");
            if (!response.IsSuccess && response.StatusCode is 409 or 502)
            {
                // The service's sentence says what to fix (a missing key, or what the Bot API said); never the token.
                context.Error.WriteLine($"paycue: the test message was not sent: {response.Detail}");
                return ExitCodes.ForHttpStatus(response.StatusCode);
            }

            return context.Finish(response, arguments, (data, output) =>
                output.WriteLine($"Sent. The alert chat should now show: {data.Field("text")}"));
        }

        arguments.Allow("alerts");
        arguments.ExpectWords("alerts", 1, 0, "no words after it but test");
        using var client = context.Connect(arguments);
        return context.Finish(await client.GetAsync("api/alerts"), arguments, (alerts, output) =>
        {
            var table = new TextTable("STATE", "KIND", "CARD", "OPENED", "SENT", "TEXT");
            foreach (var alert in alerts.Items())
            {
                table.Add(alert.Field("state"), alert.Field("kind"), alert.Field("last4") is { } l ? "*" + l : alert.Field("card_id"),
                    alert.Field("opened_at"), alert.Field("pending_messages") == "0" ? "yes" : $"pending: {alert.Field("last_error") ?? "waiting"}",
                    alert.Field("text"));
            }

            if (table.Count == 0)
            {
                output.WriteLine("No alerts.");
                return;
            }

            table.WriteTo(output);
        });
    }
}
