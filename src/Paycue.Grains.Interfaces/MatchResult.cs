namespace Paycue.Grains.Interfaces;

/// <summary>What became of one bank-bot message.</summary>
/// <param name="Outcome">One of <see cref="MatchOutcomes"/>.</param>
/// <param name="TransactionId">The transaction it confirmed, when it did.</param>
/// <param name="AmountTiyin">The credited amount, when the message was a credit.</param>
[GenerateSerializer, Immutable, Alias("paycue.match-result")]
public sealed record MatchResult(string Outcome, Guid? TransactionId, long? AmountTiyin)
{
    public bool Matched => Outcome == MatchOutcomes.Confirmed;
}
