namespace Paycue.Grains.Interfaces;

/// <summary>
/// One payment (key: transaction id). Created by its card in the same write that holds its amount; active until
/// confirmed, cancelled by the merchant, or expired by its card; owns delivery of its webhooks with retries that
/// survive a crash.
/// </summary>
[Alias("paycue.transaction")]
public interface ITransactionGrain : IGrainWithGuidKey
{
    /// <summary>The transaction, or null when it was never opened.</summary>
    [Alias("get")]
    [AlwaysInterleave]
    Task<TransactionView?> GetAsync();

    /// <summary>A matching credit arrived. Idempotent for the same evidence.</summary>
    [Alias("confirm")]
    Task<ConfirmOutcome> ConfirmAsync(PaymentEvidence evidence);

    /// <summary>
    /// A person attaches a stray credit (<paramref name="evidence"/>) to this transaction: active or cancelled, it is
    /// confirmed now, with <paramref name="resolution"/> recorded and a <c>confirm</c> webhook marked manual; the
    /// ledger row is updated after the confirm is durable, and retried by this grain until it lands. Idempotent for the
    /// same payment. <see cref="ConfirmOutcome.AlreadyConfirmed"/> when another payment confirmed it,
    /// <see cref="ConfirmOutcome.Mismatch"/> when the credit is on another card.
    /// </summary>
    [Alias("resolve")]
    Task<ConfirmOutcome> ResolveAsync(PaymentEvidence evidence, PaymentResolution resolution);

    /// <summary>
    /// From the card, once the deadline and its grace passed (and the card's feed is caught up, or has been down for
    /// too long): cancel with <paramref name="reason"/> (<c>expired</c>, <c>feed_down</c>) if still active, and in any
    /// case make sure the card releases the amount. One-way, so a card expiring many at once never waits on them.
    /// </summary>
    [Alias("expire")]
    [OneWay]
    Task ExpireAsync(string cardId, long amountTiyin, string reason);

    /// <summary>
    /// The pay page was opened: the first time while the transaction is active, the moment is saved for its timeline;
    /// later opens change nothing. One-way, so the page never waits on it; a lost one only leaves the moment unknown.
    /// </summary>
    [Alias("pay-page-opened")]
    [OneWay]
    Task PayPageOpenedAsync();

    /// <summary>The merchant gives up on the payment.</summary>
    [Alias("cancel")]
    Task<CancelOutcome> CancelAsync(string reason);

    /// <summary>Deletes a closed transaction whose webhooks are settled (retention). False when it must be kept.</summary>
    [Alias("purge")]
    Task<bool> PurgeAsync();

    /// <summary>Sends the latest event again, with the same event id.</summary>
    [Alias("redeliver")]
    Task<bool> RedeliverAsync();
}
