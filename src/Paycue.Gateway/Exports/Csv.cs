using System.Globalization;
using System.Text;

namespace Paycue.Gateway.Exports;

/// <summary>
/// RFC 4180 rows: comma-separated, CRLF-terminated, a field quoted when it holds a comma, quote or line break. A text
/// field that a spreadsheet would run as a formula (it starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
/// carriage return: an order id or a card owner comes from outside) is written quoted with a leading <c>'</c>, as
/// OWASP's CSV injection advice says; number columns (amounts we format ourselves) are written as they are.
/// </summary>
public static class Csv
{
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The first characters that make Excel, LibreOffice or Google Sheets read a cell as a formula.</summary>
    public const string FormulaStarts = "=+-@\t\r";

    /// <summary>A row of text fields (every one guarded against formula injection).</summary>
    public static void WriteRow(TextWriter writer, params ReadOnlySpan<string?> fields) => WriteRow(writer, fields, default);

    /// <summary>A row where <paramref name="numbers"/>[i] marks field i as a number we wrote (written unprefixed).</summary>
    public static void WriteRow(TextWriter writer, ReadOnlySpan<string?> fields, ReadOnlySpan<bool> numbers)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            WriteField(writer, fields[i], i < numbers.Length && numbers[i]);
        }

        writer.Write("\r\n");
    }

    private static void WriteField(TextWriter writer, string? field, bool number)
    {
        if (string.IsNullOrEmpty(field))
        {
            return;
        }

        var formula = !number && FormulaStarts.Contains(field[0], StringComparison.Ordinal);
        if (!formula && field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(field);
            return;
        }

        writer.Write('"');
        if (formula)
        {
            writer.Write('\'');
        }

        writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    /// <summary>So'm with exactly two decimals, from integer tiyin by integer arithmetic (12345 tiyin: "123.45").</summary>
    public static string Som(long tiyin)
    {
        var sign = tiyin < 0 ? "-" : "";
        var magnitude = tiyin < 0 ? -(decimal)tiyin : tiyin; // decimal: exact, and |long.MinValue| fits
        var whole = decimal.Truncate(magnitude / 100);
        var cents = magnitude - (whole * 100);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{whole:0}.{cents:00}");
    }
}
