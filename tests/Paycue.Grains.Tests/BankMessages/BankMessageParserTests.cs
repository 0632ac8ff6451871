using System.Diagnostics;
using System.Globalization;
using System.Text;
using Paycue.Grains.BankMessages;

namespace Paycue.Grains.Tests.BankMessages;

public sealed class BankMessageParserTests
{
    private const string Emojis = "🎉➕➖📍💳🕓💰💵💸🔴🟠🟢";

    public static TheoryData<int> FixtureIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Fixture.All.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    /// <summary>Every way the same message reaches us: as is, flattened, with U+FE0F, with other spaces in numbers.</summary>
    private static IEnumerable<(string Name, string Text)> Variants(string text)
    {
        yield return ("as sent", text);
        yield return ("one line", text.Replace("\n", "", StringComparison.Ordinal));
        yield return ("FE0F", AddVariationSelectors(text));
        yield return ("one line FE0F", AddVariationSelectors(text.Replace("\n", "", StringComparison.Ordinal)));
        yield return ("CRLF", text.Replace("\n", "\r\n", StringComparison.Ordinal));
        foreach (var space in new[] { "\u00A0", "\u202F", "\u2009" })
        {
            yield return ($"U+{(int)space[0]:X4} thousands", ReplaceThousandsSpaces(text, space));
        }

        yield return ("space thousands", ReplaceDotThousands(text));
    }

    private static string AddVariationSelectors(string text)
    {
        var builder = new StringBuilder();
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            var element = (string)e.Current;
            builder.Append(element);
            if (Emojis.Contains(element, StringComparison.Ordinal))
            {
                builder.Append('\uFE0F');
            }
        }

