namespace Paycue.Grains.Telegram;

/// <summary>
/// The right to run one Telegram account's TDLib client, held until <see cref="ISessionLeases.ReleaseAsync"/> or until
/// it is not renewed in time. <see cref="Token"/> is this holder's random value (renewal and release compare it);
/// <see cref="Fence"/> grows with every acquisition of the account, so a write from an older holder can be told apart.
/// </summary>
public sealed record SessionLease(string AccountId, string Token, long Fence);

/// <summary>An attempt to take a lease: the lease, or who holds it now and for how much longer at most.</summary>
public sealed record SessionLeaseGrant(SessionLease? Lease, string? Holder, TimeSpan HeldFor)
{
    public bool Acquired => Lease is not null;
}

/// <summary>
/// The session snapshot as the lease store keeps it. <see cref="Known"/> is false when the store never saw a snapshot
/// for the account (an older version saved it only in the card's state); a known record with no
/// <see cref="Snapshot"/> means the session was ended and must not be restored.
/// </summary>
public sealed record StoredSessionSnapshot(bool Known, byte[]? Snapshot, long Fence);
