namespace Paycue.Grains.Interfaces;

/// <summary>A card's answer to "how far from the requested amount is your nearest free amount?".</summary>
/// <param name="CardId">The card that answered.</param>
/// <param name="OffsetSteps">Steps of the configured precision between request and nearest free amount; null when none is free within LIMIT or the card is not ready.</param>
/// <param name="OpenTransactions">Open transactions on the card, the tie-breaker.</param>
[GenerateSerializer, Immutable, Alias("paycue.quote")]
public sealed record Quote(string CardId, long? OffsetSteps, int OpenTransactions);
