namespace Paycue.Grains.Interfaces;

/// <summary>
/// One payment (key: transaction id). Active until confirmed, cancelled by the merchant, or expired by a durable
/// reminder; owns delivery of its webhooks with retries that survive a crash.
/// </summary>
[Alias("paycue.transaction")]
public interface ITransactionGrain : IGrainWithGuidKey
{
    /// <summary>Starts the transaction and its expiry reminder. Opening again with the same data is a no-op.</summary>
    [Alias("open")]
    Task<TransactionView> OpenAsync(TransactionOpening opening);

    /// <summary>The transaction, or null when it was never opened.</summary>
    [Alias("get")]
    [AlwaysInterleave]
    Task<TransactionView?> GetAsync();

    /// <summary>A matching credit arrived. Idempotent for the same evidence.</summary>
    [Alias("confirm")]
    Task<ConfirmOutcome> ConfirmAsync(PaymentEvidence evidence);

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
