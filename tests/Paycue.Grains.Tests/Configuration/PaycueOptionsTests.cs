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
    public void TzDefaultsToTashkentAndAnUnknownZoneIsAnErrorNamingTz()
    {
        var tashkent = Load().TimeZone;
        Assert.Equal("Asia/Tashkent", tashkent.Name);
        Assert.Equal("2026-11-29T15:00:00.000+05:00", tashkent.Format(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero)));
        Assert.Equal("Asia/Tashkent", Load(("TZ", ":/etc/localtime")).TimeZone.Name);
        Assert.Equal("2026-07-01T12:00:00.000+02:00", Load(("TZ", "Europe/Berlin")).TimeZone.Format(new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero)));
        var error = Assert.Throws<PaycueConfigException>(() => Load(("TZ", "Mars/Olympus")));
        Assert.StartsWith("TZ: 'Mars/Olympus' is not a time zone", error.Message);
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
    public void TwoSandboxCardsAreOneOfEachBank()
    {
        var cards = Load(("SANDBOX", "true"), ("SANDBOX_CARDS", "2")).SandboxCardSpecs().ToList();
        Assert.Equal([("sandbox-1", CardBanks.Humo, "0001"), ("sandbox-2", CardBanks.Uzcard, "0002")], cards.Select(c => (c.CardId, c.BankName, c.Last4)));
        Assert.Equal(["9860000000000001", "8600000000000002"], cards.Select(c => c.Number));
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

/// <summary>A huge duration is a configuration error naming its key, never an overflow later.</summary>
public sealed class DurationCapTests
{
    public static TheoryData<string> DurationKeys() =>
    [
        "TRANSACTION_TIMEOUT", "AMOUNT_COOLDOWN", "EXPIRY_GRACE", "EXPIRY_HOLD_MAX", "WEBHOOK_BACKOFF", "WEBHOOK_TIMEOUT",
        "RETENTION", "REMINDER_PERIOD",
    ];

    [Theory]
    [MemberData(nameof(DurationKeys))]
    public void HugeDurationIsAnErrorNamingItsKeyAndTheCap(string key)
    {
        var error = Assert.Throws<PaycueConfigException>(() => PaycueOptions.Load(k => k == key ? "999999999d" : null));
        Assert.StartsWith(key + ":", error.Message);
        Assert.Contains("3650d", error.Message);
    }

    [Fact]
    public void TenYearsIsTheLongestDuration()
    {
        Assert.True(Durations.TryParse("3650d", out var longest));
        Assert.Equal(TimeSpan.FromDays(3650), longest);
        Assert.False(Durations.TryParse("3651d", out _));
        Assert.False(Durations.TryParse("999999999d", out _));
        Assert.Equal(TimeSpan.FromDays(3650), PaycueOptions.Load(k => k == "RETENTION" ? "3650d" : null).Retention);
    }

    [Fact]
    public async Task LongestBackoffDoubledManyTimesStillSchedulesARetry()
    {
        var options = new PaycueOptions
        {
            WebhookUrl = new Uri("http://127.0.0.1:9/hook"),
            WebhookSecret = "whsec_" + Convert.ToBase64String(new byte[24]),
            WebhookBackoff = TimeSpan.FromDays(3650),
            WebhookRetries = 30,
        };
        using var http = new HttpClient(new Answer500());
        using var sender = new Paycue.Grains.Webhooks.WebhookSender(http, options, new Paycue.Grains.Webhooks.WebhookSecrets(options, null!), TimeProvider.System);
        var delivery = new Paycue.Grains.Webhooks.WebhookDelivery(sender, options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Paycue.Grains.Webhooks.WebhookDelivery>.Instance);
        var pending = new Paycue.Grains.Transactions.WebhookEventRecord { EventId = "evt", Action = "confirm", CreatedAt = DateTimeOffset.UtcNow, Attempts = 15 };

        await delivery.AttemptAsync("owner", pending, "{}"u8.ToArray());

        Assert.Equal(WebhookStatus.Pending, pending.Status);
        Assert.True(pending.NextAttemptAt > DateTimeOffset.UtcNow + TimeSpan.FromDays(3000), $"next attempt {pending.NextAttemptAt}");
    }

    private sealed class Answer500 : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError) { Content = new StringContent("{}") });
    }
}

/// <summary>Outside the sandbox, a WEBHOOK_URL at Paycue's own /health/ would swallow every confirmation.</summary>
public sealed class OwnHealthWebhookTests
{
    private static PaycueOptions Load(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return PaycueOptions.Load(key => map.GetValueOrDefault(key));
    }

    [Theory]
    [InlineData("http://127.0.0.1:10800/health/", null)]
    [InlineData("http://localhost:10800/health", null)]
    [InlineData("http://[::1]:10800/health/", null)]
    [InlineData("https://pay.example.uz/health/", "https://pay.example.uz")]
    public void OwnHealthIsRefusedOutsideTheSandbox(string url, string? publicUrl)
    {
        var values = new List<(string, string)> { ("WEBHOOK_URL", url), ("SANDBOX", "false") };
        if (publicUrl is not null)
        {
            values.Add(("PUBLIC_URL", publicUrl));
        }

        var error = Assert.Throws<PaycueConfigException>(() => Load([.. values]));
        Assert.StartsWith("WEBHOOK_URL:", error.Message);
        Assert.Contains("/health/", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:10800/health/", "true", "10800")]
    [InlineData("http://127.0.0.1:9000/health/", "false", "10800")]
    [InlineData("http://127.0.0.1:10800/shop/hook", "false", "10800")]
    [InlineData("https://shop.example.uz/health/", "false", "10800")]
    public void OtherAddressesOrTheSandboxAreFine(string url, string sandbox, string port) =>
        Assert.Equal(new Uri(url), Load(("WEBHOOK_URL", url), ("SANDBOX", sandbox), ("PORT", port), ("PUBLIC_URL", "https://pay.example.uz")).WebhookUrl);
}
