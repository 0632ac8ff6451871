namespace Paycue.Grains.Interfaces;

/// <summary>
/// One credit a bank bot reported, matched or not. The ledger keeps every one, so money that arrived but paid no
/// order is visible instead of silently dropped.
/// </summary>
/// <param name="PaymentId">Stable id: card, chat and message id.</param>
/// <param name="Outcome">One of <see cref="MatchOutcomes"/>.</param>
/// <param name="OrderId">The confirmed transaction's order id (set at create), so the row names the merchant's order.</param>
[GenerateSerializer, Immutable, Alias("paycue.payment-record")]
public sealed record PaymentRecord(
    string PaymentId,
    string CardId,
    long MessageId,
    long AmountTiyin,
    string? Currency,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? BankTime,
    string? Source,
    string Outcome,
    Guid? TransactionId,
    string? OrderId = null)
{
    public bool Matched => Outcome == MatchOutcomes.Confirmed;
}
