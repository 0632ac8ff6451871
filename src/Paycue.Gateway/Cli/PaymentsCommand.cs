using System.Globalization;
using System.Text.RegularExpressions;
using Paycue.Grains.Configuration;

namespace Paycue.Gateway.Cli;

/// <summary><c>paycue payments</c>: the ledger of credits the bank bot reported (<c>GET /api/payments</c>).</summary>
public static partial class PaymentsCommand
{
    /// <summary>An age such as 30m or 2h; a bare number is not one (it would be ambiguous next to a time).</summary>
    [GeneratedRegex(@"^\d{1,9}(s|m|h|d)$", RegexOptions.IgnoreCase)]
    private static partial Regex AgePattern();

    public static Task<int> RunAsync(CliArguments arguments, CliContext context) => arguments.Words switch
    {
        [_, "show", ..] => ShowAsync(arguments, context),
        [_, "resolve", ..] => ResolveAsync(arguments, context),
        [_, "dismiss", ..] => DismissAsync(arguments, context),
        _ => ListAsync(arguments, context),
    };

    private static async Task<int> ListAsync(CliArguments arguments, CliContext context)
    {
        arguments.Allow("payments", "--unmatched", "--matched", "--resolved", "--dismissed", "--since", "--before", "--limit");
        if (arguments.Words.Count > 1)
        {
            throw new CliUsageException($"unknown subcommand 'payments {arguments.Words[1]}'; use show, resolve or dismiss, or no subcommand to list.");
        }

        var statuses = new[] { "unmatched", "matched", "resolved", "dismissed" }.Where(s => arguments.Has($"--{s}")).ToList();
        if (statuses.Count > 1)
        {
            throw new CliUsageException($"give one of --unmatched, --matched, --resolved or --dismissed, not {string.Join(" and ", statuses.Select(s => $"--{s}"))}.");
        }

        var query = new List<string> { $"status={(statuses.Count == 1 ? statuses[0] : "all")}" };
        if (Time(arguments, "--since") is { } since)
        {
            query.Add($"since={Uri.EscapeDataString(since)}");
        }

        if (Time(arguments, "--before") is { } before)
        {
            query.Add($"before={Uri.EscapeDataString(before)}");
        }

        if (arguments.Limit() is { } limit)
        {
            query.Add($"limit={limit}");
        }

        using var api = context.Connect(arguments);
        return context.Finish(await api.GetAsync($"api/payments?{string.Join('&', query)}"), arguments, (page, output) =>
        {
            var table = new TextTable("RECEIVED", "CARD", "AMOUNT (so'm)>", "STATUS", "OUTCOME", "TRANSACTION", "SOURCE");
            foreach (var payment in page.Items("items"))
            {
                table.Add(payment.Time("received_at"), payment.Field("card_id"), payment.Field("amount"), payment.Field("status"), payment.Field("outcome"),
                    payment.Field("transaction_id"), payment.Field("source"));
            }

            if (table.Count == 0)
            {
                output.WriteLine("No payments.");
                return;
            }

            table.WriteTo(output);
            if (page.Field("next_before") is { } next)
            {
                output.WriteLine($"More: add --before {next}");
            }
        });
    }

    /// <summary>A time as the API takes it (ISO 8601, UTC); an age counts back from now.</summary>
    internal static string? Time(CliArguments arguments, string option)
    {
        var text = arguments.Value(option);
        if (text is null)
        {
            return null;
        }

        if (AgePattern().IsMatch(text) && Durations.TryParse(text, out var age))
        {
            return DateTimeOffset.UtcNow.Subtract(age).ToString("O", CultureInfo.InvariantCulture);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)
            : throw new CliUsageException($"{option} must be a time such as 2026-11-29T10:00:00Z or an age such as 30m, 2h or 7d; got '{text}'.");
    }
}
