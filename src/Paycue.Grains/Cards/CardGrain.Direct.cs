using Paycue.Grains.Pool;

namespace Paycue.Grains.Cards;

/// <summary>
/// Creates without a grain call (issue 20). A create placed by this silo's own gateway on a card activated in this
/// silo may reserve its amount by calling the activation directly (<see cref="LocalCards"/>), not through Orleans
/// messaging. A grain call costs a create three thread hand-overs (into the card's turn, back into it when Redis
/// answers, out to the caller) and a message with its copies; measured, a third of paycue's CPU for a create.
///
/// It does exactly what <see cref="ReserveAsync(Guid, long, long?, TimeSpan?, OrderDetails?)"/> does for a create
/// that gets its exact amount, and only when nothing else would have to happen in the card's turn:
/// <list type="bullet">
/// <item>the card takes transactions (as of its last turn that could change that) and is not deactivating;</item>
/// <item>no exclusive call waits or runs (<see cref="createsHeld"/>): those still see only settled writes;</item>
/// <item>the expiry reminder exists and the expiry timer is armed to fire before this transaction falls due, so
/// nothing has to be registered or re-armed;</item>
/// <item>no sweep is due, the requested amount itself is free, and the transaction id is new.</item>
/// </list>
/// Otherwise the caller makes the grain call, which handles every case. The check, the hold and the start of the
/// write happen under the pool's lock, as one step, against the same lock the card's turns take where they read or
/// change what this checks; the write is registered in <see cref="createWrites"/> in that step, so an exclusive call
/// or a deactivation waits for it exactly as for a create made in a turn. The answer goes back only once Redis has
/// answered: a refused write forgets this create's own entry and sends the caller to the grain call (which reloads
/// the pool); a failed write keeps the hold, as in a turn (the write may have landed; the armed expiry asks).
/// </summary>
public sealed partial class CardGrain
{
    // Written under pool.Sync by the card's turns; read by direct creates under it.
    private bool directOpen;
    private string? directLast4;
    private bool deactivating;

    /// <summary>Called in the card's turn wherever whether it takes transactions may have changed; under pool.Sync.</summary>
    private void RefreshDirect()
    {
        lock (pool.Sync)
        {
            directOpen = !deactivating && AcceptsTransactions;
            directLast4 = state.State.Spec?.Last4;
        }
    }

    /// <summary>See the class summary. Null: make the grain call. Runs outside the card's turn.</summary>
    internal Task<Reservation?>? TryReserveHere(Guid transactionId, long requestedTiyin, TimeSpan? ttl, OrderDetails? order)
    {
        var now = clock.GetUtcNow();
        PoolEntry entry;
        TransactionOpening opening;
        Task<bool> write;
        Task settled;
        lock (pool.Sync)
        {
            if (!directOpen || createsHeld is not null || !expiryReminderSet || now - lastSweep >= SweepInterval
                || pool.FindTransaction(transactionId) is not null
                || pool.FindFree(requestedTiyin, now) is not { OffsetSteps: 0 } free)
            {
                return null;
            }

            // The expiry timer must fire no later than this transaction falls due (its deadline plus at least the
            // grace): when it fires it re-arms from the pool, which holds this entry by then (held here, under the
            // lock it nulls expiryArmedFor under). Otherwise the grain call arms it.
            var expiresAt = now + (ttl ?? options.TransactionTimeout);
            if (expiryArmedFor is not { } armed || armed > expiresAt + options.ExpiryGrace)
            {
                return null;
            }

            (entry, opening) = HoldNew(transactionId, requestedTiyin, free.AmountTiyin, directLast4, now, expiresAt, order);
            (write, settled) = StartCreateWrite(transactionId, entry, opening, now);
        }

        return FinishHereAsync(transactionId, entry, opening, write, settled);
    }

    private async Task<Reservation?> FinishHereAsync(Guid transactionId, PoolEntry entry, TransactionOpening opening, Task<bool> write, Task settled)
    {
        bool created;
        try
        {
            created = await write;
        }
        finally
        {
            UntrackCreateWrite(transactionId, settled);
        }

        if (!created)
        {
            // Redis holds the amount for another transaction, or the transaction exists: undo exactly this hold. The
            // grain call the caller makes next takes Redis's view in an exclusive turn.
            pool.Forget(entry);
            LogPoolStale(CardId, entry.AmountTiyin);
            return null;
        }

        localCards.CountReserved();
        return Created(transactionId, entry, opening, 0);
    }

    /// <summary>Registers a create's write as in flight (under pool.Sync); the returned task never throws.</summary>
    private (Task<bool> Write, Task Settled) TrackCreateWrite(Guid transactionId, Task<bool> write)
    {
        var settled = write.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        lock (pool.Sync)
        {
            createWrites[transactionId] = settled;
        }

        return (write, settled);
    }

    private void UntrackCreateWrite(Guid transactionId, Task settled)
    {
        lock (pool.Sync)
        {
            if (createWrites.TryGetValue(transactionId, out var current) && current == settled)
            {
                createWrites.Remove(transactionId);
            }
        }
    }

    /// <summary>The writes in flight now, under pool.Sync.</summary>
    private Task[] CreateWritesInFlight()
    {
        lock (pool.Sync)
        {
            return createWrites.Values.ToArray();
        }
    }
}
