namespace Paycue.Grains.Interfaces;

/// <summary>
/// One credit a bank bot reported, matched or not. The ledger keeps every one, so money that arrived but paid no
/// order is visible instead of silently dropped.
/// </summary>
/// <param name="PaymentId">Stable id: card, chat and message id.</param>
/// <param name="Outcome">One of <see cref="MatchOutcomes"/>.</param>
/// <param name="Resolution">What a person decided about an unmatched credit, when someone did (stored apart, joined on read).</param>
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
    PaymentResolution? Resolution = null,
    string? OrderId = null)
{
    public bool Matched => Outcome == MatchOutcomes.Confirmed;

    /// <summary>Unmatched and nobody decided about it yet (a resolve still in progress counts as undecided).</summary>
    public bool Unhandled => !Matched && Resolution is null or { Status: PaymentResolutionStatus.Resolving };
}
