namespace Paycue.Grains.Pool;

/// <summary>
/// One held amount on a card. Held while its transaction is open, then for the cooldown after it closed, so a late
/// or repeated transfer of that amount can never confirm a newer transaction that reused it.
/// </summary>
/// <param name="AmountTiyin">The held amount.</param>
/// <param name="TransactionId">The transaction holding it.</param>
/// <param name="CreatedAt">When the transaction was created: credits older than this do not match it.</param>
/// <param name="ExpiresAt">When the transaction expires; if its close is never reported, the hold still ends after expiry plus cooldown.</param>
/// <param name="ClosedAt">When the transaction closed; null while it is open.</param>
public sealed record PoolEntry(long AmountTiyin, Guid TransactionId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? ClosedAt)
{
    public bool IsOpen => ClosedAt is null;

    /// <summary>When the amount becomes free again.</summary>
    public DateTimeOffset HeldUntil(TimeSpan cooldown) => (ClosedAt ?? ExpiresAt) + cooldown;
}
