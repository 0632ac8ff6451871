namespace Paycue.Grains.Ledger;

/// <summary>
/// The payments ledger, the failed-delivery index and the list of closed transactions, ordered by time so listing
/// pages and retention sweeps never scan everything.
/// </summary>
public interface ILedgerStore
{
    Task RecordPaymentAsync(PaymentRecord payment);

    Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(PaymentFilter filter, DateTimeOffset? since, DateTimeOffset? before, int limit);

    /// <summary>Indexes a delivery under its status (and removes it from the others).</summary>
    Task RecordDeliveryAsync(DeliveryRecord delivery);

    Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(WebhookStatus status, DateTimeOffset? before, int limit);

    /// <summary>Remembers when a transaction closed, for the retention sweep.</summary>
    Task RecordClosedAsync(Guid transactionId, DateTimeOffset closedAt);

    Task<IReadOnlyList<Guid>> ClosedAsync(DateTimeOffset? before, int limit);

    /// <summary>
    /// Deletes payment and delivery records older than <paramref name="cutoff"/>; returns closed transactions older
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

/// <summary>The grain-stored records the retention sweep removes besides transactions.</summary>
public static class KeptKinds
{
    /// <summary>An Idempotency-Key's record (key: the header value).</summary>
    public const string Idempotency = "idempotency";

    /// <summary>A payment's unmatched-webhook state (key: the payment id).</summary>
    public const string PaymentNotice = "payment-notice";
}
