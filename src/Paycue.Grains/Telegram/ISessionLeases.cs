namespace Paycue.Grains.Telegram;

/// <summary>
/// One live TDLib client per Telegram account, across every process of a service: a card's session, a second
/// (stale) activation of it, and <c>paycue --telegram</c> take the account's lease before starting TDLib. Telegram
/// may revoke a key used by two clients at once. With Redis the lease lives there (<see cref="RedisSessionLeases"/>);
/// without it, in this process (<see cref="MemorySessionLeases"/>), so one process still never runs two.
/// <para>
/// The snapshot of the account's session is written through the lease: a write carrying an older fence than the
/// account's newest acquisition is refused, so a holder that lost its lease (stalled, cut off) can never overwrite
/// what the next holder saved.
/// </para>
/// </summary>
public interface ISessionLeases
{
    /// <summary>Takes the account's lease for <paramref name="ttl"/> when nobody holds it; <paramref name="holder"/> says who (no secrets).</summary>
    Task<SessionLeaseGrant> TryAcquireAsync(string accountId, string holder, TimeSpan ttl);

    /// <summary>Extends the lease by <paramref name="ttl"/> from now; false when it is no longer this holder's (expired, taken over).</summary>
    Task<bool> RenewAsync(SessionLease lease, TimeSpan ttl);

    /// <summary>Gives the lease up, if it is still this holder's.</summary>
    Task ReleaseAsync(SessionLease lease);

    /// <summary>
    /// Saves the account's session snapshot (null: the session ended, nothing may be restored), unless an acquisition
    /// newer than <paramref name="lease"/>'s has happened; false when refused.
    /// </summary>
    Task<bool> SaveSnapshotAsync(SessionLease lease, byte[]? snapshot);

    /// <summary>The snapshot last saved through a lease.</summary>
    Task<StoredSessionSnapshot> LoadSnapshotAsync(string accountId);
}
