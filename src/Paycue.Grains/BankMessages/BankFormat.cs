namespace Paycue.Grains.BankMessages;

/// <summary>
/// Which bank bot's way of writing a message this was, read from the shape of the card mask, the time and the
/// amount (never from an emoji). A later check can hold it against the bot the message came from.
/// </summary>
public enum BankFormat
{
    /// <summary>Nothing in the message says which bot wrote it, or its parts disagree.</summary>
    Unknown,

    /// <summary>@HUMOcardbot: <c>HUMOCARD *7159</c> or <c>VISA *8286</c>, <c>05:36 16.06.2026</c>, <c>1.010,00 UZS</c>.</summary>
    Humo,

    /// <summary>@CardXabarBot: <c>***8346</c> or <c>532154**1744</c>, <c>23.09.26 22:50</c>, <c>9 900.00 UZS</c>.</summary>
    Uzcard,
}
