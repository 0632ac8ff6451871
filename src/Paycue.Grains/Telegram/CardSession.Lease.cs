using Microsoft.Extensions.Logging;
using Paycue.Grains.Configuration;
using Paycue.Telegram;

namespace Paycue.Grains.Telegram;

/// <summary>
/// The lease half of a card's session: no TDLib client starts before this process holds the account's session lease
/// (<see cref="ISessionLeases"/>), a second holder (a stale activation, another cluster, <c>paycue --telegram</c>)
/// waits meanwhile with the card in <c>error</c> saying so, a lease that could not be renewed in time stops the
/// client at once, and every snapshot is saved through the lease's fence.
/// </summary>
public sealed partial class CardSession
{
    private SessionLeaseKeeper? _keeper;

    /// <summary>Why this session is waiting for its lease; null while it holds it (or before it asked).</summary>
    private volatile string? _leaseWait;

    /// <summary>Who holds a lease, as the next one to ask is told: the machine and process, never a secret.</summary>
    public static string Holder(string role) => $"{role} on {Environment.MachineName}, pid {Environment.ProcessId}";

    /// <summary>The card's <c>status_reason</c> while another process holds the account's session lease.</summary>
    public static string LeaseHeldReason(string? holder, TimeSpan ttl) =>
        $"Another process runs this Telegram account's session ({holder ?? "unknown"}); this card waits for its session lease "
        + $"and starts within {Durations.Format(ttl)} after that process stops.";

    /// <summary>The card's <c>status_reason</c> after the lease was lost (Redis unreachable or this process stalled).</summary>
    public const string LeaseLostReason =
        "The session lease could not be renewed in time (Redis unreachable or this process stalled); the Telegram client stopped and waits for the lease again.";

    /// <summary>
    /// Pack the database directory and save it through the lease: the bytes saved, for the card's state.
    /// Throws <see cref="SessionLeaseLostException"/> (an <see cref="IOException"/>) when this session does not hold
    /// the lease or a newer holder exists: such a snapshot must not replace what that holder saved.
    /// </summary>
    public async Task<byte[]> SnapshotAsync()
    {
        var keeper = _keeper ?? throw new SessionLeaseLostException("This session does not hold its account's session lease; the snapshot was not saved.");
        var snapshot = await Task.Run(() => SessionSnapshot.Pack(DatabaseDirectory, _options.SessionKey!)).ConfigureAwait(false);
        bool saved;
        try
        {
            saved = await _factory.Leases.SaveSnapshotAsync(keeper.Lease, snapshot).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new SessionLeaseLostException($"The session snapshot could not be saved ({ex.GetType().Name}).", ex);
        }

        return saved ? snapshot : throw new SessionLeaseLostException("A newer holder of this account's session lease exists; the snapshot was not saved.");
    }

    /// <summary>Records that nothing may be restored (a log-out, a session ended from outside); quiet when it cannot.</summary>
    public async Task ForgetSnapshotAsync()
    {
        if (_keeper is not { } keeper)
        {
            return;
        }

        try
        {
            await _factory.Leases.SaveSnapshotAsync(keeper.Lease, null).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogForgetFailed(_cardId, ex.GetType().Name);
        }
    }

    /// <summary>Gives the lease up; call after <see cref="DisposeAsync"/> and the last snapshot.</summary>
    public async Task ReleaseLeaseAsync()
    {
        if (Interlocked.Exchange(ref _keeper, null) is { } keeper)
        {
            await keeper.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until this process holds the account's lease (null when the session stops first), reporting <c>error</c>
    /// with the reason while another holder has it. Then the snapshot saved through the lease wins over
    /// <paramref name="fromState"/>: the card's state may have been written by an activation that never held it.
    /// </summary>
    private async Task<(SessionLeaseKeeper Keeper, byte[]? Snapshot, bool Authoritative)?> AcquireLeaseAsync(byte[]? fromState)
    {
        var ttl = _options.SessionLeaseTtl;
        string? reported = null;
        while (!_stopping.IsCancellationRequested)
        {
            TimeSpan wait;
            string reason;
            try
            {
                var (keeper, grant) = await SessionLeaseKeeper.TryAcquireAsync(_factory.Leases, _cardId, Holder("a card session"), ttl, _logger).ConfigureAwait(false);
                if (keeper is not null)
                {
                    StoredSessionSnapshot stored;
                    try
                    {
                        stored = await _factory.Leases.LoadSnapshotAsync(_cardId).ConfigureAwait(false);
                    }
                    catch
                    {
                        await keeper.DisposeAsync().ConfigureAwait(false);
                        throw;
                    }

                    if (_stopping.IsCancellationRequested)
                    {
                        await keeper.DisposeAsync().ConfigureAwait(false);
                        return null;
                    }

                    _keeper = keeper;
                    _leaseWait = null;
                    keeper.Lost.Register(() => _ = Task.Run(() => OnLeaseLost(keeper)));
                    LogLeaseAcquired(_cardId, keeper.Lease.Fence);
                    return stored.Known ? (keeper, stored.Snapshot, true) : (keeper, fromState, false);
                }

                reason = LeaseHeldReason(grant.Holder, ttl);
                wait = grant.HeldFor < ttl / 3 ? grant.HeldFor + TimeSpan.FromMilliseconds(50) : ttl / 3;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                reason = $"The session lease cannot be checked ({ex.GetType().Name}); the Telegram client waits for it.";
                wait = ttl / 3;
            }

            _leaseWait = reason;
            if (reason != reported)
            {
                reported = reason;
                LogLeaseWait(_cardId, reason);
                FeedDown();
                Enqueue(new Outgoing(() => _card.OnSessionStatusAsync(CardStatus.Error, reason)));
            }

            try
            {
                await Task.Delay(wait, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The lease could not be renewed in time: another process may take it any moment, so the client stops now (its
    /// state changes are no longer ours to report), the card hears why, and the session waits for the lease again.
    /// </summary>
    private void OnLeaseLost(SessionLeaseKeeper keeper)
    {
        if (_stopping.IsCancellationRequested || Interlocked.CompareExchange(ref _keeper, null, keeper) != keeper)
        {
            return;
        }

        var (dead, deadLogin, deadUpdates) = (_client, _login, _updates);
        if (deadLogin is not null)
        {
            deadLogin.StateChanged -= OnStateChanged;
        }

        _login = null;
        _client = null;
        _leaseWait = LeaseLostReason;
        FeedDown();
        Enqueue(new Outgoing(() => _card.OnSessionStatusAsync(CardStatus.Error, LeaseLostReason)));
        _started = Task.Run(async () =>
        {
            deadUpdates?.Dispose();
            deadLogin?.Dispose();
            if (dead is not null)
            {
                await CloseQuietlyAsync(dead).ConfigureAwait(false);
            }

            await keeper.DisposeAsync().ConfigureAwait(false);
            return await StartCoreAsync(null).ConfigureAwait(false);
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId}: holding the account's session lease (fence {Fence}).")]
    private partial void LogLeaseAcquired(string cardId, long fence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: waiting for the account's session lease: {Reason}")]
    private partial void LogLeaseWait(string cardId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: recording that the ended session must not be restored failed ({ErrorType}).")]
    private partial void LogForgetFailed(string cardId, string errorType);
}
