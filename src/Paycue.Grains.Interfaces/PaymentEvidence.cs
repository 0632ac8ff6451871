namespace Paycue.Grains.Interfaces;

/// <summary>The credit that pays a transaction: which card, which message, how much, when.</summary>
[GenerateSerializer, Immutable, Alias("paycue.payment-evidence")]
public sealed record PaymentEvidence(string CardId, long MessageId, long AmountTiyin, DateTimeOffset PaidAt);
