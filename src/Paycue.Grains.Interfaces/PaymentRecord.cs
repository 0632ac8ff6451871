namespace Paycue.Grains.Interfaces;

/// <summary>
/// One credit a bank bot reported, matched or not. The ledger keeps every one, so money that arrived but paid no
/// order is visible instead of silently dropped.
/// </summary>
/// <param name="PaymentId">Stable id: card, chat and message id.</param>
/// <param name="Outcome">One of <see cref="MatchOutcomes"/>.</param>
/// <param name="Resolution">What a person decided about an unmatched credit, when someone did (stored apart, joined on read).</param>
/// <param name="OrderId">The confirmed transaction's order id (set at create), so the row names the merchant's order.</param>
/// <param name="MessageText">
/// The bank message's text as received, cut to <see cref="MaxMessageTextLength"/> characters; null on rows written
/// before it was kept. It holds the merchant's card mask, amounts and balance: shown to the signed-in merchant and
/// returned by the API, never written to a log (<see cref="ToString"/> leaves it out).
/// </param>
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
    string? OrderId = null,
    string? MessageText = null)
{
    /// <summary>The longest bank message text a row keeps; a bank bot's credit notice is a few hundred characters.</summary>
    public const int MaxMessageTextLength = 1_000;

    /// <summary>The text a row keeps of <paramref name="text"/>: at most <see cref="MaxMessageTextLength"/> characters, never a split surrogate pair.</summary>
    public static string? KeptText(string? text)
    {
        if (text is null || text.Length <= MaxMessageTextLength)
        {
            return text;
        }

        var end = char.IsHighSurrogate(text[MaxMessageTextLength - 1]) ? MaxMessageTextLength - 1 : MaxMessageTextLength;
        return text[..end];
    }

    public bool Matched => Outcome == MatchOutcomes.Confirmed;

    /// <summary>Unmatched and nobody decided about it yet (a resolve still in progress counts as undecided).</summary>
    public bool Unhandled => !Matched && Resolution is null or { Status: PaymentResolutionStatus.Resolving };

    /// <summary>Everything but the bank message's text, so a row that reaches a log or an exception never carries the merchant's card and balance.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"PaymentId = {PaymentId}, CardId = {CardId}, MessageId = {MessageId}, AmountTiyin = {AmountTiyin}, Currency = {Currency}, ReceivedAt = {ReceivedAt:O}, BankTime = {BankTime:O}, Source = {Source}, Outcome = {Outcome}, TransactionId = {TransactionId}, Resolution = {Resolution}, OrderId = {OrderId}, MessageText = {(MessageText is null ? "" : $"({MessageText.Length} characters)")}");
        return true;
    }
}
