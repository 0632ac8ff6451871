using System.Globalization;

namespace Paycue.Grains.BankMessages;

/// <summary>
/// Reads @HUMOcardbot and @CardXabarBot notifications. A hand-written scanner: linear in the input, no regular
/// expressions that could backtrack, no exceptions for bad input (anything not understood is
/// <see cref="ParsedBankMessage.Other"/>). Strict where money is concerned: an amount whose digit grouping is not
/// exactly what the bots print is not an amount.
/// </summary>
public static class BankMessageParser
{
    private const string Plus = "➕";
    private const string Minus = "➖";
    private const string Card = "💳";
    private const string Place = "📍";
    private const string Clock = "🕓";
    private const string HumoBalance = "💰";
    private const string UzcardBalance = "💵";
    private const int MaxWholeDigits = 13;

    private static readonly TimeSpan Tashkent = TimeSpan.FromHours(5);

    /// <summary>Every emoji that starts a field; in flattened one-line messages they are the only separators.</summary>
    private static readonly string[] Markers = ["🎉", Plus, Minus, Place, Card, Clock, HumoBalance, UzcardBalance, "💸", "🔴", "🟠", "🟢", "🟡", "🔵"];

    public static ParsedBankMessage Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return ParsedBankMessage.Other;
        }

        try
        {
            return ParseCore(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            // The scanner is written not to throw; this is the last line of defence for "never crash on input".
            return ParsedBankMessage.Other;
        }
    }

    private static ParsedBankMessage ParseCore(string text)
    {
        // The variation selector (U+FE0F) may follow any emoji; it carries no meaning here.
        if (text.Contains('\uFE0F'))
        {
            text = text.Replace("\uFE0F", "", StringComparison.Ordinal);
        }

        var plus = IndexOfOnly(text, Plus);
        var minus = IndexOfOnly(text, Minus);
        if (plus == -2 || minus == -2 || (plus >= 0) == (minus >= 0))
        {
            // No sign, two signs, or a repeated sign: not a single operation we can trust.
            return ParsedBankMessage.Other;
        }

        var kind = plus >= 0 ? BankMessageKind.Credit : BankMessageKind.Debit;
        var signAt = plus >= 0 ? plus : minus;
        if (!TryReadMoney(FieldAfter(text, signAt + Plus.Length), out var amount, out var currency))
        {
            return ParsedBankMessage.Other;
        }

        var (scheme, last4) = ReadCard(text);
        var source = text.IndexOf(Place, StringComparison.Ordinal) is var p and >= 0 ? NullIfEmpty(FieldAfter(text, p + Place.Length)) : null;
        var time = text.IndexOf(Clock, StringComparison.Ordinal) is var c and >= 0 ? ReadTime(FieldAfter(text, c + Clock.Length)) : null;
        long? balance = null;
        var balanceAt = text.IndexOf(HumoBalance, StringComparison.Ordinal);
        var balanceMarker = HumoBalance;
        if (balanceAt < 0)
        {
            balanceAt = text.IndexOf(UzcardBalance, StringComparison.Ordinal);
            balanceMarker = UzcardBalance;
        }

        if (balanceAt >= 0 && TryReadMoney(FieldAfter(text, balanceAt + balanceMarker.Length), out var balanceTiyin, out var balanceCurrency) && balanceCurrency == currency)
        {
            balance = balanceTiyin;
        }

        return new ParsedBankMessage(kind, amount, currency, scheme, last4, source, time, balance);
    }

    /// <summary>Index of the only occurrence of <paramref name="needle"/>; -1 when absent, -2 when repeated.</summary>
    private static int IndexOfOnly(string text, string needle)
    {
        var first = text.IndexOf(needle, StringComparison.Ordinal);
        if (first < 0)
        {
            return -1;
        }

        return text.IndexOf(needle, first + needle.Length, StringComparison.Ordinal) >= 0 ? -2 : first;
    }

    /// <summary>The text from <paramref name="start"/> to the next line break or field emoji, trimmed.</summary>
    private static string FieldAfter(string text, int start)
    {
        var end = text.IndexOfAny(['\n', '\r'], start);
        if (end < 0)
        {
            end = text.Length;
        }

        foreach (var marker in Markers)
        {
            var at = text.IndexOf(marker, start, end - start, StringComparison.Ordinal);
            if (at >= 0)
            {
                end = at;
            }
        }

        return text[start..end].Trim(SpaceChars);
    }

    private static readonly char[] SpaceChars = [' ', '\t', '\u00A0', '\u202F', '\u2009', '\u2007'];

    private static bool IsSpace(char c) => Array.IndexOf(SpaceChars, c) >= 0;

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    /// <summary>
    /// Reads <c>1.010,00 UZS</c> (Humo: dot or space thousands, comma decimals) or <c>1 100.90 USD</c> (Uzcard:
    /// space thousands, dot decimals) into tiyin and currency.
    /// </summary>
    internal static bool TryReadMoney(string field, out long tiyin, out string currency)
    {
        tiyin = 0;
        currency = "";

        // Currency: the three capital letters right after the number.
        var i = 0;
        while (i < field.Length && (char.IsAsciiDigit(field[i]) || field[i] is '.' or ',' || IsSpace(field[i])))
        {
            i++;
        }

        var number = field[..i].Trim(SpaceChars);
        var rest = field[i..].TrimStart(SpaceChars);
        if (number.Length == 0 || rest.Length < 3 || !char.IsAsciiLetterUpper(rest[0]) || !char.IsAsciiLetterUpper(rest[1]) || !char.IsAsciiLetterUpper(rest[2])
            || (rest.Length > 3 && char.IsAsciiLetter(rest[3])))
        {
            return false;
        }

        currency = rest[..3];
        return TryReadNumber(number, out tiyin);
    }

    private static bool TryReadNumber(string number, out long tiyin)
    {
        tiyin = 0;
        string whole;
        var fraction = "";
        var comma = number.LastIndexOf(',');
        var dot = number.LastIndexOf('.');
        char? thousands;
        if (comma >= 0)
        {
            // Humo: "1.010,00" or "1 010,00". One comma, and it must be the decimal point.
            if (number.IndexOf(',') != comma)
            {
                return false;
            }

            whole = number[..comma];
            fraction = number[(comma + 1)..];
            thousands = null;
            if (whole.Contains('.'))
            {
                thousands = '.';
            }
        }
        else if (dot >= 0 && number.Length - dot - 1 == 2 && number.IndexOf('.') == dot)
        {
            // Uzcard: "1 100.90". A single dot followed by exactly two digits is the decimal point.
            whole = number[..dot];
            fraction = number[(dot + 1)..];
            thousands = null;
        }
        else
        {
            // No decimals: "1.010" (dot thousands) or "1 010".
            whole = number;
            thousands = dot >= 0 ? '.' : null;
        }

        if (fraction.Length is not (0 or 2) || !fraction.All(char.IsAsciiDigit))
        {
            return false;
        }

        if (!TryReadGroups(whole, thousands, out var som))
        {
            return false;
        }

        tiyin = (som * 100) + (fraction.Length == 0 ? 0 : ((fraction[0] - '0') * 10) + (fraction[1] - '0'));
        return true;
    }

    /// <summary>"1.000.000" or "1 000 000" or "1000000": the first group 1 to 3 digits, then groups of exactly 3.</summary>
    private static bool TryReadGroups(string whole, char? thousands, out long som)
    {
        som = 0;
        var groups = new List<string>();
        var current = 0;
        var start = 0;
        for (var i = 0; i <= whole.Length; i++)
        {
            var end = i == whole.Length;
            var c = end ? ' ' : whole[i];
            var separator = !end && (thousands == '.' ? c == '.' : IsSpace(c));
            if (!end && !separator)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                current++;
                continue;
            }

            if (current == 0)
            {
                return false;
            }

            groups.Add(whole[start..i]);
            start = i + 1;
            current = 0;
        }

        if (groups.Count > 1 && (groups[0].Length > 3 || groups.Skip(1).Any(g => g.Length != 3)))
        {
            return false;
        }

        var digits = string.Concat(groups);
        if (digits.Length > MaxWholeDigits)
        {
            return false;
        }

        som = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary><c>HUMOCARD *7159</c>, <c>UZCARD *1234</c>, <c>***1393</c>, <c>532154**1744</c>: the scheme word if any, and the last four digits.</summary>
    private static (CardScheme Scheme, string? Last4) ReadCard(string text)
    {
        var at = text.IndexOf(Card, StringComparison.Ordinal);
        if (at < 0)
        {
            return (CardScheme.Unknown, null);
        }

        var field = FieldAfter(text, at + Card.Length);
        var scheme = field.Contains("HUMO", StringComparison.OrdinalIgnoreCase) ? CardScheme.Humocard
            : field.Contains("UZCARD", StringComparison.OrdinalIgnoreCase) ? CardScheme.Uzcard
            : CardScheme.Unknown;
        var end = field.Length;
        while (end > 0 && !char.IsAsciiDigit(field[end - 1]))
        {
            end--;
        }

        var digitsStart = end;
        while (digitsStart > 0 && char.IsAsciiDigit(field[digitsStart - 1]))
        {
            digitsStart--;
        }

        // The masked number ends in exactly four visible digits, right after a mask star.
        var masked = digitsStart > 0 && field[digitsStart - 1] == '*';
        return end - digitsStart == 4 && masked ? (scheme, field[digitsStart..end]) : (scheme, null);
    }

    /// <summary><c>05:36 16.06.2026</c> (Humo) or <c>18.06.26 22:26</c> (CardXabar), as Tashkent time.</summary>
    private static DateTimeOffset? ReadTime(string field)
    {
        string? clock = null;
        string? date = null;
        foreach (var part in field.Split(SpaceChars, StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Contains(':'))
            {
                clock ??= part;
            }
            else if (part.Contains('.'))
            {
                date ??= part;
            }
        }

        if (clock is null || date is null)
        {
            return null;
        }

        var hm = clock.Split(':');
        var dmy = date.Split('.');
        if (hm.Length != 2 || dmy.Length != 3
            || !TryDigits(hm[0], 1, 2, out var hour) || !TryDigits(hm[1], 2, 2, out var minute)
            || !TryDigits(dmy[0], 1, 2, out var day) || !TryDigits(dmy[1], 1, 2, out var month)
            || !TryDigits(dmy[2], 2, 4, out var year) || dmy[2].Length == 3)
        {
            return null;
        }

        year = dmy[2].Length == 2 ? 2000 + year : year;
        if (hour > 23 || minute > 59 || month is < 1 or > 12 || year is < 2000 or > 2999 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        return new DateTimeOffset(year, month, day, hour, minute, 0, Tashkent);
    }

    private static bool TryDigits(string text, int minLength, int maxLength, out int value)
    {
        value = 0;
        if (text.Length < minLength || text.Length > maxLength || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        value = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }
}
