using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Paycue.Grains.BankMessages;

/// <summary>The input and output format of <c>paycue parse</c>.</summary>
public static class BankMessageFile
{
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Messages separated by lines holding only <c>-----</c>, in order. Lines starting with <c>#</c> are comments
    /// (bank bots never start a line with one), and blocks with nothing else are skipped.
    /// </summary>
    public static IEnumerable<string> Split(TextReader reader)
    {
        var block = new List<string>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Trim() == "-----")
            {
                if (Join(block) is { } message)
                {
                    yield return message;
                }

                block.Clear();
                continue;
            }

            if (!line.StartsWith('#'))
            {
                block.Add(line);
            }
        }

        if (Join(block) is { } last)
        {
            yield return last;
        }
    }

    /// <summary>
    /// One JSON object on one line; absent fields are null, and anything not a credit or debit is
    /// <c>{"kind":"other","reason":"…"}</c>. <c>format</c> says whose format it was (<c>humo</c>, <c>uzcard</c>), and
    /// <c>reason</c>, present only when the message may not confirm a payment, says why (<see cref="NotACreditReason"/>).
    /// </summary>
    public static string ToJsonLine(ParsedBankMessage parsed)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            json.WriteStartObject();
            if (parsed.Kind == BankMessageKind.Other)
            {
                json.WriteString("kind", "other");
                json.WriteString("reason", parsed.Reason.Code());
                if (parsed.Format != BankFormat.Unknown)
                {
                    json.WriteString("format", FormatName(parsed.Format));
                }
            }
            else
            {
                json.WriteString("kind", parsed.Kind == BankMessageKind.Credit ? "credit" : "debit");
                WriteNumber(json, "amount_tiyin", parsed.AmountTiyin);
                json.WriteString("currency", parsed.Currency);
                json.WriteString("scheme", parsed.Scheme switch
                {
                    CardScheme.Humocard => "HUMOCARD",
                    CardScheme.Uzcard => "UZCARD",
                    CardScheme.Visa => "VISA",
                    CardScheme.Mastercard => "MASTERCARD",
                    _ => null,
                });
                json.WriteString("last4", parsed.Last4);
                json.WriteString("source", parsed.Source);
                json.WriteString("time", parsed.BankTime?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
                WriteNumber(json, "balance_tiyin", parsed.BalanceTiyin);
                json.WriteString("format", FormatName(parsed.Format));
                if (!parsed.CanConfirm)
                {
                    json.WriteString("reason", parsed.Reason.Code());
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? FormatName(BankFormat format) => format switch
    {
        BankFormat.Humo => "humo",
        BankFormat.Uzcard => "uzcard",
        _ => null,
    };

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string? Join(List<string> lines)
    {
        var text = string.Join('\n', lines).Trim('\n', '\r', ' ');
        return text.Length == 0 ? null : text;
    }
}
