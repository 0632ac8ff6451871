namespace Paycue.Grains.Ledger;

/// <summary>The embedded default, in memory. One lock: this store serves one process at shop scale.</summary>
public sealed class MemoryLedgerStore : ILedgerStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, PaymentRecord> payments = [];
    private readonly Dictionary<string, DeliveryRecord> deliveries = [];
    private readonly Dictionary<Guid, DateTimeOffset> closed = [];
    private readonly Dictionary<(string Kind, string Id), DateTimeOffset> kept = [];

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
            IReadOnlyList<PaymentRecord> page = payments.Values
                .Where(p => filter == PaymentFilter.All || p.Matched == (filter == PaymentFilter.Matched))
                .Where(p => (since is null || p.ReceivedAt >= since) && (before is null || p.ReceivedAt < before))
                .OrderByDescending(p => p.ReceivedAt).ThenByDescending(p => p.PaymentId, StringComparer.Ordinal)
                .Take(limit).ToList();
            return Task.FromResult(page);
        }
    }

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
                .OrderByDescending(d => d.At).Take(limit).ToList();
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
            }

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
