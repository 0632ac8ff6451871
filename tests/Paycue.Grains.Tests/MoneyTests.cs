namespace Paycue.Grains.Tests;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("20000", true, 2_000_000)]
    [InlineData("20000.00", true, 2_000_000)]
    [InlineData("2e4", true, 2_000_000)]
    [InlineData("20000.5", false, 2_000_050)]
    [InlineData("20000.05", false, 2_000_005)]
    [InlineData("0.01", false, 1)]
    [InlineData("1000000000", true, 100_000_000_000)]
    [InlineData("999999999.99", false, 99_999_999_999)]
    public void ParsesSomIntoExactTiyin(string text, bool wholeOnly, long expected)
    {
        Assert.True(Money.TryParseSom(text, wholeOnly, out var tiyin, out var error), error);
        Assert.Equal(expected, tiyin);
    }

    [Theory]
    [InlineData("0", "greater than 0")]
    [InlineData("-5", "greater than 0")]
    [InlineData("20000.001", "more than two decimals")]
    [InlineData("1000000000.01", "at most 1000000000")]
    [InlineData("1e12", "at most 1000000000")]
    [InlineData("abc", "number of so'm")]
    [InlineData("12.3.4", "number of so'm")]
    [InlineData("", "number of so'm")]
    public void RefusesBadAmountsWithASentence(string text, string expectedFragment)
    {
        Assert.False(Money.TryParseSom(text, wholeSomOnly: false, out _, out var error));
        Assert.Contains(expectedFragment, error);
    }

    [Fact]
    public void SomPrecisionRefusesFractionalSom()
    {
        Assert.False(Money.TryParseSom("20000.50", wholeSomOnly: true, out _, out var error));
        Assert.Contains("whole number of so'm", error);
    }

    [Theory]
    [InlineData(2_000_100, "20001")]
    [InlineData(2_000_105, "20001.05")]
    [InlineData(1, "0.01")]
    [InlineData(99_999_999_999, "999999999.99")]
    public void WritesTiyinAsExactSomText(long tiyin, string expected) => Assert.Equal(expected, Money.ToSomText(tiyin));
}
