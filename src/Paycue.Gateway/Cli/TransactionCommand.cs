using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Paycue.Gateway.Cli;

/// <summary><c>paycue transaction create|show|cancel|list</c>: the <c>/api/transactions</c> resource from a terminal.</summary>
public static partial class TransactionCommand
{
    private static readonly string[] States = ["active", "confirmed", "cancelled"];

    /// <summary>So'm as a plain decimal: the API decides precision and range, this only keeps the JSON well-formed.</summary>
    [GeneratedRegex(@"^\d{1,15}(\.\d{1,2})?$")]
    private static partial Regex SomPattern();

    public static Task<int> RunAsync(CliArguments arguments, CliContext context) => arguments.Words switch
    {
        [_] => throw new CliUsageException("'transaction' needs a subcommand: create, show, cancel or list."),
        [_, "create", ..] => CreateAsync(arguments, context),
        [_, "show", ..] => ShowAsync(arguments, context),
        [_, "cancel", ..] => CancelAsync(arguments, context),
        [_, "list", ..] => ListAsync(arguments, context),
        [_, var other, ..] => throw new CliUsageException($"unknown subcommand 'transaction {other}'; use create, show, cancel or list."),
        _ => throw new CliUsageException("'transaction' needs a subcommand."),
    };

    private static async Task<int> CreateAsync(CliArguments arguments, CliContext context)
    {
        arguments.Allow("transaction create", "--amount", "--card", "--idempotency-key", "--order-id", "--ttl", "--metadata", "--return-url");
        arguments.ExpectWords("transaction create", 2, 0, "no words after it");
        var amount = arguments.Value("--amount") ?? throw new CliUsageException("'transaction create' needs --amount, such as --amount 20000.");
        if (!SomPattern().IsMatch(amount))
        {
            throw new CliUsageException($"--amount must be so'm as a number, such as 20000 or 20000.50; got '{amount}'.");
        }

        var headers = new Dictionary<string, string>();
        if (arguments.Value("--idempotency-key") is { } key)
        {
            headers["Idempotency-Key"] = key.Length is > 0 and <= 200 ? key : throw new CliUsageException("--idempotency-key must be 1 to 200 characters.");
        }

        using var api = context.Connect(arguments);
        var response = await api.PostAsync("api/transactions", CreateBody(amount, arguments.Value("--card"), arguments), headers);
        return context.Finish(response, arguments, (tx, output) =>
        {
            output.WriteLine($"Pay exactly {tx.Som("amount")} to card *{tx.Field("card_last4")} ({tx.Field("card_id")}) before {tx.Time("expires_at")}.");
            WriteTransaction(tx, output);
        });
    }

    private static async Task<int> ShowAsync(CliArguments arguments, CliContext context)
    {
        arguments.Allow("transaction show");
        var id = TransactionId(arguments, "transaction show");
        using var api = context.Connect(arguments);
        return context.Finish(await api.GetAsync($"api/transactions/{id}"), arguments, WriteTransaction);
    }

    private static async Task<int> CancelAsync(CliArguments arguments, CliContext context)
    {
        arguments.Allow("transaction cancel");
        var id = TransactionId(arguments, "transaction cancel");
        using var api = context.Connect(arguments);
        return context.Finish(await api.DeleteAsync($"api/transactions/{id}"), arguments, (tx, output) =>
        {
            output.WriteLine("Cancelled; a cancel webhook follows.");
            WriteTransaction(tx, output);
        });
    }

    private static async Task<int> ListAsync(CliArguments arguments, CliContext context)
    {
        arguments.Allow("transaction list", "--state", "--limit");
        arguments.ExpectWords("transaction list", 2, 0, "no words after it");
        var state = arguments.Value("--state")?.ToLowerInvariant() ?? "active";
        if (!States.Contains(state))
        {
            throw new CliUsageException($"--state must be active, confirmed or cancelled; got '{arguments.Value("--state")}'.");
        }

        var query = $"api/transactions?state={state}";
        if (arguments.Limit() is { } limit)
        {
            query += $"&limit={limit}";
        }

        using var api = context.Connect(arguments);
        return context.Finish(await api.GetAsync(query), arguments, (list, output) =>
        {
            var table = new TextTable("ID", "AMOUNT (so'm)>", "REQUESTED>", "CARD", "STATE", "CREATED", state == "active" ? "EXPIRES" : "CLOSED");
            foreach (var tx in list.Items())
            {
                table.Add(tx.Field("transaction_id"), tx.Field("amount"), tx.Field("requested_amount"), tx.Field("card_id"), tx.Field("state"), tx.Time("created_at"),
                    state == "active" ? tx.Time("expires_at") : tx.Time("confirmed_at") ?? tx.Time("cancelled_at"));
            }

            if (table.Count == 0)
            {
                output.WriteLine($"No {state} transactions.");
                return;
            }

            table.WriteTo(output);
        });
    }

