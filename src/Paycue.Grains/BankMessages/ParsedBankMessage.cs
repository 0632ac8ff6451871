namespace Paycue.Grains.BankMessages;

/// <summary>What a bank-bot message says, exactly: amounts in integer tiyin, times at minute precision in Tashkent.</summary>
public sealed record ParsedBankMessage(
    BankMessageKind Kind,
    long? AmountTiyin,
    string? Currency,
    CardScheme Scheme,
    string? Last4,
    string? Source,
    DateTimeOffset? BankTime,
    long? BalanceTiyin)
{
    public static readonly ParsedBankMessage Other = new(BankMessageKind.Other, null, null, CardScheme.Unknown, null, null, null, null);

    /// <summary>True only for a credit in UZS with an amount: the only kind that may confirm a payment.</summary>
    public bool CanConfirm => Kind == BankMessageKind.Credit && Currency == "UZS" && AmountTiyin is > 0;
}
