using System.Globalization;
using System.Text;
using Paycue.Grains.BankMessages;

namespace Paycue.Grains.Tests.BankMessages;

/// <summary>
/// The @CardXabarBot (Uzcard) credit and the @HUMOcardbot variants, each in every form it can reach us in; debits
/// never confirm, amounts are read per bank format, and a message that is not taken as a credit says why.
/// </summary>
public sealed class BankFormatsTests
{
    private static readonly TimeSpan Tashkent = TimeSpan.FromHours(5);
    private const string Warning = "\u26A0\uFE0F";

    /// <summary>One message as a bot sends it, and everything it must parse to.</summary>
    public sealed record Sample(string Name, string Text, BankMessageKind Kind, long Amount, string Last4, BankFormat Format, CardScheme Scheme, DateTimeOffset? Time, long? Balance)
    {
        public override string ToString() => Name;
    }

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, Tashkent);

    public static readonly IReadOnlyList<Sample> Samples =
    [
        new("uzcard credit", "🟢 Perevod na kartu\n➕ 9 900.00 UZS\n💳 ***8346\n🕒 23.09.26 22:50\n💰 32 203.52 UZS",
            BankMessageKind.Credit, 990_000, "8346", BankFormat.Uzcard, CardScheme.Unknown, At(2026, 9, 23, 22, 50), 3_220_352),
        new("uzcard credit with place and 💵 balance", "🟢 Perevod na kartu\n➕ 1 250 000.00 UZS\n💳 ***8346\n📍 HUMO2UZCARD P2P, UZ\n🕐 01.10.26 09:05\n💵 1 282 203.52 UZS",
            BankMessageKind.Credit, 125_000_000, "8346", BankFormat.Uzcard, CardScheme.Unknown, At(2026, 10, 1, 9, 5), 128_220_352),
        new("uzcard credit to a BIN-masked card", "🟢 Perevod na kartu\n➕ 0.50 UZS\n💳 860002**8346\n🕚 02.10.26 11:00",
            BankMessageKind.Credit, 50, "8346", BankFormat.Uzcard, CardScheme.Unknown, At(2026, 10, 2, 11, 0), null),
        new("humo credit with an ASCII plus", "🎉 To'ldirish\n+ 1.010,00 UZS\n📍 Click P2P WALLET 2\n💳 HUMOCARD *7159\n🕐 05:36 16.06.2026\n💰 23.378,71 UZS",
            BankMessageKind.Credit, 101_000, "7159", BankFormat.Humo, CardScheme.Humocard, At(2026, 6, 16, 5, 36), 2_337_871),
        new("humo credit with a commission line", $"🎉 To'ldirish\n➕ 150.000,00 UZS\n{Warning} Komissiya: 0,00 UZS\n📍 UZCARD2HUMO P2P\n💳 HUMOCARD *7159\n🕓 12:01 02.07.2026\n💰 1.150.000,00 UZS",
            BankMessageKind.Credit, 15_000_000, "7159", BankFormat.Humo, CardScheme.Humocard, At(2026, 7, 2, 12, 1), 115_000_000),
        new("humo credit under a 💸 header", "💸 O'tkazma\n➕ 20.001,00 UZS\n📍 PAYME P2P\n💳 HUMOCARD *7159\n🕑 14:20 03.07.2026",
            BankMessageKind.Credit, 2_000_100, "7159", BankFormat.Humo, CardScheme.Humocard, At(2026, 7, 3, 14, 20), null),
        new("humo co-badged VISA credit", $"🎉 To'ldirish\n+ 75.500,50 UZS\n{Warning} Komissiya: 0,00 UZS\n💳 VISA *8286\n🕐 23:59 31.12.2026\n💰 75.500,50 UZS",
            BankMessageKind.Credit, 7_550_050, "8286", BankFormat.Humo, CardScheme.Visa, At(2026, 12, 31, 23, 59), 7_550_050),
        new("humo co-badged MASTERCARD credit", "💸 Kirim\n➕ 5.000,00 UZS\n💳 MASTERCARD *4417\n⏰ 00:00 01.01.2027",
            BankMessageKind.Credit, 500_000, "4417", BankFormat.Humo, CardScheme.Mastercard, At(2027, 1, 1, 0, 0), null),
        new("uzcard payment", "🔴 Platezh\n➖ 8 000.00 UZS\n💳 ***1393\n📍 PAYNET AJ QR DLYA SAMOZANYATIX UZKARD, UZ\n🕒 18.06.26 22:26\n💵 700.00 UZS",
            BankMessageKind.Debit, 800_000, "1393", BankFormat.Uzcard, CardScheme.Unknown, At(2026, 6, 18, 22, 26), 70_000),
        new("uzcard e-commerce payment", "🔴 E-Com oplata\n➖ 40 000.00 UZS\n💳 ***0887\n📍 UZMOBILE GSM CLICK, UZ\n🕒 16.02.25 13:53\n💰 7 771 313.65 UZS",
            BankMessageKind.Debit, 4_000_000, "0887", BankFormat.Uzcard, CardScheme.Unknown, At(2025, 2, 16, 13, 53), 777_131_365),
        new("uzcard payment with an ASCII minus", "🔴 Platezh\n- 12 500.00 UZS\n💳 ***8346\n🕒 23.09.26 23:10\n💰 19 703.52 UZS",
            BankMessageKind.Debit, 1_250_000, "8346", BankFormat.Uzcard, CardScheme.Unknown, At(2026, 9, 23, 23, 10), 1_970_352),
        new("humo payment with an ASCII minus", $"💸 To'lov\n- 4.000,00 UZS\n{Warning} Komissiya: 0,00 UZS\n📍 AO PAYNET QR DLYA S\n💳 HUMOCARD *6224\n🕐 22:26 18.06.2026\n💰 2.135,00 UZS",
            BankMessageKind.Debit, 400_000, "6224", BankFormat.Humo, CardScheme.Humocard, At(2026, 6, 18, 22, 26), 213_500),
        new("humo co-badged payment", "💸 To'lov\n➖ 57.550,00 UZS\n💳 VISA *8286\n🕓 10:03 14.06.2026",
            BankMessageKind.Debit, 5_755_000, "8286", BankFormat.Humo, CardScheme.Visa, At(2026, 6, 14, 10, 3), null),
    ];

    public static TheoryData<int> SampleIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Samples.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    /// <summary>Every apostrophe Uzbek Latin is typed with: ASCII, the modifier letters, the quotation marks, the grave and acute accents.</summary>
    private static readonly string[] Apostrophes = ["'", "ʻ", "ʼ", "‘", "’", "`", "´"];

    /// <summary>
    /// Every form the same message reaches us in: flattened to one line, with U+FE0F after each emoji or none at all,
    /// NBSP or narrow NBSP between digit groups, each apostrophe in the Uzbek words, and these combined.
    /// </summary>
    public static IEnumerable<(string Name, string Text)> Variants(string text)
    {
        var forms = new List<(string, string)> { ("as sent", text) };
        forms.Add(("one line", OneLine(text)));
        forms.Add(("no FE0F", text.Replace("\uFE0F", "", StringComparison.Ordinal)));
        forms.Add(("FE0F", WithVariationSelectors(text)));
        forms.Add(("one line FE0F", WithVariationSelectors(OneLine(text))));
        forms.Add(("one line no FE0F", OneLine(text).Replace("\uFE0F", "", StringComparison.Ordinal)));
        forms.Add(("CRLF", text.Replace("\n", "\r\n", StringComparison.Ordinal)));
        foreach (var space in new[] { '\u00A0', '\u202F' })
        {
            forms.Add(($"U+{(int)space:X4} groups", GroupsSeparatedBy(text, space)));
            forms.Add(($"one line U+{(int)space:X4} groups", OneLine(GroupsSeparatedBy(text, space))));
        }

        foreach (var apostrophe in Apostrophes)
        {
            forms.Add(($"apostrophe {apostrophe}", text.Replace("'", apostrophe, StringComparison.Ordinal)));
            forms.Add(($"one line FE0F U+202F apostrophe {apostrophe}", WithVariationSelectors(OneLine(GroupsSeparatedBy(text, '\u202F'))).Replace("'", apostrophe, StringComparison.Ordinal)));
        }

        return forms;
    }

    private static string OneLine(string text) => text.Replace("\n", "", StringComparison.Ordinal);

    private static string WithVariationSelectors(string text)
    {
        var builder = new StringBuilder();
        var e = StringInfo.GetTextElementEnumerator(text.Replace("\uFE0F", "", StringComparison.Ordinal));
        while (e.MoveNext())
        {
            var element = (string)e.Current;
            builder.Append(element);
            if (Rune.GetRuneAt(element, 0).Value >= 0x2300)
            {
                builder.Append('\uFE0F');
            }
        }

        return builder.ToString();
    }

    /// <summary>Digit groups ("9 900.00", "1.010,00") separated by <paramref name="space"/> instead of a space or a dot.</summary>
    private static string GroupsSeparatedBy(string text, char space)
    {
        var chars = text.ToCharArray();
        for (var i = 1; i + 3 < chars.Length; i++)
        {
            var groupFollows = char.IsAsciiDigit(chars[i + 1]) && char.IsAsciiDigit(chars[i + 2]) && char.IsAsciiDigit(chars[i + 3])
                && (i + 4 == chars.Length || !char.IsAsciiDigit(chars[i + 4]));
            if (chars[i] is ' ' or '.' && char.IsAsciiDigit(chars[i - 1]) && groupFollows)
            {
                chars[i] = space;
            }
        }

        return new string(chars);
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void EverySampleInEveryVariantParsesExactly(int index)
    {
        var sample = Samples[index];
        foreach (var (name, text) in Variants(sample.Text))
        {
            var parsed = BankMessageParser.Parse(text);
            var what = $"{sample} / {name}: {parsed}";
            Assert.True(sample.Kind == parsed.Kind, what);
            Assert.True(sample.Amount == parsed.AmountTiyin, what);
            Assert.True(parsed.Currency == "UZS", what);
            Assert.True(sample.Last4 == parsed.Last4, what);
            Assert.True(sample.Format == parsed.Format, what);
            Assert.True(sample.Scheme == parsed.Scheme, what);
            Assert.True(sample.Time == parsed.BankTime, what);
            Assert.True(sample.Balance == parsed.BalanceTiyin, what);
            Assert.True((sample.Kind == BankMessageKind.Credit) == parsed.CanConfirm, what);
            Assert.True((sample.Kind == BankMessageKind.Credit ? NotACreditReason.None : NotACreditReason.Debit) == parsed.Reason, what);
        }
    }

    /// <summary>The twenty-four clock faces, the alarm clock, the watch, the stopwatch, the timer and the mantelpiece clock.</summary>
    public static readonly IReadOnlyList<string> Clocks =
        [.. Enumerable.Range(0x1F550, 24).Select(char.ConvertFromUtf32), "⏰", "⌚", "⏱", "⏲", "🕰"];

    [Fact]
    public void TheTimeIsReadAfterAnyClockEmojiInBothFormats()
    {
        var withTime = Samples.Where(s => s.Time is not null).ToList();
        Assert.Contains(withTime, s => s.Format == BankFormat.Humo);
        Assert.Contains(withTime, s => s.Format == BankFormat.Uzcard);
        foreach (var sample in withTime)
        {
            var clock = Clocks.First(c => sample.Text.Contains(c, StringComparison.Ordinal));
            foreach (var other in Clocks)
            {
                foreach (var (name, text) in Variants(sample.Text.Replace(clock, other, StringComparison.Ordinal)))
                {
                    var parsed = BankMessageParser.Parse(text);
                    var what = $"{sample} / {other} / {name}: {parsed}";
                    Assert.True(sample.Time == parsed.BankTime, what);
                    Assert.True(sample.Amount == parsed.AmountTiyin && sample.Last4 == parsed.Last4 && sample.Format == parsed.Format, what);
                }
            }
        }
    }

    /// <summary>
    /// Nothing is anchored on an emoji: with every header, card and clock emoji swapped for others (or the card's
    /// and clock's emoji dropped and the fields kept on their own lines), each message reads the same. Only the
    /// balance is named by its emoji (💰 or 💵), which stays.
    /// </summary>
    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void OtherEmojiOrNoneAroundTheFieldsReadTheSame(int index)
    {
        var sample = Samples[index];
        string[] headers = ["🟢", "🎉", "💸", "🔴"];
        var swapped = sample.Text;
        foreach (var header in headers)
        {
            swapped = swapped.Replace(header, "✅", StringComparison.Ordinal);
        }

        swapped = swapped.Replace("💳", "🏧", StringComparison.Ordinal);
        var dropped = sample.Text.Replace("💳 ", "", StringComparison.Ordinal);
        foreach (var clock in Clocks)
        {
            swapped = swapped.Replace(clock, "⌛", StringComparison.Ordinal);
            dropped = dropped.Replace(clock + " ", "", StringComparison.Ordinal);
        }

        Assert.NotEqual(sample.Text, swapped);
        foreach (var (form, text) in new[] { ("swapped", swapped), ("dropped", dropped) })
        {
            foreach (var (name, variant) in Variants(text).Where(v => form == "swapped" || !v.Name.Contains("one line", StringComparison.Ordinal)))
            {
                var parsed = BankMessageParser.Parse(variant);
                var what = $"{sample} / {form} / {name}: {parsed}";
                Assert.True(sample.Kind == parsed.Kind && sample.Amount == parsed.AmountTiyin && sample.Last4 == parsed.Last4, what);
                Assert.True(sample.Format == parsed.Format && sample.Time == parsed.BankTime && sample.Balance == parsed.BalanceTiyin, what);
                Assert.True((sample.Kind == BankMessageKind.Credit) == parsed.CanConfirm, what);
            }
        }
    }

    [Theory]
    [InlineData("➖")]
    [InlineData("-")]
    [InlineData("−")]
    public void EveryMinusUnderEveryHeaderInEveryFormatIsADebit(string minus)
    {
        string[] headers = ["🔴 Platezh", "🔴 E-Com oplata", "💸 To'lov", "🟢 Perevod na kartu", "🎉 To'ldirish", "💸 Оплата", ""];
        string[] bodies =
        [
            "{0} 9 900.00 UZS\n💳 ***8346\n🕒 23.09.26 22:50\n💰 32 203.52 UZS",
            $"{{0}} 1.010,00 UZS\n{Warning} Komissiya: 0,00 UZS\n💳 HUMOCARD *7159\n🕐 05:36 16.06.2026\n💰 23.378,71 UZS",
            "{0} 1.010,00 UZS\n💳 VISA *8286",
        ];
        foreach (var header in headers)
        {
            foreach (var body in bodies)
            {
                foreach (var (name, text) in Variants($"{header}\n{string.Format(CultureInfo.InvariantCulture, body, minus)}"))
                {
                    var parsed = BankMessageParser.Parse(text);
                    Assert.True(parsed.Kind == BankMessageKind.Debit, $"{header} / {name}: {parsed}");
                    Assert.False(parsed.CanConfirm, $"{header} / {name}: {parsed}");
                    Assert.Equal(NotACreditReason.Debit, parsed.Reason);
                }
            }
        }
    }

    [Theory]
    // Humo writes a dot between thousands: "1.010 UZS" is one thousand and ten so'm there, and nothing in Uzcard.
    [InlineData("➕ 1.010 UZS", "HUMOCARD *7159", 101_000L)]
    [InlineData("➕ 1.010 UZS", "***8346", null)]
    [InlineData("➕ 1.000.000 UZS", "VISA *8286", 100_000_000L)]
    [InlineData("➕ 1.000.000 UZS", "***8346", null)]
    // Uzcard writes a dot before the tiyin: "9 900.00" and "1.01" are Uzcard amounts and nothing in Humo.
    [InlineData("➕ 9 900.00 UZS", "***8346", 990_000L)]
    [InlineData("➕ 9 900.00 UZS", "HUMOCARD *7159", null)]
    [InlineData("➕ 1.01 UZS", "***8346", 101L)]
    [InlineData("➕ 1.01 UZS", "HUMOCARD *7159", null)]
    [InlineData("➕ 10.00 UZS", "HUMOCARD *7159", null)]
    // A comma is Humo's decimal point and never anything in Uzcard.
    [InlineData("➕ 1.010,00 UZS", "HUMOCARD *7159", 101_000L)]
    [InlineData("➕ 1 010,00 UZS", "HUMOCARD *7159", 101_000L)]
    [InlineData("➕ 1.010,00 UZS", "***8346", null)]
    [InlineData("➕ 9,900.00 UZS", "***8346", null)]
    [InlineData("➕ 9,900.00 UZS", "HUMOCARD *7159", null)]
    // Plain digits (grouped by spaces or not) mean the same in both.
    [InlineData("➕ 9 900 UZS", "***8346", 990_000L)]
    [InlineData("➕ 9 900 UZS", "HUMOCARD *7159", 990_000L)]
    [InlineData("➕ 9900 UZS", "***8346", 990_000L)]
    // Mixed or broken grouping is nothing anywhere.
    [InlineData("➕ 1.000 000,00 UZS", "HUMOCARD *7159", null)]
    [InlineData("➕ 99 00.00 UZS", "***8346", null)]
    [InlineData("➕ 9  900.00 UZS", "***8346", null)]
    [InlineData("➕ 9 900.0 UZS", "***8346", null)]
    [InlineData("➕ 9 900.000 UZS", "***8346", null)]
    [InlineData("➕ 9 900.00.00 UZS", "***8346", null)]
    public void AmountsAreReadTheWayTheMessagesBankWritesThem(string amountLine, string mask, long? tiyin)
    {
        foreach (var text in new[] { $"{amountLine}\n💳 {mask}", $"{amountLine}💳 {mask}", $"{amountLine.Replace(' ', '\u00A0')}\n💳 {mask}" })
        {
            var parsed = BankMessageParser.Parse(text);
            if (tiyin is null)
            {
                Assert.True(parsed.Kind == BankMessageKind.Other, $"{text}: {parsed}");
                Assert.Equal(NotACreditReason.UnreadableAmount, parsed.Reason);
            }
            else
            {
                Assert.True(parsed.Kind == BankMessageKind.Credit && parsed.AmountTiyin == tiyin, $"{text}: {parsed}");
                Assert.True(parsed.CanConfirm);
            }
        }
    }

    [Theory]
    // The card mask says Uzcard and the time says Humo: only an amount both would read the same way is an amount.
    [InlineData("➕ 1.010 UZS\n💳 ***8346\n🕓 05:36 16.06.2026", null)]
    [InlineData("➕ 1.010,00 UZS\n💳 ***8346\n🕓 05:36 16.06.2026", null)]
    [InlineData("➕ 9 900.00 UZS\n💳 HUMOCARD *7159\n🕒 23.09.26 22:50", null)]
    [InlineData("➕ 9 900 UZS\n💳 ***8346\n🕓 05:36 16.06.2026", 990_000L)]
    // With nothing else to go by, a dot before three digits could be either: not an amount.
    [InlineData("➕ 1.010 UZS", null)]
    public void WhenTheFormatCannotBeToldOnlyAnUnambiguousAmountIsRead(string text, long? tiyin)
    {
        var parsed = BankMessageParser.Parse(text);
        if (tiyin is null)
        {
            Assert.True(parsed.Kind == BankMessageKind.Other, parsed.ToString());
            Assert.Equal(NotACreditReason.UnreadableAmount, parsed.Reason);
        }
        else
        {
            Assert.Equal(tiyin, parsed.AmountTiyin);
            Assert.Equal(BankFormat.Unknown, parsed.Format);
        }
    }

    [Fact]
    public void GeneratedAmountsInBothFormatsReadExactly()
    {
        var random = new Random(20261203);
        var amounts = new List<long> { 1, 10, 99, 100, 101, 99_999, 100_000, 123_456_789, 99_999_999_999 };
        amounts.AddRange(Enumerable.Range(0, 300).Select(_ => random.NextInt64(1, 99_999_999_999)));
        foreach (var tiyin in amounts)
        {
            var whole = (tiyin / 100).ToString("#,0", CultureInfo.InvariantCulture);
            var humo = $"🎉 To'ldirish\n+ {whole.Replace(',', '.')},{tiyin % 100:00} UZS\n💳 VISA *8286\n🕐 05:36 16.06.2026";
            var uzcard = $"🟢 Perevod na kartu\n➕ {whole.Replace(',', ' ')}.{tiyin % 100:00} UZS\n💳 ***8346\n🕒 23.09.26 22:50";
            foreach (var (text, format) in new[] { (humo, BankFormat.Humo), (uzcard, BankFormat.Uzcard) })
            {
                foreach (var (name, variant) in Variants(text))
                {
                    var parsed = BankMessageParser.Parse(variant);
                    Assert.True(parsed.AmountTiyin == tiyin && parsed.Format == format && parsed.CanConfirm, $"{tiyin} {format} {name}: {parsed}");
                }
            }
        }
    }

    [Theory]
    [InlineData("Assalomu alaykum! HUMO kartalaringiz bo'yicha xabarnomalarni shu yerda olasiz.", "no_amount_line")]
    [InlineData("", "no_amount_line")]
    [InlineData("🟢 Perevod na kartu\n9 900.00 UZS\n💳 ***8346", "no_amount_line")]
    [InlineData("🟢 Perevod na kartu\n➖ 9 900.00 UZS\n💳 ***8346", "debit")]
    [InlineData("🎉 To'ldirish\n- 1.010,00 UZS\n💳 HUMOCARD *7159", "debit")]
    [InlineData("🟢 Perevod na kartu\n➕ 9 900.00 USD\n💳 ***8346", "unknown_currency")]
    [InlineData("🟢 Perevod na kartu\n➕ 9 900.00\n💳 ***8346", "unknown_currency")]
    [InlineData("🟢 Perevod na kartu\n➕ 9 900.00 uzs\n💳 ***8346", "unknown_currency")]
    [InlineData("🟢 Perevod na kartu\n➕ 9 900.00 UZS\n🕒 23.09.26 22:50", "no_card_mask")]
    [InlineData("🟢 Perevod na kartu\n➕ 9 900.00 UZS\n💳 8346", "no_card_mask")]
    [InlineData("🟢 Perevod na kartu\n➕ 9 900.00 UZS\n💳 ***8346\n💳 ***1393", "several_card_masks")]
    [InlineData("🟢 Perevod na kartu\n➕ 9 900.00 UZS\n+ 100.00 UZS\n💳 ***8346", "several_amount_lines")]
    [InlineData("🟢 Perevod na kartu\n➕ 9 900.00 UZS\n➖ 100.00 UZS\n💳 ***8346", "several_amount_lines")]
    [InlineData("🟢 Perevod na kartu\n➕ 9,900.00 UZS\n💳 ***8346", "unreadable_amount")]
    [InlineData("🟢 Perevod na kartu\n➕ 0.00 UZS\n💳 ***8346", "zero_amount")]
    [InlineData("🟢 Perevod na kartu\n➕ 9 900.00 UZS\n💳 ***8346", "none")]
    public void AMessageThatIsNotACreditSaysWhy(string text, string reason)
    {
        var parsed = BankMessageParser.Parse(text);
        Assert.Equal(reason, parsed.Reason.Code());
        Assert.Equal(reason == "none", parsed.CanConfirm);
    }

    [Fact]
    public void APlusOrMinusThatIsNotBeforeAnAmountIsNotASign()
    {
        var parsed = BankMessageParser.Parse("🟢 Perevod na kartu\n➕ 9 900.00 UZS\n📍 P2P +998 90 123-45-67 E-Com\n💳 ***8346\n🕒 23.09.26 22:50");
        Assert.True(parsed.CanConfirm, parsed.ToString());
        Assert.Equal(990_000, parsed.AmountTiyin);
        Assert.Equal("P2P +998 90 123-45-67 E-Com", parsed.Source);
    }

    [Fact]
    public void TheCommissionLineIsNeitherTheAmountNorTheBalance()
    {
        var parsed = BankMessageParser.Parse($"🎉 To'ldirish\n+ 1.010,00 UZS\n{Warning} Komissiya: 5,00 UZS\n💳 HUMOCARD *7159");
        Assert.Equal(101_000, parsed.AmountTiyin);
        Assert.Null(parsed.BalanceTiyin);
        Assert.True(parsed.CanConfirm);
    }

    /// <summary>What <c>paycue parse</c> printed for the fixture file before the Uzcard formats were added, field for field.</summary>
    private static readonly string[] FixtureLinesBefore =
    [
        "{\"kind\":\"credit\",\"amount_tiyin\":101000,\"currency\":\"UZS\",\"scheme\":\"HUMOCARD\",\"last4\":\"7159\",\"source\":\"Click P2P WALLET 2\",\"time\":\"2026-06-16T05:36:00+05:00\",\"balance_tiyin\":2337871}",
        "{\"kind\":\"credit\",\"amount_tiyin\":100001,\"currency\":\"UZS\",\"scheme\":\"HUMOCARD\",\"last4\":\"7159\",\"source\":null,\"time\":null,\"balance_tiyin\":null}",
        "{\"kind\":\"debit\",\"amount_tiyin\":400000,\"currency\":\"UZS\",\"scheme\":\"HUMOCARD\",\"last4\":\"6224\",\"source\":\"AO PAYNET QR DLYA S\",\"time\":\"2026-06-18T22:26:00+05:00\",\"balance_tiyin\":213500}",
        "{\"kind\":\"credit\",\"amount_tiyin\":52000000,\"currency\":\"UZS\",\"scheme\":\"HUMOCARD\",\"last4\":\"4853\",\"source\":\"DAVR MOBILE P2P U2H>\",\"time\":\"2026-06-13T23:17:00+05:00\",\"balance_tiyin\":208824526}",
        "{\"kind\":\"debit\",\"amount_tiyin\":5755000,\"currency\":\"UZS\",\"scheme\":\"HUMOCARD\",\"last4\":\"4853\",\"source\":\"SP OOO HAVAS FOOD>T\",\"time\":\"2026-06-14T10:03:00+05:00\",\"balance_tiyin\":69794526}",
        "{\"kind\":\"debit\",\"amount_tiyin\":100000000,\"currency\":\"UZS\",\"scheme\":\"HUMOCARD\",\"last4\":\"4853\",\"source\":\"TBC HUMO P2P>TASHKEN\",\"time\":\"2026-06-14T09:36:00+05:00\",\"balance_tiyin\":108824526}",
        "{\"kind\":\"debit\",\"amount_tiyin\":110090,\"currency\":\"USD\",\"scheme\":null,\"last4\":\"1744\",\"source\":null,\"time\":\"2025-04-14T10:39:00+05:00\",\"balance_tiyin\":150500}",
        "{\"kind\":\"debit\",\"amount_tiyin\":800000,\"currency\":\"UZS\",\"scheme\":null,\"last4\":\"1393\",\"source\":\"PAYNET AJ QR DLYA SAMOZANYATIX UZKARD, UZ\",\"time\":\"2026-06-18T22:26:00+05:00\",\"balance_tiyin\":70000}",
        "{\"kind\":\"other\"}",
    ];

    [Fact]
    public void TheFixtureFileParsesExactlyAsBefore()
    {
        using var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "Fixtures", "bank-bot-messages.txt"));
        var lines = BankMessageFile.Split(reader).Select(m => BankMessageFile.ToJsonLine(BankMessageParser.Parse(m))).ToList();

        Assert.Equal(FixtureLinesBefore.Length, lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            // The fields that were there keep their order and values; new ones (format, reason) only follow them.
            Assert.StartsWith(FixtureLinesBefore[i][..^1], lines[i]);
        }

        string[] formats = ["humo", "humo", "humo", "humo", "humo", "humo", "uzcard", "uzcard"];
        for (var i = 0; i < formats.Length; i++)
        {
            Assert.Contains($"\"format\":\"{formats[i]}\"", lines[i]);
        }
    }

    [Fact]
    public void AMessageAsLongAsTelegramAllowsIsReadAndALongerOneIsNot()
    {
        const string credit = "🟢 Perevod na kartu\n➕ 9 900.00 UZS\n💳 ***8346";
        var longest = new string('x', 4096 - credit.Length - 1) + "\n" + credit;
        Assert.Equal(4096, longest.Length);
        Assert.True(BankMessageParser.Parse(longest).CanConfirm);

        var longer = "x" + longest;
        Assert.Equal(NotACreditReason.TooLong, BankMessageParser.Parse(longer).Reason);
        Assert.Equal(BankMessageKind.Other, BankMessageParser.Parse(longer).Kind);
    }

    [Fact]
    public void WorstCaseMessagesOfTelegramsLengthAreReadInOnePass()
    {
        string[] inputs =
        [
            string.Concat(Enumerable.Repeat("💳", 2040)) + "➕ 1,00 UZS",
            string.Concat(Enumerable.Repeat("a\n", 2040)) + "➕ 1,00 UZS",
            string.Concat(Enumerable.Repeat("x-1", 1360)) + "➕ 1,00 UZS",
            string.Concat(Enumerable.Repeat("1 ", 2040)) + "➕ 1,00 UZS",
            string.Concat(Enumerable.Repeat("*1234\n", 680)) + "➕ 1,00 UZS",
        ];
        foreach (var input in inputs)
        {
            Assert.True(input.Length <= 4096, input.Length.ToString(CultureInfo.InvariantCulture));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 20; i++)
            {
                Assert.NotNull(BankMessageParser.Parse(input));
            }

            // A generous bound (20 parses of the worst input): catches a quadratic scan, not a slow machine.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"{watch.Elapsed.TotalMilliseconds} ms for {input[..20]}");
        }
    }
}
