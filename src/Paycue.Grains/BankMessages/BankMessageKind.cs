namespace Paycue.Grains.BankMessages;

/// <summary>Which way the money went, read from ➕/➖ only, never from the header word.</summary>
public enum BankMessageKind
{
    Other,
    Credit,
    Debit,
}
