namespace Paycue.Grains.BankMessages;

public enum CardScheme
{
    Unknown,
    Humocard,
    Uzcard,
}
