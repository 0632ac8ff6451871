namespace Paycue.Grains.Pool;

/// <summary>
/// One held amount on a card. Held while its transaction is open, then for the cooldown after it closed, so a late
/// or repeated transfer of that amount can never confirm a newer transaction that reused it.
/// </summary>
/// <param name="AmountTiyin">The held amount.</param>
/// <param name="TransactionId">The transaction holding it.</param>
/// <param name="CreatedAt">When the transaction was created: credits older than this do not match it.</param>
/// <param name="ExpiresAt">When the transaction expires. An open entry stays held past it, for as long as its transaction is open: only
/// the transaction's close (reported to the card, or found by the card's expiry asking it) starts the cooldown.</param>
/// <param name="ClosedAt">When the transaction closed; null while it is open.</param>
public sealed record PoolEntry(long AmountTiyin, Guid TransactionId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? ClosedAt)
{
    public bool IsOpen => ClosedAt is null;

    /// <summary>
    /// <see cref="ClosedAt"/> in Unix milliseconds, stored beside it so that Redis's create script can tell a cooling
    /// entry from a free one without parsing dates (see <c>RedisTransactionStore</c>).
    /// </summary>
    public long? ClosedAtUnixMs => ClosedAt?.ToUnixTimeMilliseconds();

    /// <summary>When the amount becomes free again: never while open, <paramref name="cooldown"/> after the close.</summary>
    public DateTimeOffset HeldUntil(TimeSpan cooldown) => ClosedAt is { } closed ? closed + cooldown : DateTimeOffset.MaxValue;
}
