namespace Paycue.Grains.Interfaces;

/// <summary>Outcome names, stable because they appear in the API, the ledger and the metrics.</summary>
public static class MatchOutcomes
{
    public const string Confirmed = "confirmed";
    public const string NoOpenTransaction = "no_open_transaction";
    public const string Expired = "expired";

    /// <summary>Dated at or before its transaction's deadline, but read after the transaction was cancelled.</summary>
    public const string PaidAfterCancel = "paid_after_cancel";
    public const string InCooldown = "in_cooldown";
    public const string BeforeCreation = "before_creation";
    public const string WrongCard = "wrong_card";

    /// <summary>A credit to a card the Telegram account has but Paycue does not manage (another last4): never confirms.</summary>
    public const string UnknownCard = "unknown_card";
    public const string Duplicate = "duplicate";
    public const string UntrustedSender = "untrusted_sender";
    public const string NotPrivateChat = "not_private_chat";
    public const string Outgoing = "outgoing";
    public const string Forwarded = "forwarded";
    public const string NotACredit = "not_a_credit";
    public const string CardNotRegistered = "card_not_registered";
}
