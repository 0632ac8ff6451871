using System.Text.Json;

namespace Paycue.Gateway.Cli;

/// <summary><c>paycue payments show|resolve|dismiss PAYMENT_ID</c>: deciding about stray money (issue 18).</summary>
public static partial class PaymentsCommand
{
    private const int MaxNoteLength = 500;

    private static async Task<int> ShowAsync(CliArguments arguments, CliContext context)
    {
        arguments.Allow("payments show");
        var id = PaymentId(arguments, "payments show");
        using var api = context.Connect(arguments);
        return context.Finish(await api.GetAsync($"api/payments/{Uri.EscapeDataString(id)}"), arguments, (detail, output) =>
        {
            WritePayment(detail.GetProperty("payment"), output);
            var table = new TextTable("CANDIDATE", "AMOUNT (so'm)>", "DIFFERS BY>", "STATE", "CREATED", "WHY");
            foreach (var c in detail.Items("candidates"))
            {
                var tx = c.GetProperty("transaction");
                table.Add(tx.Field("transaction_id"), tx.Field("amount"), c.Field("amount_differs_by"), tx.Field("state"), tx.Time("created_at"),
                    string.Join(", ", c.Items("why").Select(JsonText.Text)));
            }

            output.WriteLine();
            if (table.Count == 0)
            {
                output.WriteLine("No candidates: no open or recently cancelled transaction on this card is within LIMIT of this amount.");
                return;
            }

            table.WriteTo(output);
            output.WriteLine($"Attach it with: paycue payments resolve {id} --transaction ID");
        });
    }

    private static async Task<int> ResolveAsync(CliArguments arguments, CliContext context)
    {
        arguments.Allow("payments resolve", "--transaction", "--note");
        var id = PaymentId(arguments, "payments resolve");
        var transaction = arguments.Value("--transaction")
            ?? throw new CliUsageException("'payments resolve' needs --transaction ID, the transaction this credit paid (paycue payments show lists candidates).");
        if (!Guid.TryParseExact(transaction, "D", out var transactionId))
        {
            throw new CliUsageException($"--transaction must be a transaction ID such as 622ea789-5b4c-4e6a-a76b-415ac144eb34; got '{(transaction.Length > 64 ? transaction[..64] + "..." : transaction)}'.");
        }

        var note = Note(arguments, required: false);
        using var api = context.Connect(arguments);
        var body = JsonSerializer.Serialize(new Dictionary<string, string?> { ["transaction_id"] = transactionId.ToString("D"), ["note"] = note });
        return context.Finish(await api.PostAsync($"api/payments/{Uri.EscapeDataString(id)}/resolve", body), arguments, (decision, output) =>
        {
            var tx = decision.GetProperty("transaction");
            output.WriteLine($"Resolved: transaction {tx.Field("transaction_id")} is confirmed; a confirm webhook with resolution manual follows.");
            WritePayment(decision.GetProperty("payment"), output);
        });
    }

    private static async Task<int> DismissAsync(CliArguments arguments, CliContext context)
    {
        arguments.Allow("payments dismiss", "--note");
        var id = PaymentId(arguments, "payments dismiss");
        var note = Note(arguments, required: true);
        using var api = context.Connect(arguments);
        var body = JsonSerializer.Serialize(new Dictionary<string, string?> { ["note"] = note });
        return context.Finish(await api.PostAsync($"api/payments/{Uri.EscapeDataString(id)}/dismiss", body), arguments, (decision, output) =>
        {
            output.WriteLine("Dismissed: the credit is off the unmatched list.");
            WritePayment(decision.GetProperty("payment"), output);
        });
    }

    private static string PaymentId(CliArguments arguments, string command)
    {
        arguments.ExpectWords(command, 2, 1, "a PAYMENT_ID from paycue payments --json (payment_id), such as sandbox-1:424242:1733140000000");
        return arguments.Words[2];
    }

    private static string? Note(CliArguments arguments, bool required)
    {
        var note = arguments.Value("--note");
        if (required && string.IsNullOrWhiteSpace(note))
        {
            throw new CliUsageException("'payments dismiss' needs --note, how the credit was handled, such as --note \"refunded to payer\".");
        }

        return note is { Length: > MaxNoteLength } ? throw new CliUsageException($"--note must be at most {MaxNoteLength} characters.") : note;
    }

    private static void WritePayment(JsonElement payment, TextWriter output)
    {
        var resolution = payment.TryGetProperty("resolution", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        var fields = new List<(string Label, string? Value)>
        {
            ("payment", payment.Field("payment_id")),
            ("amount", payment.Som("amount")),
            ("card", payment.Field("card_id")),
            ("received", payment.Time("received_at")),
            ("status", payment.Field("status")),
            ("outcome", payment.Field("outcome")),
            ("transaction", payment.Field("transaction_id")),
            ("decided", resolution.ValueKind == JsonValueKind.Object
                ? $"{resolution.Field("status")} by {resolution.Field("by")} at {resolution.Time("at")}{(resolution.Field("transaction_id") is { } t ? $", transaction {t}" : "")}"
                : null),
            ("note", resolution.ValueKind == JsonValueKind.Object ? resolution.Field("note") : null),
        };
        var width = fields.Max(f => f.Label.Length);
        foreach (var (label, value) in fields.Where(f => f.Value is not null))
        {
            output.WriteLine($"{label.PadRight(width)}  {value}");
        }
    }
}
