namespace Paycue.Grains.BankMessages;

/// <summary>
/// Why a message may not confirm a payment, as far as its text goes; <see cref="None"/> for a credit that may.
/// <c>paycue parse</c> prints it, so "why was this payment not seen?" has an answer.
/// </summary>
public enum NotACreditReason
{
    None,

    /// <summary>Longer than one Telegram message (4096 characters) can be: not one bank-bot message.</summary>
    TooLong,

    /// <summary>No line with a sign (➕ ➖ + -), an amount and a currency.</summary>
    NoAmountLine,

    /// <summary>More than one signed amount: which one is the operation cannot be told.</summary>
    SeveralAmountLines,

    /// <summary>A sign followed by a number that is not written exactly as the message's bank writes amounts.</summary>
    UnreadableAmount,

    /// <summary>The amount has no currency, or one that is not UZS.</summary>
    UnknownCurrency,

    /// <summary>Money went out (➖ or -): a debit never confirms.</summary>
    Debit,

    /// <summary>A credit of zero.</summary>
    ZeroAmount,

    /// <summary>No card mask (<c>HUMOCARD *7159</c>, <c>***8346</c>): which card was paid cannot be told.</summary>
    NoCardMask,

    /// <summary>Masks of different cards in one message.</summary>
    SeveralCardMasks,
}

public static class NotACreditReasonCodes
{
    /// <summary>The snake_case code printed by <c>paycue parse</c>; stable, scripts may match on it.</summary>
    public static string Code(this NotACreditReason reason) => reason switch
    {
        NotACreditReason.None => "none",
        NotACreditReason.TooLong => "too_long",
        NotACreditReason.NoAmountLine => "no_amount_line",
        NotACreditReason.SeveralAmountLines => "several_amount_lines",
        NotACreditReason.UnreadableAmount => "unreadable_amount",
        NotACreditReason.UnknownCurrency => "unknown_currency",
        NotACreditReason.Debit => "debit",
        NotACreditReason.ZeroAmount => "zero_amount",
        NotACreditReason.NoCardMask => "no_card_mask",
        NotACreditReason.SeveralCardMasks => "several_card_masks",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
