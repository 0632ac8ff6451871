using Paycue.Grains.BankMessages;

namespace Paycue.Grains.Tests.BankMessages;

public sealed class TrustAndBalanceTests
{
    private const long Bot = 856254490;
    private const string Credit = "🎉 To'ldirish\n➕ 20.001,00 UZS\n💳 HUMOCARD *7159";

    private static BankMessage Genuine(string text = Credit) => new(Bot, Bot, 42, DateTimeOffset.UtcNow, text, false, false, true);

    private static Refusal Check(BankMessage message, string? last4 = "7159") =>
        TrustRules.Check(message, Bot, last4, BankMessageParser.Parse(message.Text));

    [Fact]
    public void GenuineCreditFromTheBotIsTrusted() => Assert.Equal(Refusal.None, Check(Genuine()));

    [Fact]
    public void CardWithoutLast4AcceptsAnyLast4() => Assert.Equal(Refusal.None, Check(Genuine(), last4: null));

    [Fact]
    public void SomeoneElseWritingTheSameTextIsRefused() =>
        Assert.Equal(Refusal.UntrustedSender, Check(Genuine() with { SenderId = 12345, ChatId = 12345 }));

    [Fact]
    public void TheBotInAGroupIsRefused() =>
        Assert.Equal(Refusal.NotPrivateChat, Check(Genuine() with { ChatId = -100123, IsPrivateChat = false }));

    [Fact]
    public void OutgoingMessageIsRefused() => Assert.Equal(Refusal.Outgoing, Check(Genuine() with { IsOutgoing = true }));

    [Fact]
    public void ForwardedMessageIsRefused() => Assert.Equal(Refusal.Forwarded, Check(Genuine() with { IsForwarded = true }));

    [Fact]
    public void DebitIsNotACredit() => Assert.Equal(Refusal.NotACredit, Check(Genuine(Credit.Replace("➕", "➖", StringComparison.Ordinal))));

    [Fact]
    public void OtherCardsLast4IsRefused() => Assert.Equal(Refusal.WrongCard, Check(Genuine(Credit.Replace("7159", "6224", StringComparison.Ordinal))));

    private static ParsedBankMessage Op(char sign, string amount, string balance) =>
        BankMessageParser.Parse($"🎉 X\n{(sign == '+' ? "➕" : "➖")} {amount} UZS\n💳 HUMOCARD *7159\n💰 {balance} UZS");

    [Fact]
    public void IntactSequenceHasNoGap()
    {
        var chain = new BalanceChain();
        Assert.False(chain.Observe(Op('+', "1.000,00", "11.000,00")));
        Assert.False(chain.Observe(Op('-', "500,00", "10.500,00")));
        Assert.False(chain.Observe(Op('+', "20.001,00", "30.501,00")));
        Assert.Equal(3_050_100, chain.LastBalanceTiyin);
    }

    [Fact]
    public void RemovedMessageIsDetected()
    {
        var chain = new BalanceChain();
        chain.Observe(Op('+', "1.000,00", "11.000,00"));

        // The "-500" in between never arrived.
        Assert.True(chain.Observe(Op('+', "20.001,00", "30.501,00")));
        Assert.False(chain.Observe(Op('+', "1,00", "30.502,00")));
    }

    [Fact]
    public void ForeignCurrencyDoesNotMoveTheChain()
    {
        var chain = new BalanceChain(1_100_000);
        Assert.False(chain.Observe(BankMessageParser.Parse("💸 Конверсия\n➖ 1 100.90 USD\n💳 532154**1744\n💵 1 505.00 USD")));
        Assert.Equal(1_100_000, chain.LastBalanceTiyin);
    }
}
