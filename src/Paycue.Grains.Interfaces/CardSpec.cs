namespace Paycue.Grains.Interfaces;

/// <summary>What a card is: set once when the card is registered, changed only by re-registering.</summary>
/// <param name="CardId">Stable id, also the grain key. A Telegram account's first card has the account's id
/// (<c>tg-&lt;hash&gt;</c>); its further cards <c>tg-&lt;hash&gt;.&lt;bank&gt;-&lt;last4&gt;</c> (<see cref="AccountCardIds"/>).</param>
/// <param name="Kind">Sandbox or Telegram.</param>
/// <param name="Last4">Last four digits printed by the bank bot (<c>HUMOCARD *7159</c>, <c>***8346</c>); required for
/// new cards. A card registered before that with null takes no transactions and matches no credit until its last4 is
/// given (<c>POST /api/accounts/{id}/cards</c> with its bank), so a credit to another card on the same phone never pays.</param>
/// <param name="Number">Full card number for the pay page, digits only; null when the merchant did not give it.</param>
/// <param name="Owner">Card holder's name for the pay page.</param>
/// <param name="BankBotUserId">The Telegram user id whose messages are trusted as this card's bank notifications
/// (0: an Uzcard card whose bot is resolved by username at login).</param>
/// <param name="Bank"><c>humo</c> or <c>uzcard</c> (<see cref="CardBanks"/>); null on cards registered before banks
/// existed, which are Humo cards.</param>
/// <param name="AccountId">The Telegram account (the grain holding the session) this card's notifications arrive on;
/// null: the card is its own account (sandbox cards, and every card registered before accounts existed).</param>
/// <param name="SessionOnly">The account's grain carries a session but no card of its own yet (an account logged in
/// before its first card was added): it takes no transactions and matches nothing to itself.</param>
[GenerateSerializer, Immutable, Alias("paycue.card-spec")]
public sealed record CardSpec(
    string CardId,
    CardKind Kind,
    string? Last4,
    string? Number,
    string? Owner,
    long BankBotUserId,
    string? Bank = null,
    string? AccountId = null,
    bool SessionOnly = false)
{
    /// <summary>The card's bank, <c>humo</c> when it was registered before banks existed.</summary>
    public string BankName => Bank ?? CardBanks.Humo;

    /// <summary>The account whose session carries this card's notifications.</summary>
    public string Account => AccountId ?? CardId;

    /// <summary>A card hosted by another card's account: it has no session of its own.</summary>
    public bool IsHosted => AccountId is not null && AccountId != CardId;
}

/// <summary>The two card networks and their display names.</summary>
public static class CardBanks
{
    public const string Humo = "humo";
    public const string Uzcard = "uzcard";

    public static readonly IReadOnlyList<string> All = [Humo, Uzcard];

    /// <summary>"humo"/"uzcard" in any case, else null.</summary>
    public static string? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        Humo => Humo,
        Uzcard => Uzcard,
        _ => null,
    };

    /// <summary>As the pay page prints it beside the card number.</summary>
    public static string DisplayName(string bank) => bank == Uzcard ? "UZCARD" : "HUMO";
}

/// <summary>How card ids relate to their account.</summary>
public static class AccountCardIds
{
    /// <summary>A further card of <paramref name="accountId"/>: URL-safe, and the account is the part before the dot.</summary>
    public static string Hosted(string accountId, string bank, string last4) => $"{accountId}.{bank}-{last4}";

    /// <summary>The account a card id belongs to without a lookup: <c>tg-x.uzcard-8346</c> → <c>tg-x</c>; any other id is its own account.</summary>
    public static string AccountOf(string cardId) => cardId.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? cardId[..dot] : cardId;
}
