namespace Paycue.Grains.Interfaces;

/// <summary>What a card is: set once when the card is registered, changed only by re-registering.</summary>
/// <param name="CardId">Stable id, also the grain key.</param>
/// <param name="Kind">Sandbox or Telegram.</param>
/// <param name="Last4">Last four digits printed by the bank bot (<c>HUMOCARD *7159</c>); null when unknown, then any last4 matches.</param>
/// <param name="Number">Full card number for the pay page, digits only; null when the merchant did not give it.</param>
/// <param name="Owner">Card holder's name for the pay page.</param>
/// <param name="BankBotUserId">The Telegram user id whose messages are trusted as bank notifications.</param>
[GenerateSerializer, Immutable, Alias("paycue.card-spec")]
public sealed record CardSpec(
    string CardId,
    CardKind Kind,
    string? Last4,
    string? Number,
    string? Owner,
    long BankBotUserId);
