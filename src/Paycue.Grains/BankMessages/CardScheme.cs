namespace Paycue.Grains.BankMessages;

/// <summary>The card network named before the mask (<c>HUMOCARD *7159</c>, <c>VISA *8286</c>); co-badged Humo cards show VISA or MASTERCARD.</summary>
public enum CardScheme
{
    Unknown,
    Humocard,
    Uzcard,
    Visa,
    Mastercard,
}
