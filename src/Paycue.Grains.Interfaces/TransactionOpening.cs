namespace Paycue.Grains.Interfaces;

/// <summary>Everything a transaction needs at birth; the card has already reserved the amount.</summary>
/// <param name="Order">What the merchant attached (order id, metadata, return URL); null when nothing. Appended, so older records read as null.</param>
[GenerateSerializer, Immutable, Alias("paycue.transaction-opening")]
public sealed record TransactionOpening(
    string CardId,
    string? CardLast4,
    long RequestedTiyin,
    long AmountTiyin,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    OrderDetails? Order = null);
