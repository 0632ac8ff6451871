using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Paycue.Grains.Configuration;

namespace Paycue.Grains.Alerts;

/// <summary>
/// The silo's side of the alerts: what happens often (a webhook attempt, a bank notification, an expiry) is counted
/// or throttled here, and only a change of condition becomes a call to <see cref="IAlertGrain"/>. A failed call to
/// the alert grain never fails the caller's money path; it is logged, and the next signal tries again.
/// </summary>
public sealed partial class AlertSignals(IGrainFactory grains, PaycueOptions options, TimeProvider clock, ILogger<AlertSignals> logger)
{
    private static readonly TimeSpan SeenEvery = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ExpiredEvery = TimeSpan.FromMinutes(1);
    private static readonly string WebhookKey = AlertKinds.WebhookFailures;

    private readonly object gate = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> seenReported = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> expiredReported = new();
    private int consecutiveFailures;
    private bool webhookAlertRaised;

    private IAlertGrain Grain => grains.GetGrain<IAlertGrain>(0);

    private AlertOptions Alerts => options.Alerts;

    /// <summary>One delivery attempt of a transaction's or payment's webhook to WEBHOOK_URL (alert webhooks are not counted).</summary>
    public async Task WebhookAttemptAsync(bool succeeded, string? error)
    {
        bool raise = false, clear = false;
        int count;
        lock (gate)
        {
            if (succeeded)
            {
                clear = webhookAlertRaised;
                webhookAlertRaised = false;
                consecutiveFailures = 0;
            }
            else
            {
                consecutiveFailures++;
                raise = consecutiveFailures >= Alerts.WebhookFailures && !webhookAlertRaised;
                webhookAlertRaised |= raise;
            }

            count = consecutiveFailures;
        }

        try
        {
            if (raise)
            {
                await Grain.RaiseAsync(WebhookKey, new AlertFacts(AlertKinds.WebhookFailures, Count: count, Detail: error));
            }
            else if (clear)
            {
                await Grain.ClearAsync(WebhookKey);
            }
        }
        catch (Exception e)
        {
            lock (gate)
            {
                // Not recorded: the next attempt's outcome tries again.
                webhookAlertRaised = !raise && clear;
            }

            LogSignalFailed(WebhookKey, e.GetType().Name, e.Message);
        }
    }

    /// <summary>
    /// A bank-bot message reached the card: reported when it is a few minutes newer than the last one reported for
    /// the card (silence is counted in hours). Spaced by the messages' own dates, not by when they were reported: a
    /// message read back from the history reports an old date, and a live one right after it must still get through,
    /// since it is what clears a silence alert that old date opened.
    /// </summary>
    public async Task NotificationSeenAsync(string cardId, DateTimeOffset at)
    {
        if (Alerts.Silence <= TimeSpan.Zero)
        {
            return;
        }

        var every = Alerts.Silence / 4 < SeenEvery ? Alerts.Silence / 4 : SeenEvery;
        if (seenReported.TryGetValue(cardId, out var last) && at - last < every)
        {
            return;
        }

        seenReported[cardId] = at;
        try
        {
            await Grain.NotificationSeenAsync(cardId, at);
        }
        catch (Exception e)
        {
            seenReported.TryRemove(cardId, out _);
            LogSignalFailed(AlertKinds.CardKey(AlertKinds.Silence, cardId), e.GetType().Name, e.Message);
        }
    }

    /// <summary>The card is expiring unpaid transactions while its feed is live (feed_down ones have their own alert).</summary>
    public void ExpiredUnpaid(string cardId, string? last4, int count)
    {
        if (Alerts.Silence <= TimeSpan.Zero)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (expiredReported.TryGetValue(cardId, out var last) && now - last < ExpiredEvery)
        {
            return;
        }

        expiredReported[cardId] = now;
        _ = ReportAsync();

        async Task ReportAsync()
        {
            try
            {
                await Grain.ExpiredUnpaidAsync(cardId, last4, count);
            }
            catch (Exception e)
            {
                expiredReported.TryRemove(cardId, out _);
                LogSignalFailed(AlertKinds.CardKey(AlertKinds.Silence, cardId), e.GetType().Name, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert signal {Key} did not reach the alert grain ({ErrorType}: {Reason}); the next signal retries.")]
    private partial void LogSignalFailed(string key, string errorType, string reason);
}
