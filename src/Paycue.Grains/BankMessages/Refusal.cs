namespace Paycue.Grains.BankMessages;

/// <summary>Why a message may not confirm anything; <see cref="None"/> when it may.</summary>
public enum Refusal
{
    None,
    UntrustedSender,
    NotPrivateChat,
    Outgoing,
    Forwarded,
    WrongCard,

    /// <summary>A credit to a card on the account that Paycue does not manage.</summary>
    UnknownCard,
    NotACredit,
}
