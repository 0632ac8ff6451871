using Paycue.Grains.Configuration;

namespace Paycue.Grains.Pool;

/// <summary>
/// A card's amounts: which are held, and the nearest free one for a request. Plain and single-threaded: the
/// CardGrain's single activation is its lock. Lookups are O(1) per candidate, so a quote costs at most
/// LIMIT / step hash probes however many transactions are open.
/// </summary>
public sealed class AmountPool(long stepTiyin, long maxOffsetSteps, AmountDirection direction, TimeSpan cooldown)
{
    private readonly Dictionary<long, PoolEntry> byAmount = [];
    private readonly Dictionary<Guid, long> byTransaction = [];
    private readonly SortedSet<(DateTimeOffset ExpiresAt, Guid TransactionId)> openByExpiry = [];

    public int OpenCount { get; private set; }

    public int HeldCount => byAmount.Count;

    public static AmountPool FromOptions(PaycueOptions options) =>
        new(options.StepTiyin, options.MaxOffsetSteps, options.Direction, options.AmountCooldown);

    /// <summary>Forgets everything, before a <see cref="Load"/> of what storage holds now.</summary>
    public void Clear()
    {
        byAmount.Clear();
        byTransaction.Clear();
        openByExpiry.Clear();
        OpenCount = 0;
    }

    /// <summary>Restores entries read back from storage.</summary>
    public void Load(IEnumerable<PoolEntry> entries)
    {
        foreach (var entry in entries)
        {
            Put(entry);
        }
    }

    /// <summary>The nearest free amount and its offset in steps, or null when none is free within LIMIT.</summary>
    public (long AmountTiyin, long OffsetSteps)? FindFree(long requestedTiyin, DateTimeOffset now)
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

    /// <summary>Holds <paramref name="entry"/>'s amount; the caller found it free a moment ago in the same turn.</summary>
    public void Hold(PoolEntry entry)
    {
        if (byAmount.TryGetValue(entry.AmountTiyin, out var existing) && existing.TransactionId != entry.TransactionId && existing.HeldUntil(cooldown) > entry.CreatedAt)
        {
            throw new InvalidOperationException($"Amount {entry.AmountTiyin} is held by another transaction.");
        }

        Put(entry);
    }

    /// <summary>Starts the cooldown of a transaction's amount; null when the pool does not know the transaction.</summary>
    public PoolEntry? Close(Guid transactionId, DateTimeOffset now)
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

    /// <summary>The entry holding an amount, if any (open, cooling down, or stale and not yet swept).</summary>
    public PoolEntry? Find(long amountTiyin) => byAmount.GetValueOrDefault(amountTiyin);

    public PoolEntry? FindTransaction(Guid transactionId) =>
        byTransaction.TryGetValue(transactionId, out var amount) ? byAmount.GetValueOrDefault(amount) : null;

    public IEnumerable<PoolEntry> OpenEntries() => byAmount.Values.Where(e => e.IsOpen);

    /// <summary>Open entries whose deadline is at or before <paramref name="now"/>, earliest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<PoolEntry> OpenDue(DateTimeOffset now, int limit)
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

    /// <summary>
    /// The earliest deadline of an open entry that is still ahead of <paramref name="now"/>. Walks past only the
    /// entries already due (few: those waiting for their transaction to answer), never the whole set.
    /// </summary>
    public DateTimeOffset? NextOpenExpiryAfter(DateTimeOffset now)
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

    /// <summary>Entries whose hold has ended, for the caller to delete from storage after <see cref="Forget"/>.</summary>
    public IReadOnlyList<PoolEntry> Expired(DateTimeOffset now) =>
        byAmount.Values.Where(e => e.HeldUntil(cooldown) <= now).ToList();

    public void Forget(PoolEntry entry)
    {
        if (byAmount.TryGetValue(entry.AmountTiyin, out var current) && current.TransactionId == entry.TransactionId)
        {
            byAmount.Remove(entry.AmountTiyin);
            byTransaction.Remove(entry.TransactionId);
            if (current.IsOpen)
            {
                OpenCount--;
                openByExpiry.Remove((current.ExpiresAt, current.TransactionId));
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
                OpenCount--;
                openByExpiry.Remove((previous.ExpiresAt, previous.TransactionId));
            }
        }

        byAmount[entry.AmountTiyin] = entry;
        byTransaction[entry.TransactionId] = entry.AmountTiyin;
        if (entry.IsOpen)
        {
            OpenCount++;
            openByExpiry.Add((entry.ExpiresAt, entry.TransactionId));
        }
    }
}
