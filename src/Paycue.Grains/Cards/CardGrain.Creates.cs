using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Paycue.Grains.Cards;

/// <summary>
/// How creates overlap on one card. A create interleaves with other creates (<c>[AlwaysInterleave]</c>): it holds its
/// amount in the pool before its first await, then waits for the one Redis write that makes the transaction and its
/// pool entry durable. While it waits, the next create can already hold the next amount, so one card is no longer a
/// queue of Redis round trips.
///
/// Everything else the card does (bank messages, releases, reminders, removal, logins: every call that does not
/// interleave) is <em>exclusive</em> with creates: before it runs, new creates are held back and the creates already
/// in flight are waited for until Redis has answered them. So an exclusive call sees a pool in which every entry's
/// write has landed (or has failed and kept its hold, as before), exactly as when creates were serial: a bank message
/// never matches an amount whose transaction does not exist yet, a reload never drops an entry whose write is about to
/// land, and the expiry reminder is never unregistered while a create is on its way. Exclusive calls wait only for
/// Redis, never for another grain, so holding creates back cannot deadlock.
/// </summary>
public sealed partial class CardGrain : IIncomingGrainCallFilter
{
    // The write of each create in flight, as a task that never throws: what an exclusive call waits for.
    private readonly Dictionary<Guid, Task> createWrites = [];

    // Set while an exclusive call waits or runs: creates that arrive meanwhile wait for it.
    private TaskCompletionSource? createsHeld;
    private int exclusiveWaiting;

    // Exclusive calls run one at a time: Orleans already serialises the grain calls, and this also orders the reloads
    // that a refused create starts outside any grain call.
    private Task exclusiveTail = Task.CompletedTask;

    // The exclusive call running now, and the one the current async flow runs in: a call already inside the running
    // one (a reminder tick the filter wrapped) is not made to wait for itself. A flow that carried the token out (a
    // task started inside) finds it stale once that call has ended, and waits like anyone else.
    private object? runningExclusive;
    private static readonly AsyncLocal<object?> ExclusiveFlow = new();

    private Task? expiryReminderRegistering;

    Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context) =>
        InterleavesWithCreates(context.InterfaceMethod) ? context.Invoke() : RunExclusiveAsync(async () =>
        {
            await context.Invoke();
            return true;
        });

    // Read once per method: the attribute lookup allocates, and every create passes here.
    private static readonly ConcurrentDictionary<MethodInfo, bool> Interleaving = new();

    private static bool InterleavesWithCreates(MethodInfo? method) =>
        method is not null && Interleaving.GetOrAdd(method, static m => m.GetCustomAttribute<AlwaysInterleaveAttribute>() is not null);

    /// <summary>
    /// Runs <paramref name="work"/> with no create in flight and none starting: the creates in flight are waited for
    /// (Redis answered them), new ones wait until it ends. Within an exclusive call already, it just runs.
    /// </summary>
    private async Task<T> RunExclusiveAsync<T>(Func<Task<T>> work)
    {
        if (runningExclusive is not null && ExclusiveFlow.Value == runningExclusive)
        {
            return await work();
        }

        exclusiveWaiting++;
        lock (pool.Sync)
        {
            // Under the pool's lock: a create made outside the card's turn (CardGrain.Direct) checks it there.
            createsHeld ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var previous = exclusiveTail;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        exclusiveTail = done.Task;
        try
        {
            await previous;
            // No create starts while this waits (they wait for createsHeld), so the writes in flight now are all
            // there are. Their callers' continuations may run later: a refused one only forgets its own entry.
            await Task.WhenAll(CreateWritesInFlight());

            var token = new object();
            runningExclusive = token;
            ExclusiveFlow.Value = token;
            return await work();
        }
        finally
        {
            runningExclusive = null;
            done.SetResult();
            if (--exclusiveWaiting == 0 && createsHeld is { } held)
            {
                // What this call changed (a status, a removal, a registration) is seen by direct creates before any
                // of them can start again.
                lock (pool.Sync)
                {
                    RefreshDirect();
                    createsHeld = null;
                }

                held.SetResult();
            }
        }
    }

    /// <summary>
    /// Before a create touches the pool: waits while an exclusive call waits or runs, and until the card's expiry
    /// reminder exists (no transaction without a durable way to expire it). Returns with neither pending, so the
    /// caller's next synchronous steps run as if nothing else were happening on the card.
    /// </summary>
    private async Task BeforeCreateAsync()
    {
        while (true)
        {
            if (createsHeld is { } held)
            {
                await held.Task;
                continue;
            }

            if (!expiryReminderSet && AcceptsTransactions)
            {
                await EnsureExpiryReminderAsync();
                continue;
            }

            return;
        }
    }

    /// <summary>Starts a create's write and keeps it in flight until Redis answers; the caller awaits the result.</summary>
    private async Task<bool> WriteCreateAsync(Guid transactionId, (Task<bool> Write, Task Settled) tracked)
    {
        try
        {
            return await tracked.Write;
        }
        finally
        {
            UntrackCreateWrite(transactionId, tracked.Settled);
        }
    }

    /// <summary>Before the first transaction of an activation is created: the durable backstop for its expiry. Concurrent creates share one registration.</summary>
    private async Task EnsureExpiryReminderAsync()
    {
        if (expiryReminderSet)
        {
            return;
        }

        var registering = expiryReminderRegistering ??= RegisterExpiryReminderAsync();
        try
        {
            await registering;
        }
        finally
        {
            if (expiryReminderRegistering == registering)
            {
                expiryReminderRegistering = null;
            }
        }
    }

    private async Task RegisterExpiryReminderAsync()
    {
        await this.RegisterOrUpdateReminder(ExpiryReminder, options.ReminderPeriod, options.ReminderPeriod);
        expiryReminderSet = true;
    }

    /// <summary>
    /// Forgets amounts whose hold has ended, at most once a minute, without making the create that noticed wait: the
    /// removal from Redis only deletes entries that still belong to those transactions, and a failed one leaves
    /// entries that Redis's create script treats as free anyway.
    /// </summary>
    private void Sweep(DateTimeOffset now)
    {
        using var locked = pool.Sync.EnterScope();
        if (now - lastSweep < SweepInterval)
        {
            return;
        }

        lastSweep = now;
        var expired = pool.Expired(now);
        if (expired.Count == 0)
        {
            return;
        }

        foreach (var entry in expired)
        {
            pool.Forget(entry);
        }

        _ = RemoveSweptAsync(expired);
    }

    private async Task RemoveSweptAsync(IReadOnlyList<Pool.PoolEntry> expired)
    {
        try
        {
            await store.RemovePoolEntriesAsync(CardId, expired);
        }
        catch (Exception ex)
        {
            LogSweepFailed(CardId, expired.Count, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: removing {Count} ended pool entries from storage failed ({ErrorType}); the next sweep of a new activation removes them.")]
    private partial void LogSweepFailed(string cardId, int count, string errorType);
}
