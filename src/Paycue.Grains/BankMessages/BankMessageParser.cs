using System.Buffers;
using System.Globalization;

namespace Paycue.Grains.BankMessages;

/// <summary>
/// Reads @HUMOcardbot and @CardXabarBot notifications. A hand-written scanner: linear in the input, no regular
/// expressions that could backtrack, no exceptions for bad input (anything not understood is
/// <see cref="BankMessageKind.Other"/> with a <see cref="NotACreditReason"/>). Strict where money is concerned: an
/// amount whose digit grouping is not exactly what the message's bank prints is not an amount.
/// </summary>
/// <remarks>
/// Bots change their emoji, and a message may reach us flattened to one line, so nothing here depends on a
/// particular emoji: the operation is the one signed amount with a currency (➕ ➖ or an ASCII + -), the card is
/// the one field shaped like a card mask, the time is the one field shaped like a date and time. Emoji (any of
/// them) only separate fields. Which bank wrote the message is read from the mask's and the time's shape, and
/// the amount is then read the way that bank writes amounts: <c>1.010 UZS</c> is 1 010 so'm from @HUMOcardbot
/// and nothing from @CardXabarBot, whose amounts always carry a dot before two tiyin digits.
/// </remarks>
public static class BankMessageParser
{
    private const char PlusEmoji = '\u2795';
    private const char MinusEmoji = '\u2796';
    private const char MinusSign = '\u2212';
    private const string Place = "📍";
    private const string HumoBalance = "💰";
    private const string UzcardBalance = "💵";
    private const int MaxWholeDigits = 13;

    /// <summary>The longest number read at all ("99 999 999 999 999,99" is 21): keeps every scan short.</summary>
    private const int MaxNumberLength = 32;

    /// <summary>Card-mask and time fields are short; longer fields are not looked at, which keeps the scan linear.</summary>
    private const int MaxShortField = 40;

    /// <summary>Telegram's limit for one text message: anything longer was not sent by a bank bot as one message.</summary>
    private const int MaxMessageLength = 4096;

    private static readonly TimeSpan Tashkent = TimeSpan.FromHours(5);

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

    private static ParsedBankMessage Other(NotACreditReason reason, BankFormat format = BankFormat.Unknown) =>
        ParsedBankMessage.Other with { Problem = reason, Format = format };

    private static ParsedBankMessage ParseCore(string text)
    {
        if (text.Length > MaxMessageLength)
        {
            return Other(NotACreditReason.TooLong);
        }

        // The variation selector (U+FE0F) and the zero-width joiner may follow or join any emoji; they carry no meaning.
        if (text.Contains('\uFE0F') || text.Contains('\u200D'))
        {
            text = text.Replace("\uFE0F", "", StringComparison.Ordinal).Replace("\u200D", "", StringComparison.Ordinal);
        }

        // The operation: exactly one signed amount. Two (or a repeated sign) is not a single operation we can trust.
        var signAt = -1;
        var credit = false;
        for (var i = 0; i < text.Length; i++)
        {
            var next = text.AsSpan(i).IndexOfAny(Signs);
            if (next < 0)
            {
                break;
            }

            i += next;
            var c = text[i];
            if (c is not (PlusEmoji or MinusEmoji) && !IsAsciiSignOfAnAmount(text, i))
            {
                continue;
            }

            if (signAt >= 0)
            {
                return Other(NotACreditReason.SeveralAmountLines);
            }

            signAt = i;
            credit = c is PlusEmoji or '+';
        }

        if (signAt < 0)
        {
            return Other(NotACreditReason.NoAmountLine);
        }

        var (card, time, timeFormat) = ReadCardAndTime(text);
        var (format, conflict) = (card.Format, timeFormat) switch
        {
            (BankFormat.Unknown, var t) => (t, false),
            (var m, BankFormat.Unknown) => (m, false),
            (var m, var t) when m == t => (m, false),
            _ => (BankFormat.Unknown, true),
        };

        if (!TrySplitMoney(text, signAt + 1, out var number, out var currency) || number.Length == 0)
        {
            return Other(NotACreditReason.UnreadableAmount, format);
        }

        if (!TryReadAmount(number, format, conflict, out var amount, out var amountFormat))
        {
            return Other(NotACreditReason.UnreadableAmount, format);
        }

        if (currency is null)
        {
            return Other(NotACreditReason.UnknownCurrency, amountFormat);
        }

        var source = text.IndexOf(Place, StringComparison.Ordinal) is var p and >= 0 ? NullIfEmpty(FieldAfter(text, p + Place.Length)) : null;
        long? balance = null;
        var balanceAt = text.IndexOf(HumoBalance, StringComparison.Ordinal);
        var balanceMarker = HumoBalance;
        if (balanceAt < 0)
        {
            balanceAt = text.IndexOf(UzcardBalance, StringComparison.Ordinal);
            balanceMarker = UzcardBalance;
        }

        if (balanceAt >= 0
            && TrySplitMoney(text, balanceAt + balanceMarker.Length, out var balanceNumber, out var balanceCurrency)
            && balanceCurrency == currency
            && TryReadAmount(balanceNumber, amountFormat, conflict, out var balanceTiyin, out _))
        {
            balance = balanceTiyin;
        }

        return new ParsedBankMessage(credit ? BankMessageKind.Credit : BankMessageKind.Debit, amount, currency, card.Scheme, card.Last4, source, time, balance)
        {
            Format = amountFormat,
            Problem = card.Several ? NotACreditReason.SeveralCardMasks : NotACreditReason.None,
        };
    }

