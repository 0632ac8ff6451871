namespace Paycue.Grains.Ledger;

/// <summary>The embedded default, in memory. One lock: this store serves one process at shop scale.</summary>
public sealed class MemoryLedgerStore : ILedgerStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, PaymentRecord> payments = [];
    private readonly Dictionary<string, DeliveryRecord> deliveries = [];
    private readonly Dictionary<Guid, DateTimeOffset> closed = [];
    private readonly Dictionary<(string Kind, string Id), DateTimeOffset> kept = [];
    private readonly Dictionary<string, PaymentResolution> resolutions = [];
    private readonly List<(string CardId, CancelledEntry Entry)> cancelled = [];

    public Task RecordPaymentAsync(PaymentRecord payment)
    {
        lock (gate)
        {
            // A confirmed row is never downgraded: the same rule as the Redis store.
            if (!payments.TryGetValue(payment.PaymentId, out var current) || !current.Matched || payment.Matched)
            {
                payments[payment.PaymentId] = payment;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(PaymentFilter filter, DateTimeOffset? since, DateTimeOffset? before, int limit)
    {
        lock (gate)
        {
            IReadOnlyList<PaymentRecord> page = payments.Values.Select(WithResolution)
                .Where(p => filter switch
                {
                    PaymentFilter.Matched => p.Matched,
                    PaymentFilter.Unmatched => p.Unhandled,
                    PaymentFilter.Dismissed => p.Resolution?.Status == PaymentResolutionStatus.Dismissed,
                    PaymentFilter.Resolved => p.Resolution?.Status == PaymentResolutionStatus.Resolved,
                    _ => true,
                })
                .Where(p => (since is null || p.ReceivedAt >= since) && (before is null || p.ReceivedAt < before))
                // By millisecond, then id, as the Redis index orders them: the console's keyset cursor walks both alike.
                .OrderByDescending(p => p.ReceivedAt.ToUnixTimeMilliseconds()).ThenByDescending(p => p.PaymentId, StringComparer.Ordinal)
                .Take(limit).ToList();
            return Task.FromResult(page);
        }
    }

    public Task<PaymentRecord?> PaymentAsync(string paymentId)
    {
        lock (gate)
        {
            return Task.FromResult(payments.TryGetValue(paymentId, out var row) ? WithResolution(row) : null);
        }
    }

    public Task<PaymentResolution> ClaimResolutionAsync(PaymentResolution wanted)
    {
        lock (gate)
        {
            return Task.FromResult(resolutions.TryAdd(wanted.PaymentId, wanted) ? wanted : resolutions[wanted.PaymentId]);
        }
    }

    public Task PutResolutionAsync(PaymentResolution resolution)
    {
        lock (gate)
        {
            resolutions[resolution.PaymentId] = resolution;
        }

        return Task.CompletedTask;
    }

    public Task ClearResolutionAsync(string paymentId, Guid transactionId)
    {
        lock (gate)
        {
            if (resolutions.TryGetValue(paymentId, out var current) && current.Status == PaymentResolutionStatus.Resolving && current.TransactionId == transactionId)
            {
                resolutions.Remove(paymentId);
            }
        }

        return Task.CompletedTask;
    }

    public Task RecordCancelledAsync(string cardId, Guid transactionId, long amountTiyin, DateTimeOffset cancelledAt)
    {
        lock (gate)
        {
            cancelled.RemoveAll(c => c.Entry.TransactionId == transactionId);
            cancelled.Add((cardId, new CancelledEntry(transactionId, amountTiyin, cancelledAt)));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CancelledEntry>> CancelledAsync(string cardId, DateTimeOffset from, DateTimeOffset to)
    {
        lock (gate)
        {
            IReadOnlyList<CancelledEntry> found = cancelled.Where(c => c.CardId == cardId && c.Entry.CancelledAt >= from && c.Entry.CancelledAt <= to).Select(c => c.Entry).ToList();
            return Task.FromResult(found);
        }
    }

    private PaymentRecord WithResolution(PaymentRecord row) =>
        resolutions.TryGetValue(row.PaymentId, out var resolution) ? resolution.JoinTo(row) : row;

    public Task RecordDeliveryAsync(DeliveryRecord delivery)
    {
        lock (gate)
        {
            deliveries[delivery.EventId] = delivery;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(WebhookStatus status, DateTimeOffset? before, int limit)
    {
        lock (gate)
        {
            IReadOnlyList<DeliveryRecord> page = deliveries.Values
                .Where(d => d.Status == status && (before is null || d.At < before))
                // By millisecond, then id, as the Redis index orders them: the console's keyset cursor walks both alike.
                .OrderByDescending(d => d.At.ToUnixTimeMilliseconds()).ThenByDescending(d => d.EventId, StringComparer.Ordinal).Take(limit).ToList();
            return Task.FromResult(page);
        }
    }

    public Task RecordClosedAsync(Guid transactionId, DateTimeOffset closedAt)
    {
        lock (gate)
        {
            closed[transactionId] = closedAt;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Guid>> ClosedAsync(DateTimeOffset? before, int limit)
    {
        lock (gate)
        {
            IReadOnlyList<Guid> page = closed.Where(c => before is null || c.Value < before).OrderByDescending(c => c.Value).Take(limit).Select(c => c.Key).ToList();
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<Guid>> SweepAsync(DateTimeOffset cutoff, int skip, int maxTransactions)
    {
        lock (gate)
        {
            foreach (var old in payments.Values.Where(p => p.ReceivedAt < cutoff).ToList())
            {
                payments.Remove(old.PaymentId);
                resolutions.Remove(old.PaymentId);
            }

            cancelled.RemoveAll(c => c.Entry.CancelledAt < cutoff);

            foreach (var old in deliveries.Values.Where(d => d.At < cutoff).ToList())
            {
                deliveries.Remove(old.EventId);
            }

            IReadOnlyList<Guid> expired = closed.Where(c => c.Value < cutoff).OrderBy(c => c.Value).Skip(skip).Take(maxTransactions).Select(c => c.Key).ToList();
            return Task.FromResult(expired);
        }
    }

    public Task ForgetClosedAsync(IReadOnlyCollection<Guid> transactionIds)
    {
        lock (gate)
        {
            foreach (var id in transactionIds)
            {
                closed.Remove(id);
            }
        }

        return Task.CompletedTask;
    }

    public Task RecordKeptAsync(string kind, string id, DateTimeOffset at)
    {
        lock (gate)
        {
            kept[(kind, id)] = at;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> KeptBeforeAsync(string kind, DateTimeOffset cutoff, int skip, int limit)
    {
        lock (gate)
        {
            IReadOnlyList<string> old = kept.Where(k => k.Key.Kind == kind && k.Value < cutoff).OrderBy(k => k.Value).Skip(skip).Take(limit).Select(k => k.Key.Id).ToList();
            return Task.FromResult(old);
        }
    }

    public Task ForgetKeptAsync(string kind, IReadOnlyCollection<string> ids)
    {
        lock (gate)
        {
            foreach (var id in ids)
            {
                kept.Remove((kind, id));
            }
        }

        return Task.CompletedTask;
    }
}
