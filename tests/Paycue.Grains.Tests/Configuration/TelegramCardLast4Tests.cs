using Paycue.Grains.Configuration;

namespace Paycue.Grains.Tests.Configuration;

/// <summary>A Telegram card always has a last4: without one, the bank bot's card check would silently accept any card.</summary>
public sealed class TelegramCardLast4Tests
{
    private static PaycueOptions Load(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return PaycueOptions.Load(key => map.GetValueOrDefault(key));
    }

    [Fact]
    public void Last4ComesFromTheCardNumberWhenCardLast4IsEmpty()
    {
        var card = Load(("TG_PHONE", "+998901234567"), ("CARD_NUMBER", "9860 1234 5678 4321")).TelegramCardSpec();
        Assert.Equal("4321", card!.Last4);
    }

    [Fact]
    public void TelegramPhoneWithoutLast4OrNumberIsAConfigurationError()
    {
        var error = Assert.Throws<PaycueConfigException>(() => Load(("TG_PHONE", "+998901234567")));
        Assert.StartsWith("CARD_LAST4:", error.Message);
        Assert.Contains("CARD_NUMBER", error.Message);
    }

    [Fact]
    public void Last4ThatIsNotTheNumbersEndIsAConfigurationError()
    {
        var error = Assert.Throws<PaycueConfigException>(() =>
            Load(("TG_PHONE", "+998901234567"), ("CARD_NUMBER", "9860123456784321"), ("CARD_LAST4", "1111")));
        Assert.StartsWith("CARD_LAST4:", error.Message);
    }

    [Fact]
    public void SandboxWithATelegramPhoneIsAConfigurationError()
    {
        var error = Assert.Throws<PaycueConfigException>(() =>
            Load(("SANDBOX", "true"), ("TG_PHONE", "+998901234567"), ("CARD_LAST4", "4321")));
        Assert.StartsWith("SANDBOX:", error.Message);
    }
}