    /// <summary>Checked here so a typo is a usage error (exit 2) instead of a round trip.</summary>
    private static string TransactionId(CliArguments arguments, string command)
    {
        arguments.ExpectWords(command, 2, 1, "a transaction ID, such as 622ea789-5b4c-4e6a-a76b-415ac144eb34");
        var id = arguments.Words[2];
        return Guid.TryParseExact(id, "D", out var parsed)
            ? parsed.ToString("D")
            : throw new CliUsageException($"'{(id.Length > 64 ? id[..64] + "..." : id)}' is not a transaction ID; IDs look like 622ea789-5b4c-4e6a-a76b-415ac144eb34.");
    }

    /// <summary>--ttl as whole seconds: 600, or with a unit such as 10m, 2h, 1d (the API takes 60 to 86400).</summary>
    private static long? TtlSeconds(CliArguments arguments)
    {
        if (arguments.Value("--ttl") is not { } text)
        {
            return null;
        }

        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }

        return Paycue.Grains.Configuration.Durations.TryParse(text, out var ttl) && char.IsAsciiLetter(text[^1]) && ttl.Ticks % TimeSpan.TicksPerSecond == 0
            ? (long)ttl.TotalSeconds
            : throw new CliUsageException($"--ttl must be seconds or a span such as 600, 10m, 2h or 1d; got '{text}'.");
    }

    private static string CreateBody(string amount, string? cardId, CliArguments arguments)
    {
        JsonElement? metadata = null;
        if (arguments.Value("--metadata") is { } json)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                metadata = document.RootElement.ValueKind == JsonValueKind.Object
                    ? document.RootElement.Clone()
                    : throw new CliUsageException("--metadata must be a JSON object, such as '{\"customer\": \"42\"}'.");
            }
            catch (JsonException)
            {
                throw new CliUsageException("--metadata is not valid JSON; give a JSON object, such as '{\"customer\": \"42\"}'.");
            }
        }

        var ttl = TtlSeconds(arguments);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("amount");
            writer.WriteRawValue(amount);
            if (cardId is not null)
            {
                writer.WriteString("card_id", cardId);
            }

            if (arguments.Value("--order-id") is { } orderId)
            {
                writer.WriteString("order_id", orderId);
            }

            if (metadata is { } m)
            {
                writer.WritePropertyName("metadata");
                m.WriteTo(writer);
            }

            if (ttl is { } seconds)
            {
                writer.WriteNumber("ttl", seconds);
            }

            if (arguments.Value("--return-url") is { } returnUrl)
            {
                writer.WriteString("return_url", returnUrl);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteTransaction(JsonElement tx, TextWriter output)
    {
        var webhook = tx.TryGetProperty("webhook", out var w) ? w : default;
        var fields = new List<(string Label, string? Value)>
        {
            ("id", tx.Field("transaction_id")),
            ("order id", tx.Field("order_id")),
            ("amount", tx.Som("amount")),
            ("requested", tx.Som("requested_amount")),
            ("card", $"{tx.Field("card_id")} (*{tx.Field("card_last4")})"),
            ("state", tx.Field("state")),
            ("created", tx.Time("created_at")),
            ("expires", tx.Time("expires_at")),
            ("confirmed", tx.Time("confirmed_at")),
            ("cancelled", tx.Time("cancelled_at")),
            ("cancel reason", tx.Field("cancel_reason")),
            ("confirmed by", tx.Field("confirmed_by")),
            ("resolved with", tx.Field("resolved_payment_id")),
            ("pay url", tx.Field("pay_url")),
            ("webhook", webhook.ValueKind == JsonValueKind.Object
                ? $"{webhook.Field("status")}, {webhook.Field("attempts")} attempt(s){(webhook.Field("event_id") is { } eventId ? $", event {eventId}" : "")}"
                : null),
        };
        var width = fields.Max(f => f.Label.Length);
        foreach (var (label, value) in fields.Where(f => f.Value is not null))
        {
            output.WriteLine($"{label.PadRight(width)}  {value}");
        }

        var events = new TextTable("EVENT", "ACTION", "STATUS", "ATTEMPTS>", "NEXT ATTEMPT");
        foreach (var e in tx.Items("webhook_events"))
        {
            events.Add(e.Field("event_id"), e.Field("action"), e.Field("status"), e.Field("attempts"), e.Time("next_attempt_at"));
        }

        if (events.Count > 0)
        {
            output.WriteLine();
            events.WriteTo(output);
        }
    }
}
