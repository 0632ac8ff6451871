using System.Globalization;
using System.Text;

namespace Paycue.Gateway.Exports;

/// <summary>RFC 4180 rows: comma-separated, CRLF-terminated, a field quoted when it holds a comma, quote or line break.</summary>
public static class Csv
{
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static void WriteRow(TextWriter writer, params ReadOnlySpan<string?> fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            WriteField(writer, fields[i]);
        }

        writer.Write("\r\n");
    }

    private static void WriteField(TextWriter writer, string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return;
        }

        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(field);
            return;
        }

        writer.Write('"');
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
