namespace Paycue.Grains.Interfaces;

/// <summary>A card as the API and the router see it.</summary>
[GenerateSerializer, Immutable, Alias("paycue.card-info")]
public sealed record CardInfo(
    CardSpec Spec,
    string Status,
    string? StatusReason,
    int OpenTransactions,
    long BalanceGaps,
    DateTimeOffset? LastGapAt)
{
    /// <summary>Only ready cards take new transactions.</summary>
    public bool AcceptsTransactions => Status == CardStatus.Ready;
}
