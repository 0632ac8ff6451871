using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Paycue.Grains.Cards;

/// <summary>
/// The expiry half of a card. The card knows every open transaction's deadline (its pool), so it expires them, at
/// the deadline plus <c>EXPIRY_GRACE</c> (a payment made in time may be posted or read a little late), and not while
/// its feed is not live (a Telegram card that has not caught up may hold the payment unread), for at most
/// <c>EXPIRY_HOLD_MAX</c> more, after which it cancels with <c>feed_down</c>. Expiry is decided here alone:
/// one timer armed at the earliest deadline while the card is active, and one reminder per card (not one per
/// transaction) that brings the card back on a live silo after a crash while anything is open; activation reloads
/// the pool and re-arms the timer. Expiring is asking the transaction (one-way); its close releases the amount.
/// A transaction that has not released 5 s later is asked again, so a lost message or a failed close only delays.
/// </summary>
public sealed partial class CardGrain
{
    private const string ExpiryReminder = "expiry";
    private const int ExpiryBatch = 500;
    // How soon a transaction that did not release after being asked is asked again: its close may have failed (a
    // Redis blip, a reminder service that was busy), and nothing else would retry it before the card reminder.
    private static readonly TimeSpan ExpiryRetry = TimeSpan.FromSeconds(5);

    private readonly Dictionary<Guid, DateTimeOffset> expiryAsked = [];
    private IGrainTimer? expiryTimer;
    private IGrainTimer? expiryWatchdog;
    private DateTimeOffset? expiryArmedFor;
    private bool expiryReminderSet;
    private bool feedLive;

    /// <summary>
    /// Whether every payment that reached the account has been read: always for sandbox cards; for a Telegram card,
    /// only while its session is ready and has reported its feed caught up in this activation.
    /// </summary>
    private bool FeedLive => !IsTelegram || (feedLive && state.State.Status == CardStatus.Ready);

    /// <summary>How long after its deadline an open transaction is cancelled now: the grace, plus the hold while the feed is down.</summary>
    private TimeSpan ExpiryDelay => FeedLive ? options.ExpiryGrace : options.ExpiryGrace + options.ExpiryHoldMax;

    /// <summary>The card's Telegram feed reported live or not (see <see cref="ICardGrain.OnFeedStateAsync"/>).</summary>
    private Task SetFeedLiveAsync(bool live)
    {
        if (feedLive != live)
        {
            feedLive = live;
            LogFeed(CardId, live);
            if (live && pool.OpenCount > 0)
            {
                // Caught up: what waited for the feed may be due now.
                ArmExpiryTimerNowIfDue();
            }
        }

        return AlertFeedAsync(live);
    }

