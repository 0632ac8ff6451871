using System.Globalization;

namespace Paycue.Grains;

/// <summary>
/// Conversions between tiyin (the integer every amount is kept in) and the so'm numbers the API speaks.
/// Text in, text out: no binary floating point ever touches an amount.
/// </summary>
public static class Money
{
    public const long TiyinPerSom = 100;

    /// <summary>The largest amount the API accepts: 1,000,000,000 so'm.</summary>
    public const long MaxTiyin = 1_000_000_000L * TiyinPerSom;

    /// <summary>So'm as a JSON number: <c>20001</c> when whole, else <c>20001.05</c>.</summary>
    public static string ToSomText(long tiyin)
    {
        var sign = tiyin < 0 ? "-" : "";
        var abs = Math.Abs(tiyin);
        var som = abs / TiyinPerSom;
        var rest = abs % TiyinPerSom;
        return rest == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{sign}{som}")
            : string.Create(CultureInfo.InvariantCulture, $"{sign}{som}.{rest:00}");
    }

    /// <summary>
    /// Parses a so'm amount written as a JSON number or numeric string (<c>20000</c>, <c>20000.5</c>, <c>2e4</c>)
    /// into tiyin, digit by digit. Returns an error sentence instead of throwing.
    /// </summary>
    public static bool TryParseSom(string text, bool wholeSomOnly, out long tiyin, out string? error)
    {
        tiyin = 0;
        error = null;
        if (!TrySplit(text.Trim(), out var negative, out var digits, out var pointPosition))
        {
            error = "amount must be a number of so'm, such as 20000.";
            return false;
        }

        // digits with the decimal point after pointPosition digits; drop leading zeros of the whole part.
        var whole = pointPosition <= 0 ? "" : digits[..Math.Min(pointPosition, digits.Length)].PadRight(pointPosition, '0').TrimStart('0');
        var fraction = pointPosition >= digits.Length ? "" : (pointPosition < 0 ? new string('0', -pointPosition) + digits : digits[pointPosition..]);
        fraction = fraction.TrimEnd('0');
        var isZero = whole.Length == 0 && fraction.Length == 0;
        if (negative || isZero)
        {
            error = "amount must be greater than 0.";
            return false;
        }

        if (whole.Length > 10 || (whole.Length == 10 && string.CompareOrdinal(whole, "1000000000") > 0) || (whole == "1000000000" && fraction.Length > 0))
        {
            error = "amount must be at most 1000000000 so'm.";
            return false;
        }

        if (fraction.Length > 2)
        {
            error = "amount has more than two decimals; so'm have 100 tiyin, so write at most two digits after the point.";
            return false;
        }

        if (wholeSomOnly && fraction.Length > 0)
        {
            error = "amount must be a whole number of so'm (AMOUNT_PRECISION is som); drop the decimals or set AMOUNT_PRECISION=tiyin.";
            return false;
        }

        var som = whole.Length == 0 ? 0 : long.Parse(whole, CultureInfo.InvariantCulture);
        var rest = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture);
        tiyin = (som * TiyinPerSom) + rest;
        return true;
    }

    /// <summary>Splits <c>-12.5e3</c> into sign, the digits <c>125</c> and where the point falls (<c>5</c>).</summary>
    private static bool TrySplit(string text, out bool negative, out string digits, out int pointPosition)
    {
        negative = false;
        digits = "";
        pointPosition = 0;
        var i = 0;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }

        var mantissa = new System.Text.StringBuilder();
        var seenPoint = false;
        var wholeDigits = 0;
        for (; i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'); i++)
        {
            if (text[i] == '.')
            {
                if (seenPoint)
                {
                    return false;
                }

                seenPoint = true;
                continue;
            }

            if (mantissa.Length >= 64)
            {
                return false;
            }

            mantissa.Append(text[i]);
            if (!seenPoint)
            {
                wholeDigits++;
            }
        }

        if (mantissa.Length == 0)
        {
            return false;
        }

        var exponent = 0;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            var exponentText = text[i..];
            if (!int.TryParse(exponentText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) || Math.Abs(exponent) > 64)
            {
                return false;
            }

            i = text.Length;
        }

        if (i != text.Length)
        {
            return false;
        }

        digits = mantissa.ToString();
        pointPosition = wholeDigits + exponent;
        return true;
    }
}
