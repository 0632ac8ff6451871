using Paycue.Grains.Configuration;

namespace Paycue.Grains.Tests.Configuration;

public sealed class PaycueOptionsTests
{
    private static PaycueOptions Load(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return PaycueOptions.Load(key => map.GetValueOrDefault(key));
    }

    [Fact]
    public void DefaultsFollowTheOriginalDocs()
    {
        var options = Load();
        Assert.Equal(TimeSpan.FromMinutes(30), options.TransactionTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), options.AmountCooldown);
        Assert.Equal(100, options.LimitSom);
        Assert.Equal(3, options.WebhookRetries);
        Assert.Equal(TimeSpan.FromSeconds(5), options.WebhookBackoff);
        Assert.Equal(10800, options.Port);
        Assert.Equal(856254490, options.WatchId);
        Assert.Equal(AmountPrecision.Som, options.Precision);
        Assert.Equal(100, options.StepTiyin);
        Assert.Equal(100, options.MaxOffsetSteps);
        Assert.False(options.UsesRedis);
        Assert.Empty(options.SandboxCardSpecs());
        Assert.Equal(120, options.PayRateLimit);
    }

    [Fact]
    public void ExpiryWaitsTwoMinutesOfGraceAndHoldsAtMostTwoHoursForAFeedThatIsDown()
    {
        var options = Load();
        Assert.Equal(TimeSpan.FromMinutes(2), options.ExpiryGrace);
        Assert.Equal(TimeSpan.FromHours(2), options.ExpiryHoldMax);
        Assert.Equal(TimeSpan.FromSeconds(3), Load(("EXPIRY_GRACE", "3s"), ("AMOUNT_COOLDOWN", "3s")).ExpiryGrace);
    }

    /// <summary>
    /// A cooldown shorter than the grace would hand a just-cancelled amount to a new order while a payment dated in
    /// time for the old one may still arrive and pay the new one by mistake.
    /// </summary>
    [Fact]
    public void ACooldownShorterThanTheGraceIsRefusedNamingBothKeys()
    {
        var error = Assert.Throws<PaycueConfigException>(() => Load(("AMOUNT_COOLDOWN", "0"), ("EXPIRY_GRACE", "2m")));
        Assert.StartsWith("AMOUNT_COOLDOWN:", error.Message);
        Assert.Contains("EXPIRY_GRACE", error.Message);
    }

    [Theory]
    [InlineData("30m", 30 * 60)]
    [InlineData("45s", 45)]
    [InlineData("1h", 3600)]
    [InlineData("30", 30 * 60)]
    public void TimeoutAcceptsTheDocumentedForms(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Load(("TRANSACTION_TIMEOUT", text)).TransactionTimeout);

    [Theory]
    [InlineData("TRANSACTION_TIMEOUT", "3x")]
    [InlineData("LIMIT", "-1")]
    [InlineData("AMOUNT_PRECISION", "kopek")]
    [InlineData("AMOUNT_DIRECTION", "sideways")]
    [InlineData("PORT", "70000")]
    [InlineData("WEBHOOK_URL", "ftp://example")]
    [InlineData("SANDBOX", "maybe")]
    [InlineData("CARD_LAST4", "71a9")]
    [InlineData("WORKERS", "0")]
    [InlineData("PAY_RATE_LIMIT", "0")]
    public void BadValueNamesItsKey(string key, string value)
    {
        var error = Assert.Throws<PaycueConfigException>(() => Load((key, value)));
        Assert.StartsWith(key + ":", error.Message);
    }

    [Fact]
    public void HalfACredentialPairIsRefused()
    {
        var error = Assert.Throws<PaycueConfigException>(() => Load(("API_USERNAME", "shop")));
        Assert.Contains("API_PASSWORD", error.Message);
    }

    [Fact]
    public void TiyinPrecisionWidensTheSearchToLimitInTiyin()
    {
        var options = Load(("AMOUNT_PRECISION", "tiyin"), ("LIMIT", "5"));
        Assert.Equal(1, options.StepTiyin);
        Assert.Equal(500, options.MaxOffsetSteps);
    }

    [Fact]
    public void SandboxCardsAreNumberedWithLast4()
    {
        var cards = Load(("SANDBOX", "true"), ("SANDBOX_CARDS", "3")).SandboxCardSpecs().ToList();
        Assert.Equal(["sandbox-1", "sandbox-2", "sandbox-3"], cards.Select(c => c.CardId));
        Assert.Equal(["0001", "0002", "0003"], cards.Select(c => c.Last4));
        Assert.All(cards, c => Assert.Equal(PaycueOptions.SandboxSenderId, c.BankBotUserId));
    }

    [Fact]
    public void DotEnvReadsQuotesCommentsAndExport()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "# comment\nAPP_ID=123\nSESSION_DIR=\"sessions\"\nexport LIMIT=7 # inline\nWEBHOOK_URL='http://127.0.0.1:10800/health/'\n\n");
        var values = DotEnv.Read(path);
        Assert.Equal("123", values["APP_ID"]);
        Assert.Equal("sessions", values["SESSION_DIR"]);
        Assert.Equal("7", values["LIMIT"]);
        Assert.Equal("http://127.0.0.1:10800/health/", values["WEBHOOK_URL"]);
        File.Delete(path);
    }

    [Fact]
    public void DotEnvLineWithoutEqualsNamesTheLine()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "APP_ID=1\nLIMIT 7\n");
        var error = Assert.Throws<PaycueConfigException>(() => DotEnv.Read(path));
        Assert.Contains(":2:", error.Message);
        File.Delete(path);
    }
}