    /// <summary>
    /// An ASCII <c>+</c>/<c>-</c> is a sign only right before a number and a currency (<c>+ 1.010,00 UZS</c>), and
    /// not after a digit: hyphens in words, dates and phone numbers are not signs.
    /// </summary>
    private static bool IsAsciiSignOfAnAmount(string text, int at)
    {
        if (at > 0 && char.IsAsciiDigit(text[at - 1]))
        {
            return false;
        }

        var next = at + 1;
        while (next < text.Length && next - at <= 2 && IsSpace(text[next]))
        {
            next++;
        }

        return next < text.Length && char.IsAsciiDigit(text[next]) && TrySplitMoney(text, at + 1, out _, out var currency) && currency is not null;
    }

    /// <summary>
    /// From <paramref name="start"/>: spaces, the number (digits, dots, commas, spaces), spaces, and the currency: three
    /// capital letters not followed by a letter (null when there are none). False when the number is too long to be one.
    /// </summary>
    private static bool TrySplitMoney(string text, int start, out string number, out string? currency)
    {
        number = "";
        currency = null;
        var i = start;
        while (i < text.Length && IsSpace(text[i]) && i - start < MaxNumberLength)
        {
            i++;
        }

        var numberStart = i;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or ',' || IsSpace(text[i])))
        {
            if (i - numberStart >= MaxNumberLength)
            {
                return false;
            }

            i++;
        }

        number = text[numberStart..i].TrimEnd(SpaceChars);
        if (i + 3 <= text.Length && char.IsAsciiLetterUpper(text[i]) && char.IsAsciiLetterUpper(text[i + 1]) && char.IsAsciiLetterUpper(text[i + 2])
            && (i + 3 == text.Length || !char.IsLetter(text[i + 3])))
        {
            currency = text.Substring(i, 3);
        }

        return true;
    }

    /// <summary>
    /// The amount as the message's bank writes it. When the format is known, only that bank's way counts. When the
    /// mask and the time disagree, only an amount both would read the same way counts. With nothing to go by, a
    /// Humo comma or an Uzcard two-digit tail tells the format, and a lone dot before three digits (<c>1.010</c>)
    /// could be either and is not an amount.
    /// </summary>
    private static bool TryReadAmount(string number, BankFormat format, bool conflict, out long tiyin, out BankFormat read)
    {
        var humo = TryReadHumo(number, out var humoTiyin);
        var uzcard = TryReadUzcard(number, out var uzcardTiyin);
        (var ok, tiyin, read) = format switch
        {
            BankFormat.Humo => (humo, humoTiyin, BankFormat.Humo),
            BankFormat.Uzcard => (uzcard, uzcardTiyin, BankFormat.Uzcard),
            _ when humo && uzcard && humoTiyin == uzcardTiyin => (true, humoTiyin, BankFormat.Unknown),
            _ when conflict => (false, 0L, BankFormat.Unknown),
            _ when uzcard => (true, uzcardTiyin, BankFormat.Uzcard),
            _ when humo && number.Contains(',') => (true, humoTiyin, BankFormat.Humo),
            _ => (false, 0L, BankFormat.Unknown),
        };
        return ok;
    }

    /// <summary>@HUMOcardbot: <c>1.010,00</c>, <c>1 010,00</c>, <c>1.010</c>: dot or space thousands, a comma before two tiyin digits.</summary>
    private static bool TryReadHumo(string number, out long tiyin)
    {
        tiyin = 0;
        var comma = number.IndexOf(',');
        if (comma >= 0 && number.IndexOf(',', comma + 1) >= 0)
        {
            return false;
        }

        var whole = comma >= 0 ? number[..comma] : number;
        var fraction = comma >= 0 ? number[(comma + 1)..] : null;
        return TryReadGroups(whole, whole.Contains('.') ? '.' : null, out var som) && TryAddFraction(som, fraction, out tiyin);
    }

    /// <summary>@CardXabarBot: <c>9 900.00</c>, <c>9900.00</c>: space thousands, a dot before two tiyin digits, never a comma.</summary>
    private static bool TryReadUzcard(string number, out long tiyin)
    {
        tiyin = 0;
        var dot = number.IndexOf('.');
        if (number.Contains(',') || (dot >= 0 && number.IndexOf('.', dot + 1) >= 0))
        {
            return false;
        }

        var whole = dot >= 0 ? number[..dot] : number;
        var fraction = dot >= 0 ? number[(dot + 1)..] : null;
        return TryReadGroups(whole, null, out var som) && TryAddFraction(som, fraction, out tiyin);
    }

    /// <summary>Whole so'm and exactly two tiyin digits (or none at all) into tiyin, digit by digit.</summary>
    private static bool TryAddFraction(long som, string? fraction, out long tiyin)
    {
        tiyin = 0;
        if (fraction is not null && (fraction.Length != 2 || !char.IsAsciiDigit(fraction[0]) || !char.IsAsciiDigit(fraction[1])))
        {
            return false;
        }

        tiyin = (som * 100) + (fraction is null ? 0 : ((fraction[0] - '0') * 10) + (fraction[1] - '0'));
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

    private readonly record struct CardMask(CardScheme Scheme, string? Last4, BankFormat Format, bool Several);

    /// <summary>
    /// In one pass over the fields: the field shaped like a card mask, <c>HUMOCARD *7159</c>, <c>VISA *8286</c>
    /// (@HUMOcardbot: a network name and one star), <c>***8346</c>, <c>532154**1744</c> (@CardXabarBot: two or more
    /// stars), where masks of different cards in one message name no card; and the first field that is exactly a
    /// time, whatever emoji precedes it.
    /// </summary>
    private static (CardMask Card, DateTimeOffset? Time, BankFormat TimeFormat) ReadCardAndTime(string text)
    {
        CardMask? found = null;
        var several = false;
        DateTimeOffset? time = null;
        var timeFormat = BankFormat.Unknown;
        foreach (var (start, end) in Fields(text))
        {
            var field = text.AsSpan(start, end - start).Trim(SpaceChars);
            if (field.Length is 0 or > MaxShortField || !char.IsAsciiDigit(field[^1]))
            {
                continue;
            }

            if (time is null && field.Length is >= 10 and <= 20 && char.IsAsciiDigit(field[0]) && TryReadTime(field.ToString(), out var at, out var format))
            {
                time = at;
                timeFormat = format;
                continue;
            }

            if (several || TryReadMask(field) is not { } mask)
            {
                continue;
            }

            if (found is { } first && first.Last4 != mask.Last4)
            {
                several = true;
                continue;
            }

            found ??= mask;
        }

        var card = several ? new CardMask(CardScheme.Unknown, null, BankFormat.Unknown, true)
            : found ?? new CardMask(CardScheme.Unknown, null, BankFormat.Unknown, false);
        return (card, time, timeFormat);
    }

    private static CardMask? TryReadMask(ReadOnlySpan<char> field)
    {
        // Four digits at the end, right after a run of stars.
        if (field.Length < 5 || !IsDigits(field[^4..]) || field[^5] != '*')
        {
            return null;
        }

        var starsStart = field.Length - 5;
        while (starsStart > 0 && field[starsStart - 1] == '*')
        {
            starsStart--;
        }

        var stars = field.Length - 4 - starsStart;
        var before = field[..starsStart];
        if (before.Length == 0)
        {
            return new CardMask(CardScheme.Unknown, field[^4..].ToString(), stars >= 2 ? BankFormat.Uzcard : BankFormat.Unknown, false);
        }

        if (before.Length is >= 4 and <= 8 && IsDigits(before))
        {
            // The card's first digits (BIN), as @CardXabarBot shows foreign cards: 532154**1744.
            return new CardMask(CardScheme.Unknown, field[^4..].ToString(), stars >= 2 ? BankFormat.Uzcard : BankFormat.Unknown, false);
        }

        var word = before.TrimEnd(SpaceChars);
        if (word.Length == before.Length || word.Length is 0 or > 12)
        {
            return null;
        }

        foreach (var c in word)
        {
            if (!char.IsAsciiLetter(c))
            {
                return null;
            }
        }

        var name = word.ToString().ToUpperInvariant();
        var scheme = name switch
        {
            "HUMOCARD" or "HUMO" => CardScheme.Humocard,
            "UZCARD" => CardScheme.Uzcard,
            "VISA" => CardScheme.Visa,
            "MASTERCARD" => CardScheme.Mastercard,
            _ => CardScheme.Unknown,
        };
        return new CardMask(scheme, field[^4..].ToString(), stars == 1 ? BankFormat.Humo : BankFormat.Uzcard, false);
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A time as Tashkent time: <c>05:36 16.06.2026</c> (@HUMOcardbot: clock first, four-digit year) or
    /// <c>23.09.26 22:50</c> (@CardXabarBot: date first, two-digit year).
    /// </summary>
    private static bool TryReadTime(string field, out DateTimeOffset time, out BankFormat format)
    {
        time = default;
        format = BankFormat.Unknown;
        var parts = field.Split(SpaceChars, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return false;
        }

        var clockFirst = parts[0].Contains(':');
        var clock = clockFirst ? parts[0] : parts[1];
        var date = clockFirst ? parts[1] : parts[0];
        var hm = clock.Split(':');
        var dmy = date.Split('.');
        if (hm.Length != 2 || dmy.Length != 3
            || !TryDigits(hm[0], 1, 2, out var hour) || !TryDigits(hm[1], 2, 2, out var minute)
            || !TryDigits(dmy[0], 1, 2, out var day) || !TryDigits(dmy[1], 1, 2, out var month)
            || !TryDigits(dmy[2], 2, 4, out var year) || dmy[2].Length == 3)
        {
            return false;
        }

        year = dmy[2].Length == 2 ? 2000 + year : year;
        if (hour > 23 || minute > 59 || month is < 1 or > 12 || year is < 2000 or > 2999 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        time = new DateTimeOffset(year, month, day, hour, minute, 0, Tashkent);
        format = (clockFirst, dmy[2].Length) switch
        {
            (true, 4) => BankFormat.Humo,
            (false, 2) => BankFormat.Uzcard,
            _ => BankFormat.Unknown,
        };
        return true;
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

    /// <summary>The fields of a message: the text between line breaks and emoji, as (start, end) ranges.</summary>
    private static IEnumerable<(int Start, int End)> Fields(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = FieldEnd(text, start, out var width);
            if (end > start)
            {
                yield return (start, end);
            }

            start = end + width;
        }
    }

    /// <summary>The text from <paramref name="start"/> to the next line break or emoji, trimmed.</summary>
    private static string FieldAfter(string text, int start) => text[start..FieldEnd(text, start, out _)].Trim(SpaceChars);

    /// <summary>Index of the next line break or emoji at or after <paramref name="start"/> (the text's length if none), and its width.</summary>
    private static int FieldEnd(string text, int start, out int width)
    {
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                width = 1;
                return i;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (char.ConvertToUtf32(c, text[i + 1]) is >= 0x1F000 and <= 0x1FAFF)
                {
                    width = 2;
                    return i;
                }

                i++;
                continue;
            }

            // Misc Technical (⌚ ⏰), Geometric Shapes, Misc Symbols and Dingbats (⚠ ➕ ➖), Misc Symbols and Arrows (⭐).
            if (c is (>= '\u2300' and <= '\u23FF') or (>= '\u25A0' and <= '\u27BF') or (>= '\u2B00' and <= '\u2BFF'))
            {
                width = 1;
                return i;
            }
        }

        width = 0;
        return text.Length;
    }

    private static readonly SearchValues<char> Signs = SearchValues.Create([PlusEmoji, MinusEmoji, '+', '-', MinusSign]);

    private static readonly char[] SpaceChars = [' ', '\t', '\u00A0', '\u202F', '\u2009', '\u2007'];

    private static bool IsSpace(char c) => Array.IndexOf(SpaceChars, c) >= 0;

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
