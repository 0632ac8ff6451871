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

    /// <summary>Which bank bot's format the message was written in (humo or uzcard), so the sender can be checked against it.</summary>
    public BankFormat Format { get; init; }

    /// <summary>
    /// What the fields alone cannot say: why a message is <see cref="BankMessageKind.Other"/>, or that it named
    /// several cards. Set by the parser; <see cref="Reason"/> is what to read.
    /// </summary>
    public NotACreditReason Problem { get; init; }

    /// <summary>Why this message may not confirm a payment; <see cref="NotACreditReason.None"/> when it may.</summary>
    public NotACreditReason Reason => Kind switch
    {
        BankMessageKind.Other => Problem == NotACreditReason.None ? NotACreditReason.NoAmountLine : Problem,
        BankMessageKind.Debit => NotACreditReason.Debit,
        _ when Currency != "UZS" => NotACreditReason.UnknownCurrency,
        _ when AmountTiyin is not > 0 => NotACreditReason.ZeroAmount,
        _ when Last4 is null => Problem == NotACreditReason.SeveralCardMasks ? Problem : NotACreditReason.NoCardMask,
        _ => NotACreditReason.None,
    };

    /// <summary>
    /// True only for a credit in UZS with an amount and the mask of exactly one card: the only kind that may confirm
    /// a payment (a credit that does not say which card was paid could be money to any of the account's cards).
    /// </summary>
    public bool CanConfirm => Reason == NotACreditReason.None;
}
