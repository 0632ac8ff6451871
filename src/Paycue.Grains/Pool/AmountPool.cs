using Paycue.Grains.Configuration;

namespace Paycue.Grains.Pool;

/// <summary>
/// A card's amounts: which are held, and the nearest free one for a request. Lookups are O(1) per candidate, so a
/// quote costs at most LIMIT / step hash probes however many transactions are open.
/// Every method takes <see cref="Sync"/>: the card's grain turns and the creates its silo's gateway makes without a
/// grain call (see <c>CardGrain.Direct</c>) reach the pool from different threads. A caller that must see several steps
/// as one (find a free amount, then hold it) takes <see cref="Sync"/> around them; it is reentrant.
/// </summary>
public sealed class AmountPool(long stepTiyin, long maxOffsetSteps, AmountDirection direction, TimeSpan cooldown)
{
    private readonly Dictionary<long, PoolEntry> byAmount = [];
    private readonly Dictionary<Guid, long> byTransaction = [];
    private readonly SortedSet<(DateTimeOffset ExpiresAt, Guid TransactionId)> openByExpiry = [];

    /// <summary>The pool's lock; reentrant, never held across an await.</summary>
    public Lock Sync { get; } = new();

    private int openCount;

    public int OpenCount => Volatile.Read(ref openCount);

    public int HeldCount
    {
        get
        {
            lock (Sync)
            {
                return byAmount.Count;
            }
        }
    }

    public static AmountPool FromOptions(PaycueOptions options) =>
        new(options.StepTiyin, options.MaxOffsetSteps, options.Direction, options.AmountCooldown);

    /// <summary>Forgets everything, before a <see cref="Load"/> of what storage holds now.</summary>
    public void Clear()
    {
        lock (Sync)
        {
            byAmount.Clear();
            byTransaction.Clear();
            openByExpiry.Clear();
            openCount = 0;
        }
    }

    /// <summary>Restores entries read back from storage.</summary>
    public void Load(IEnumerable<PoolEntry> entries)
    {
        lock (Sync)
        {
            foreach (var entry in entries)
            {
                Put(entry);
            }
        }
    }

    /// <summary>The nearest free amount and its offset in steps, or null when none is free within LIMIT.</summary>
    public (long AmountTiyin, long OffsetSteps)? FindFree(long requestedTiyin, DateTimeOffset now)
    {
        lock (Sync)
        {
            var sign = direction == AmountDirection.Up ? 1 : -1;
            for (long offset = 0; offset <= maxOffsetSteps; offset++)
            {
                var candidate = requestedTiyin + (sign * offset * stepTiyin);
                if (candidate <= 0)
                {
                    return null;
                }

                if (IsFree(candidate, now))
                {
                    return (candidate, offset);
                }
            }

            return null;
        }
    }

    /// <summary>Holds <paramref name="entry"/>'s amount; the caller found it free a moment ago in the same turn.</summary>
    public void Hold(PoolEntry entry)
    {
        lock (Sync)
        {
            if (byAmount.TryGetValue(entry.AmountTiyin, out var existing) && existing.TransactionId != entry.TransactionId && existing.HeldUntil(cooldown) > entry.CreatedAt)
            {
                throw new InvalidOperationException($"Amount {entry.AmountTiyin} is held by another transaction.");
            }

            Put(entry);
        }
    }

    /// <summary>Starts the cooldown of a transaction's amount; null when the pool does not know the transaction.</summary>
    public PoolEntry? Close(Guid transactionId, DateTimeOffset now)
    {
        lock (Sync)
        {
            if (!byTransaction.TryGetValue(transactionId, out var amount) || !byAmount.TryGetValue(amount, out var entry))
            {
                return null;
            }

            if (!entry.IsOpen)
            {
                return entry;
            }

            var closed = entry with { ClosedAt = now };
            Put(closed);
            return closed;
        }
    }

    /// <summary>The entry holding an amount, if any (open, cooling down, or stale and not yet swept).</summary>
    public PoolEntry? Find(long amountTiyin)
    {
        lock (Sync)
        {
            return byAmount.GetValueOrDefault(amountTiyin);
        }
    }

    public PoolEntry? FindTransaction(Guid transactionId)
    {
        lock (Sync)
        {
            return byTransaction.TryGetValue(transactionId, out var amount) ? byAmount.GetValueOrDefault(amount) : null;
        }
    }

    /// <summary>A copy of the open entries as they are now.</summary>
    public IReadOnlyList<PoolEntry> OpenEntries()
    {
        lock (Sync)
        {
            return byAmount.Values.Where(e => e.IsOpen).ToList();
        }
    }

    /// <summary>Open entries whose deadline is at or before <paramref name="now"/>, earliest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<PoolEntry> OpenDue(DateTimeOffset now, int limit)
    {
        lock (Sync)
        {
            var due = new List<PoolEntry>();
            foreach (var (expiresAt, transactionId) in openByExpiry)
            {
                if (expiresAt > now || due.Count == limit)
                {
                    break;
                }

                due.Add(FindTransaction(transactionId)!);
            }

            return due;
        }
    }

    /// <summary>
    /// The earliest deadline of an open entry that is still ahead of <paramref name="now"/>. Walks past only the
    /// entries already due (few: those waiting for their transaction to answer), never the whole set.
    /// </summary>
    public DateTimeOffset? NextOpenExpiryAfter(DateTimeOffset now)
    {
        lock (Sync)
        {
            foreach (var (expiresAt, _) in openByExpiry)
            {
                if (expiresAt > now)
                {
                    return expiresAt;
                }
            }

            return null;
        }
    }

    /// <summary>Entries whose hold has ended, for the caller to delete from storage after <see cref="Forget"/>.</summary>
    public IReadOnlyList<PoolEntry> Expired(DateTimeOffset now)
    {
        lock (Sync)
        {
            return byAmount.Values.Where(e => e.HeldUntil(cooldown) <= now).ToList();
        }
    }

    public void Forget(PoolEntry entry)
    {
        lock (Sync)
        {
            if (byAmount.TryGetValue(entry.AmountTiyin, out var current) && current.TransactionId == entry.TransactionId)
            {
                byAmount.Remove(entry.AmountTiyin);
                byTransaction.Remove(entry.TransactionId);
                if (current.IsOpen)
                {
                    openCount--;
                    openByExpiry.Remove((current.ExpiresAt, current.TransactionId));
                }
            }
        }
    }

    private bool IsFree(long amountTiyin, DateTimeOffset now) =>
        !byAmount.TryGetValue(amountTiyin, out var entry) || entry.HeldUntil(cooldown) <= now;

    private void Put(PoolEntry entry)
    {
        if (byAmount.TryGetValue(entry.AmountTiyin, out var previous))
        {
            byTransaction.Remove(previous.TransactionId);
            if (previous.IsOpen)
            {
                openCount--;
                openByExpiry.Remove((previous.ExpiresAt, previous.TransactionId));
            }
        }

        byAmount[entry.AmountTiyin] = entry;
        byTransaction[entry.TransactionId] = entry.AmountTiyin;
        if (entry.IsOpen)
        {
            openCount++;
            openByExpiry.Add((entry.ExpiresAt, entry.TransactionId));
        }
    }
}