    private async Task OnExpiryReminderAsync()
    {
        if (pool.OpenCount == 0)
        {
            if (await this.GetReminder(ExpiryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            expiryReminderSet = false;
            return;
        }

        expiryReminderSet = true;
        await CheckExpiryTimerAsync();
    }

    /// <summary>
    /// The watchdog of the expiry timer (every <see cref="ExpiryRetry"/>, and on the card's reminder): if something is
    /// due and the timer should have fired by now but has not, run the expiry pass here and arm a fresh timer. Under
    /// load a one-shot grain timer's tick was seen never to arrive (a transaction left open long past its deadline);
    /// expiry must not hang on one tick.
    /// </summary>
    private Task CheckExpiryTimerAsync()
    {
        // Every few seconds: also a backstop for whether direct creates may go on (a status changed in a turn that
        // refreshed nothing).
        RefreshDirect();
        var now = clock.GetUtcNow();
        if (pool.OpenCount == 0 || pool.OpenDue(now - ExpiryDelay, 1).Count == 0)
        {
            return Task.CompletedTask;
        }

        if (expiryArmedFor is { } armed && armed > now - ExpiryRetry)
        {
            return Task.CompletedTask; // armed, and not overdue yet: the timer will come
        }

        if (expiryArmedFor is not null)
        {
            LogExpiryTimerLate(CardId, expiryArmedFor.Value);
            expiryTimer?.Dispose();
            expiryTimer = null;
        }

        return ExpireDueAsync(CancellationToken.None);
    }

    /// <summary>After activation or a reminder tick: run at once if anything is already past its deadline.</summary>
    private void ArmExpiryTimerNowIfDue()
    {
        var now = clock.GetUtcNow();
        ArmExpiryTimer(pool.OpenDue(now - ExpiryDelay, 1).Count > 0 ? now : null);
    }

    /// <summary>
    /// Arms the timer for the next deadline still ahead (or <paramref name="retryAt"/>, if sooner), unless it is
    /// already armed sooner. Deadlines already past are the caller's to pass as <paramref name="retryAt"/>.
    /// </summary>
    private void ArmExpiryTimer(DateTimeOffset? retryAt)
    {
        // Under the pool's lock: a direct create holds its entry either before the next deadline is read here, or
        // after expiryArmedFor is set from it (and compares its own deadline with that).
        using var locked = pool.Sync.EnterScope();
        var now = clock.GetUtcNow();
        var delay = ExpiryDelay;
        var next = pool.NextOpenExpiryAfter(now - delay) + delay;
        if (retryAt is { } retry && (next is null || retry < next))
        {
            next = retry;
        }

        if (next is null || (expiryArmedFor is { } armed && armed <= next))
        {
            return;
        }

        var due = next.Value - now;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        expiryArmedFor = next;
        if (expiryTimer is null)
        {
            // KeepAlive: a card with open transactions stays active, its pool in memory.
            expiryTimer = this.RegisterGrainTimer(ExpireDueAsync, new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
            expiryWatchdog ??= this.RegisterGrainTimer(_ => CheckExpiryTimerAsync(), new GrainTimerCreationOptions { DueTime = ExpiryRetry, Period = ExpiryRetry, KeepAlive = true });
        }
        else
        {
            expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private Task ExpireDueAsync(CancellationToken cancellationToken)
    {
        lock (pool.Sync)
        {
            // A direct create (CardGrain.Direct) that finds the timer unarmed takes the grain call, which arms it.
            expiryArmedFor = null;
        }

        var now = clock.GetUtcNow();
        foreach (var id in expiryAsked.Keys.Where(id => pool.FindTransaction(id) is not { IsOpen: true }).ToList())
        {
            expiryAsked.Remove(id);
        }

        DateTimeOffset? retryAt = null;
        var asked = 0;
        var reason = FeedLive ? "expired" : "feed_down";
        foreach (var entry in pool.OpenDue(now - ExpiryDelay, ExpiryBatch + expiryAsked.Count))
        {
            if (expiryAsked.TryGetValue(entry.TransactionId, out var at) && now - at < ExpiryRetry)
            {
                retryAt = retryAt is null || at + ExpiryRetry < retryAt ? at + ExpiryRetry : retryAt;
                continue;
            }

            if (asked == ExpiryBatch)
            {
                retryAt = now;
                break;
            }

            expiryAsked[entry.TransactionId] = now;
            GrainFactory.GetGrain<ITransactionGrain>(entry.TransactionId).ExpireAsync(CardId, entry.AmountTiyin, reason).Ignore();
            asked++;
        }

        if (asked > 0)
        {
            LogExpiring(CardId, asked);
            AlertExpiring(asked, reason);
            retryAt = retryAt is null || now + ExpiryRetry < retryAt ? now + ExpiryRetry : retryAt;
        }

        // What was asked stays due until its transaction releases it: look again when a retry is due, not in a loop.
        ArmExpiryTimer(retryAt);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: the expiry timer armed for {ArmedFor} has not fired; expiring from the watchdog and arming a new timer.")]
    private partial void LogExpiryTimerLate(string cardId, DateTimeOffset armedFor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId}: feed live: {Live}.")]
    private partial void LogFeed(string cardId, bool live);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Card {CardId}: asking {Count} transaction(s) past their deadline to expire.")]
    private partial void LogExpiring(string cardId, int count);
}
