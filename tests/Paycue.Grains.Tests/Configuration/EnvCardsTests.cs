using Paycue.Grains.Configuration;
using Paycue.Grains.Telegram;

namespace Paycue.Grains.Tests.Configuration;

/// <summary><c>CARDS</c>: several cards (Humo and Uzcard) on the .env account, with errors that say what to fix.</summary>
public sealed class EnvCardsTests
{
    private const string Phone = "+998901234567";

    private static PaycueOptions Load(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return PaycueOptions.Load(key => map.GetValueOrDefault(key));
    }

    [Fact]
    public void CardsGiveTheAccountsFirstCardAndItsFurtherCards()
    {
        var options = Load(("TG_PHONE", Phone), ("CARDS", "humo:7159:9860 1234 5678 7159:Ali Valiyev, uzcard:8346::Ali Valiyev"), ("UZCARD_WATCH_ID", "123456"));
        var account = TelegramCardIds.FromPhone(Phone);
        var cards = options.TelegramCardSpecs();
        Assert.Equal(2, cards.Count);
        Assert.Equal(new CardSpec(account, CardKind.Telegram, "7159", "9860123456787159", "Ali Valiyev", PaycueOptions.HumoCardBotId, CardBanks.Humo), cards[0]);
        Assert.Equal(new CardSpec($"{account}.uzcard-8346", CardKind.Telegram, "8346", null, "Ali Valiyev", 0, CardBanks.Uzcard, account), cards[1]);
        Assert.Equal(cards[0], options.TelegramCardSpec());
    }

    [Fact]
    public void TheSingleCardKeysKeepWorking()
    {
        var cards = Load(("TG_PHONE", Phone), ("CARD_LAST4", "7159"), ("CARD_OWNER", "Owner")).TelegramCardSpecs();
        Assert.Equal([new CardSpec(TelegramCardIds.FromPhone(Phone), CardKind.Telegram, "7159", null, "Owner", PaycueOptions.HumoCardBotId)], cards);
    }

    [Theory]
    [InlineData("visa:7159::Owner", "card 1 ('visa:7159::Owner'): the bank must be humo or uzcard")]
    [InlineData("humo:715::Owner", "card 1 ('humo:715::Owner'): the last4 must be the card's last four digits")]
    [InlineData("humo", "card 1 ('humo') is not bank:last4:number:owner")]
    [InlineData("humo:7159:9860123456781111:Owner", "the last4 7159 is not the end of the number")]
    [InlineData("humo:7159:98601234:Owner", "the number must be the card's 16 to 19 digits")]
    [InlineData("humo:7159,HUMO:7159", "card 2 ('HUMO:7159'): humo *7159 is listed twice")]
    public void ABadCardIsAConfigurationErrorNamingIt(string cards, string expected)
    {
        var error = Assert.Throws<PaycueConfigException>(() => Load(("TG_PHONE", Phone), ("CARDS", cards)));
        Assert.StartsWith("CARDS:", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void CardsWithoutAPhoneOrBesideCardLast4AreConfigurationErrors()
    {
        Assert.Contains("TG_PHONE is not", Assert.Throws<PaycueConfigException>(() => Load(("CARDS", "humo:7159"))).Message);
        Assert.Contains("remove CARD_LAST4", Assert.Throws<PaycueConfigException>(() => Load(("TG_PHONE", Phone), ("CARDS", "humo:7159"), ("CARD_LAST4", "7159"))).Message);
    }
}
