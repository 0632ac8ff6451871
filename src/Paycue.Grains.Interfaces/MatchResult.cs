namespace Paycue.Grains.Interfaces;

/// <summary>What became of one bank-bot message.</summary>
/// <param name="Outcome">One of <see cref="MatchOutcomes"/>.</param>
/// <param name="TransactionId">The transaction it confirmed, when it did.</param>
/// <param name="AmountTiyin">The credited amount, when the message was a credit.</param>
/// <param name="OrderId">The merchant's order id of the transaction it confirmed, when it had one.</param>
/// <param name="CatchUpAfter">
/// Set by a card its account feeds (which has no session of its own) when this message broke its balance chain: the
/// account reads the chat again from just after this message id, as it does for a gap in its own card's chain.
/// </param>
[GenerateSerializer, Immutable, Alias("paycue.match-result")]
public sealed record MatchResult(string Outcome, Guid? TransactionId, long? AmountTiyin, string? OrderId = null, long? CatchUpAfter = null)
{
    public bool Matched => Outcome == MatchOutcomes.Confirmed;
}
