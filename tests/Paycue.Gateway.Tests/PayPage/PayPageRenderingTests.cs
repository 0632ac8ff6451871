using System.Net;
using Microsoft.AspNetCore.Http;
using Paycue.Gateway.PayPage;
using Paycue.Grains.Configuration;
using Paycue.Grains.Interfaces;

namespace Paycue.Gateway.Tests.PayPage;

/// <summary>The page's formatting, language choice and view mapping, without a cluster.</summary>
public sealed class PayPageRenderingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 4, 3, 54, TimeSpan.Zero);

    private static TransactionView Transaction(TransactionState state = TransactionState.Active, string? cancelReason = null, TimeSpan? left = null) => new(
        Guid.NewGuid(), state, "tg-1", "7159", 2_000_000, 2_000_100, Now.AddMinutes(-1), Now + (left ?? TimeSpan.FromMinutes(29)),
        null, state == TransactionState.Cancelled ? Now : null, cancelReason, null, []);

    [Theory]
    [InlineData(2_000_100, false, "20 001")]
    [InlineData(2_000_105, false, "20 001,05")]
    [InlineData(2_000_105, true, "20 001,05")]
    [InlineData(2_000_100, true, "20 001,00")]
    [InlineData(50, false, "0,50")]
    [InlineData(99_900, false, "999")]
    [InlineData(100_000_000_000, false, "1 000 000 000")]
    public void AmountTextGroupsThousandsAndKeepsTiyinExact(long tiyin, bool tiyinPrecision, string expected) =>
        Assert.Equal(expected, PayAmountText.Format(tiyin, tiyinPrecision));

    [Theory]
    [InlineData("9860000000000001", "9860 0000 0000 0001")]
    [InlineData("9860123456789012345", "9860 1234 5678 9012 345")]
    public void CardNumberIsGroupedByFour(string digits, string expected) =>
        Assert.Equal(expected, PayCardNumber.Group(digits));

    [Fact]
    public void CardWithoutNumberShowsLast4AndANoteAndNoCardCopyButton()
    {
        var card = new CardSpec("tg-1", CardKind.Telegram, "7159", null, "Ali Valiyev", 1);
        var view = PayView.From(Transaction(), card, AmountPrecision.Som, Now);

        var html = PayPageHtml.Render(view, "/api/pay/x", PayTexts.English, new PayAssets(), "");

        Assert.Null(view.CardNumber);
        Assert.Equal("7159", view.CardLast4);
        Assert.Contains("•••• 7159", html);
        Assert.Contains(PayTexts.English.Last4Only, html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "data-copy="));
        Assert.Contains("<strong id=\"owner\">Ali Valiyev</strong>", html);
    }

    [Fact]
    public void OwnerNameIsHtmlEncoded()
    {
        var card = new CardSpec("tg-1", CardKind.Telegram, "7159", "9860000000007159", "<img src=x onerror=alert(1)>", 1);
        var html = PayPageHtml.Render(PayView.From(Transaction(), card, AmountPrecision.Som, Now), "/api/pay/x", PayTexts.Uzbek, new PayAssets(), "");

        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
    }

    [Theory]
    [InlineData(TransactionState.Active, null, "active", false)]
    [InlineData(TransactionState.Confirmed, null, "confirmed", false)]
    [InlineData(TransactionState.Cancelled, "expired", "expired", true)]
    [InlineData(TransactionState.Cancelled, "cancelled_by_merchant", "cancelled", false)]
    public void PageStateTellsExpiryFromAMerchantCancel(TransactionState state, string? reason, string pageState, bool expired)
    {
        var view = PayView.From(Transaction(state, reason), null, AmountPrecision.Som, Now);

        Assert.Equal(pageState, view.PageState);
        Assert.Equal(expired, view.Expired);
        Assert.Equal(state == TransactionState.Active ? 29 * 60 : 0, view.SecondsLeft);
        Assert.Contains($"<body class=\"state-{pageState}\"", PayPageHtml.Render(view, "/api/pay/x", PayTexts.Russian, new PayAssets(), ""));
    }

    [Fact]
    public void SecondsLeftRoundUpAndAnOverdueActiveTransactionReadsAsChecking()
    {
        Assert.Equal(11, PayView.From(Transaction(left: TimeSpan.FromMilliseconds(10_200)), null, AmountPrecision.Som, Now).SecondsLeft);

        var overdue = PayView.From(Transaction(left: TimeSpan.FromSeconds(-3)), null, AmountPrecision.Som, Now);
        Assert.Equal("active", overdue.State);
        Assert.Equal(0, overdue.SecondsLeft);
        Assert.True(overdue.Expired);

        // Not cancelled yet: a payment made in time may still be read, so the payer is told "checking", not "expired".
        Assert.Equal("checking", overdue.PageState);
        Assert.Equal(PayTexts.Uzbek.StateChecking, PayPageHtml.StateText(overdue.PageState, PayTexts.Uzbek));
    }

    [Theory]
    [InlineData(0, "00:00")]
    [InlineData(59, "00:59")]
    [InlineData(1800, "30:00")]
    [InlineData(3725, "1:02:05")]
    public void CountdownReadsAsMinutesAndSeconds(long seconds, string expected) =>
        Assert.Equal(expected, PayPageHtml.Clock(seconds));

    [Theory]
    [InlineData("ru", null, "ru")]
    [InlineData("EN", "ru", "en")]
    [InlineData(null, "uz-Cyrl-UZ, ru;q=0.5", "uz")]
    [InlineData(null, "en;q=0, ru;q=0.1", "ru")]
    [InlineData(null, "*", "uz")]
    [InlineData(null, "not a header;;", "uz")]
    [InlineData(null, null, "uz")]
    public void LanguageIsChosenFromQueryThenHeader(string? lang, string? acceptLanguage, string expected)
    {
        var context = new DefaultHttpContext();
        if (lang is not null)
        {
            context.Request.QueryString = new QueryString($"?lang={lang}");
        }

        if (acceptLanguage is not null)
        {
            context.Request.Headers.AcceptLanguage = acceptLanguage;
        }

        Assert.Equal(expected, PayTexts.For(context.Request).Code);
    }

    [Fact]
    public void EveryLanguageHasEverySentenceAndTranslatesIt()
    {
        var sentences = typeof(PayTexts).GetProperties().Where(p => p.PropertyType == typeof(string)).ToList();
        Assert.True(sentences.Count >= 25);
        foreach (var property in sentences)
        {
            var values = PayTexts.All.Select(t => (string)property.GetValue(t)!).ToList();
            Assert.All(values, v => Assert.False(string.IsNullOrWhiteSpace(v), property.Name));
            Assert.True(values.Distinct().Count() == values.Count, $"{property.Name} is not translated: {string.Join(" | ", values)}");
        }
    }

    [Fact]
    public void RateLimitPartitionsByIpv4AddressAndIpv6Slash64()
    {
        Assert.Equal("203.0.113.7", PayPageRateLimit.ClientKey(IPAddress.Parse("::ffff:203.0.113.7")));
        Assert.Equal(PayPageRateLimit.ClientKey(IPAddress.Parse("2001:db8:1:2::1")), PayPageRateLimit.ClientKey(IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.NotEqual(PayPageRateLimit.ClientKey(IPAddress.Parse("2001:db8:1:2::1")), PayPageRateLimit.ClientKey(IPAddress.Parse("2001:db8:1:3::1")));
    }
}
