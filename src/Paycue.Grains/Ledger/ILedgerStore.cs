namespace Paycue.Grains.Ledger;

/// <summary>
/// The payments ledger, the failed-delivery index and the list of closed transactions, ordered by time so listing
/// pages and retention sweeps never scan everything.
/// </summary>
public interface ILedgerStore
{
    Task RecordPaymentAsync(PaymentRecord payment);

    Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(PaymentFilter filter, DateTimeOffset? since, DateTimeOffset? before, int limit);

    /// <summary>One ledger row with its resolution; null when there is none (never recorded, or past RETENTION).</summary>
    Task<PaymentRecord?> PaymentAsync(string paymentId);

    /// <summary>
    /// Stores <paramref name="wanted"/> as the row's resolution only if it has none, atomically, and returns the
    /// resolution stored afterwards (the caller compares it with what it wanted). A final one (dismissed, resolved)
    /// takes the row out of the unmatched index and into its own.
    /// </summary>
    Task<PaymentResolution> ClaimResolutionAsync(PaymentResolution wanted);

    /// <summary>Stores the resolution whatever was there: the transaction's confirm is durable, and this records the truth.</summary>
    Task PutResolutionAsync(PaymentResolution resolution);

    /// <summary>Removes a <c>resolving</c> claim for <paramref name="transactionId"/> (the transaction refused it); anything else stays.</summary>
    Task ClearResolutionAsync(string paymentId, Guid transactionId);

    /// <summary>Indexes a cancelled transaction by card and time, so a stray credit can be offered the ones cancelled around it.</summary>
    Task RecordCancelledAsync(string cardId, Guid transactionId, long amountTiyin, DateTimeOffset cancelledAt);

    /// <summary>The card's transactions cancelled from <paramref name="from"/> to <paramref name="to"/>.</summary>
    Task<IReadOnlyList<CancelledEntry>> CancelledAsync(string cardId, DateTimeOffset from, DateTimeOffset to);

    /// <summary>Indexes a delivery under its status (and removes it from the others).</summary>
    Task RecordDeliveryAsync(DeliveryRecord delivery);

    Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(WebhookStatus status, DateTimeOffset? before, int limit);

    /// <summary>Remembers when a transaction closed, for the retention sweep.</summary>
    Task RecordClosedAsync(Guid transactionId, DateTimeOffset closedAt);

    Task<IReadOnlyList<Guid>> ClosedAsync(DateTimeOffset? before, int limit);

    /// <summary>
    /// Deletes payment, resolution, cancelled-index and delivery records older than <paramref name="cutoff"/>; returns closed transactions older
    /// than it (oldest first, after skipping <paramref name="skip"/>), which stay indexed until
    /// <see cref="ForgetClosedAsync"/>: an id dropped before its purge succeeded would never be purged.
    /// </summary>
    Task<IReadOnlyList<Guid>> SweepAsync(DateTimeOffset cutoff, int skip, int maxTransactions);

    /// <summary>Removes purged transactions from the closed index.</summary>
    Task ForgetClosedAsync(IReadOnlyCollection<Guid> transactionIds);

    /// <summary>
    /// Indexes a record kept in grain storage (<paramref name="kind"/>: <see cref="KeptKinds"/>) under its time, so the
    /// retention sweep finds it without scanning storage.
    /// </summary>
    Task RecordKeptAsync(string kind, string id, DateTimeOffset at);

    /// <summary>Ids of this kind recorded before <paramref name="cutoff"/>, oldest first; they stay until forgotten.</summary>
    Task<IReadOnlyList<string>> KeptBeforeAsync(string kind, DateTimeOffset cutoff, int skip, int limit);

    Task ForgetKeptAsync(string kind, IReadOnlyCollection<string> ids);
}

/// <summary>A transaction in the cancelled index.</summary>
public sealed record CancelledEntry(Guid TransactionId, long AmountTiyin, DateTimeOffset CancelledAt);

/// <summary>The grain-stored records the retention sweep removes besides transactions.</summary>
public static class KeptKinds
{
    /// <summary>An Idempotency-Key's record (key: the header value).</summary>
    public const string Idempotency = "idempotency";

    /// <summary>A payment's unmatched-webhook state (key: the payment id).</summary>
    public const string PaymentNotice = "payment-notice";
}