        return builder.ToString();
    }

    /// <summary>Uzcard style "8 000.00": the space between digit groups becomes another space character.</summary>
    private static string ReplaceThousandsSpaces(string text, string space)
    {
        var chars = text.ToCharArray();
        for (var i = 1; i < chars.Length - 1; i++)
        {
            if (chars[i] == ' ' && char.IsAsciiDigit(chars[i - 1]) && char.IsAsciiDigit(chars[i + 1]))
            {
                chars[i] = space[0];
            }
        }

        return ReplaceDotThousands(new string(chars), space);
    }

    /// <summary>Humo style "1.010,00" becomes "1 010,00" (also a form the bots use).</summary>
    private static string ReplaceDotThousands(string text, string space = " ")
    {
        var chars = text.ToCharArray();
        for (var i = 1; i + 3 < chars.Length; i++)
        {
            if (chars[i] == '.' && char.IsAsciiDigit(chars[i - 1]) && chars.Skip(i + 1).Take(3).All(char.IsAsciiDigit) && (i + 4 >= chars.Length || !char.IsAsciiDigit(chars[i + 4])) && text.IndexOf(',', i) is var comma && comma > i && comma - i <= 12)
            {
                chars[i] = space[0];
            }
        }

        return new string(chars);
    }

    [Theory]
    [MemberData(nameof(FixtureIndexes))]
    public void EveryFixtureInEveryVariantParsesAsExpected(int index)
    {
        var fixture = Fixture.All[index];
        foreach (var (name, text) in Variants(fixture.Text))
        {
            var parsed = BankMessageParser.Parse(text);
            Assert.True(fixture.Kind == parsed.Kind, $"{name}: kind {parsed.Kind} for {fixture}");
            if (fixture.AmountTiyin is not null)
            {
                Assert.True(fixture.AmountTiyin == parsed.AmountTiyin, $"{name}: amount {parsed.AmountTiyin} for {fixture}");
            }

            if (fixture.Currency is not null)
            {
                Assert.Equal(fixture.Currency, parsed.Currency);
            }

            if (fixture.Last4 is not null)
            {
                Assert.True(fixture.Last4 == parsed.Last4, $"{name}: last4 {parsed.Last4} for {fixture}");
            }

            if (fixture.Scheme is not null)
            {
                Assert.Equal(fixture.Scheme, parsed.Scheme);
            }
        }
    }

    [Fact]
    public void FirstFixtureCarriesSourceTimeAndBalance()
    {
        var parsed = BankMessageParser.Parse(Fixture.All[0].Text);
        Assert.Equal("Click P2P WALLET 2", parsed.Source);
        Assert.Equal(new DateTimeOffset(2026, 6, 16, 5, 36, 0, TimeSpan.FromHours(5)), parsed.BankTime);
        Assert.Equal(2_337_871, parsed.BalanceTiyin);
        Assert.True(parsed.CanConfirm);
    }

    [Fact]
    public void CardXabarTimeIsDateFirstWithTwoDigitYear()
    {
        var uzcard = Fixture.All.Single(f => f.Last4 == "1393");
        Assert.Equal(new DateTimeOffset(2026, 6, 18, 22, 26, 0, TimeSpan.FromHours(5)), BankMessageParser.Parse(uzcard.Text).BankTime);
    }

    [Theory]
    [InlineData("To'ldirish")]
    [InlineData("To’ldirish")]
    [InlineData("To‘ldirish")]
    [InlineData("To`ldirish")]
    [InlineData("Toʻldirish")]
    [InlineData("To´ldirish")]
    [InlineData("Toldirish")]
    [InlineData("Пополнение")]
    [InlineData("🟢 Kirim")]
    public void AnyHeaderWordWithAPlusIsACredit(string header)
    {
        var parsed = BankMessageParser.Parse($"🎉 {header}\n➕ 20.001,00 UZS\n💳 HUMOCARD *7159");
        Assert.Equal(BankMessageKind.Credit, parsed.Kind);
        Assert.Equal(2_000_100, parsed.AmountTiyin);
    }

    [Fact]
    public void DirectionComesFromTheSignNotTheHeader()
    {
        Assert.Equal(BankMessageKind.Debit, BankMessageParser.Parse("🎉 To'ldirish\n➖ 20.001,00 UZS\n💳 HUMOCARD *7159").Kind);
        Assert.Equal(BankMessageKind.Credit, BankMessageParser.Parse("💸 To'lov\n➕ 20.001,00 UZS\n💳 HUMOCARD *7159").Kind);
    }

    [Theory]
    [InlineData("🎉 To'ldirish\n20.001,00 UZS\n💳 HUMOCARD *7159")]
    [InlineData("🎉 To'ldirish\n➕ 20.001,00 UZS\n➖ 20.001,00 UZS")]
    [InlineData("➕ 20.001,00 UZS ➕ 5,00 UZS")]
    [InlineData("➕ 1,000.00 UZS")]
    [InlineData("➕ 20.01,00 UZS")]
    [InlineData("➕ 20001,0 UZS")]
    [InlineData("➕ 20.001,001 UZS")]
    [InlineData("➕ 20.001,00")]
    [InlineData("➕ 20.001,00 uzs")]
    [InlineData("➕ 99999999999999999999,00 UZS")]
    [InlineData("➕ ,50 UZS")]
    [InlineData("Assalomu alaykum!")]
    [InlineData("")]
    public void AnythingNotExactlyABankOperationIsOther(string text) =>
        Assert.Equal(BankMessageKind.Other, BankMessageParser.Parse(text).Kind);

    [Fact]
    public void NullIsOther() => Assert.Same(ParsedBankMessage.Other, BankMessageParser.Parse(null));

    [Fact]
    public void AmountsFromOneTiyinToNearlyABillionSomRoundTripInBothStyles()
    {
        var random = new Random(42);
        var amounts = new List<long> { 1, 99, 100, 101, 99_999, 100_000, 99_999_999_999 };
        amounts.AddRange(Enumerable.Range(0, 500).Select(_ => random.NextInt64(1, 99_999_999_999)));
        foreach (var tiyin in amounts)
        {
            var whole = (tiyin / 100).ToString("#,0", CultureInfo.InvariantCulture);
            var humo = $"{whole.Replace(',', '.')},{tiyin % 100:00}";
            var uzcard = $"{whole.Replace(',', ' ')}.{tiyin % 100:00}";
            Assert.Equal(tiyin, BankMessageParser.Parse($"🎉 To'ldirish\n➕ {humo} UZS\n💳 HUMOCARD *7159").AmountTiyin);
            Assert.Equal(tiyin, BankMessageParser.Parse($"🟢 Popolnenie\n➕ {uzcard} UZS\n💳 ***1393").AmountTiyin);
        }
    }

    [Fact]
    public void DebitsAndForeignCurrenciesNeverConfirm()
    {
        foreach (var fixture in Fixture.All.Where(f => f.Kind != BankMessageKind.Credit || f.Currency != "UZS"))
        {
            Assert.False(BankMessageParser.Parse(fixture.Text).CanConfirm, fixture.ToString());
        }

        Assert.False(BankMessageParser.Parse("🎉 To'ldirish\n➕ 20.001,00 USD\n💳 HUMOCARD *7159").CanConfirm);
    }

    [Fact]
    public void FuzzedInputNeverThrowsAndParsesFast()
    {
        var random = new Random(20261129);
        var inputs = new List<string>();
        foreach (var fixture in Fixture.All)
        {
            for (var i = 0; i < 300; i++)
            {
                inputs.Add(Mutate(fixture.Text, random));
            }
        }

        for (var i = 0; i < 300; i++)
        {
            inputs.Add(RandomUnicode(random, random.Next(0, 400)));
        }

        inputs.Add(RandomUnicode(random, 1024 * 1024));
        inputs.Add(string.Concat(Enumerable.Repeat("➕ 1.000.000.000.000", 60_000)));
        inputs.Add(string.Concat(Enumerable.Repeat("💳", 300_000)) + "➕ 1,00 UZS");
        inputs.Add(new string('9', 1024 * 1024));

        // Compiled before timing: the bound is on parsing, not on the JIT's first call (which a loaded machine stretches).
        foreach (var fixture in Fixture.All)
        {
            BankMessageParser.Parse(fixture.Text);
        }

        var slowest = TimeSpan.Zero;
        foreach (var input in inputs)
        {
            var watch = Stopwatch.StartNew();
            var parsed = BankMessageParser.Parse(input);
            watch.Stop();
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            Assert.NotNull(parsed);
            if (parsed.Kind != BankMessageKind.Other)
            {
                Assert.NotNull(parsed.AmountTiyin);
                Assert.True(parsed.AmountTiyin >= 0);
            }
        }

        Assert.True(slowest < TimeSpan.FromMilliseconds(50), $"slowest parse took {slowest.TotalMilliseconds} ms");
    }

    private static string Mutate(string text, Random random)
    {
        var chars = text.ToList();
        var edits = random.Next(1, 6);
        for (var i = 0; i < edits && chars.Count > 0; i++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(4))
            {
                case 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, "0123456789.,  *➕➖💳\n"[random.Next(20)]);
                    break;
                case 2:
                    chars[at] = (char)random.Next(32, 0xD7FF);
                    break;
                default:
                    chars.InsertRange(at, chars.Skip(random.Next(chars.Count)).Take(random.Next(1, 20)).ToList());
                    break;
            }
        }

        return new string(chars.ToArray());
    }

    private static string RandomUnicode(Random random, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var roll = random.Next(10);
            builder.Append(roll switch
            {
                0 => '➕',
                1 => ',',
                2 => '.',
                3 => ' ',
                < 7 => (char)random.Next('0', '9' + 1),
                _ => (char)random.Next(1, 0xD7FF),
            });
        }

        return builder.ToString();
    }
}
