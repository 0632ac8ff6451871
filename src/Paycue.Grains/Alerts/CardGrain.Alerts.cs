using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Paycue.Grains.Alerts;
using Paycue.Grains.BankMessages;

namespace Paycue.Grains.Cards;

/// <summary>
/// The card's alerts, kept apart from the card's own logic: each hook is one call from the card (status change, feed
/// state, a credit's ledger row, a balance gap, a history message, an expiry pass, a notification).
/// </summary>
public sealed partial class CardGrain
{
    // How often a feed that stays down refreshes its alert's count of held transactions.
    private static readonly TimeSpan FeedAlertRefresh = TimeSpan.FromSeconds(30);

    private readonly List<BalanceGapWatch> gapWatches = [];
    private AlertSignals? alertSignals;
    private IGrainTimer? feedAlertTimer;

    private AlertSignals Signals => alertSignals ??= ServiceProvider.GetRequiredService<AlertSignals>();

    private IAlertGrain AlertGrain => GrainFactory.GetGrain<IAlertGrain>(0);

    /// <summary>
    /// An account logged in with no card of its own yet: no payment can be missed through it, and an alert would name
    /// a card that does not exist. (Once it has a card, the card is the account and speaks for it.)
    /// </summary>
    private bool IsCardless => state.State.Spec?.SessionOnly == true;

    /// <summary>
    /// From <c>SetStatusAsync</c>, after the new status is saved. A failure is logged, not thrown: a login step must
    /// not fail because the alert grain could not be reached; the next activation reports the status again.
    /// </summary>
    private async Task AlertStatusAsync(string status, string? reason)
    {
        if (status == CardStatus.Connecting || IsCardless)
        {
            return;
        }

        try
        {
            await AlertGrain.CardStatusAsync(CardId, state.State.Spec?.Last4, status, reason);
        }
        catch (Exception e)
        {
            LogAlertFailed(CardId, e.GetType().Name, e.Message);
        }
    }

    /// <summary>From the feed report: down starts the ALERT_FEED_DOWN clock; live clears the alert and judges the balance gaps the catch-up read.</summary>
    private async Task AlertFeedAsync(bool live)
    {
        if (!live)
        {
            feedAlertTimer ??= this.RegisterGrainTimer(FeedAlertTickAsync,
                new GrainTimerCreationOptions { DueTime = options.Alerts.FeedDown, Period = FeedAlertRefresh, KeepAlive = true });
            return;
        }

        feedAlertTimer?.Dispose();
        feedAlertTimer = null;
        await AlertGrain.ClearAsync(AlertKinds.CardKey(AlertKinds.FeedDown, CardId));
        await JudgeGapsAsync();
    }

    private async Task FeedAlertTickAsync(CancellationToken cancellationToken)
    {
        if (FeedLive)
        {
            feedAlertTimer?.Dispose();
            feedAlertTimer = null;
            return;
        }

        if (state.State.Status is not (CardStatus.Ready or CardStatus.Connecting) || IsCardless)
        {
            return; // logged out or failed: the card-status alert says so already; or no card to hold anything for
        }

        // The transactions past deadline and grace that only the hold keeps open.
        var held = pool.OpenDue(clock.GetUtcNow() - options.ExpiryGrace, int.MaxValue).Count;
        await AlertGrain.RaiseAsync(AlertKinds.CardKey(AlertKinds.FeedDown, CardId),
            new AlertFacts(AlertKinds.FeedDown, CardId, state.State.Spec?.Last4, Count: held));
    }

    /// <summary>From the credit's ledger row (written first): money that paid no transaction.</summary>
    private async Task AlertCreditAsync(PaymentRecord payment)
    {
        if (!options.Alerts.Unmatched || payment.Matched
            || payment.Outcome is MatchOutcomes.UntrustedSender or MatchOutcomes.Duplicate or MatchOutcomes.Outgoing or MatchOutcomes.Forwarded or MatchOutcomes.NotPrivateChat)
        {
            return;
        }

        await AlertGrain.RaiseAsync(AlertKinds.Unmatched + ":" + payment.PaymentId,
            new AlertFacts(AlertKinds.Unmatched, CardId, state.State.Spec?.Last4, payment.AmountTiyin, Detail: payment.Outcome, OneShot: true));
    }

    /// <summary>From the balance chain, when a gap shows (before the chain moves on): how much is missing, and between which messages.</summary>
    private void AlertGapOpened(ParsedBankMessage parsed, long messageId)
    {
        if (state.State.LastBalanceTiyin is not { } previous || parsed.AmountTiyin is not { } amount || parsed.BalanceTiyin is not { } balance)
        {
            return;
        }

        var expected = parsed.Kind == BankMessageKind.Credit ? previous + amount : previous - amount;
        gapWatches.Add(new BalanceGapWatch(state.State.LastMessageId, messageId, balance - expected));
        if (!IsTelegram)
        {
            // Nothing can read a sandbox card's history again: the gap stays unexplained.
            JudgeGapsAsync().Ignore();
        }
    }

    /// <summary>A message read back from history (older than the newest processed): it may be what a gap missed.</summary>
    private void AlertHistoryMessage(BankMessage message, ParsedBankMessage parsed)
    {
        if (gapWatches.Count == 0 || message.MessageId > state.State.LastMessageId || parsed.AmountTiyin is not { } amount || parsed.Currency != "UZS"
            || (state.State.Spec?.Last4 is { } last4 && parsed.Last4 != last4))
        {
            return;
        }

        foreach (var watch in gapWatches.Where(w => message.MessageId > w.AfterMessageId && message.MessageId < w.BeforeMessageId))
        {
            watch.Explain(message.MessageId, parsed.Kind == BankMessageKind.Credit ? amount : parsed.Kind == BankMessageKind.Other ? 0 : -amount);
        }
    }

    /// <summary>After the catch-up: a gap whose missing amount the messages read back did not add up to is an alert.</summary>
    private async Task JudgeGapsAsync()
    {
        foreach (var watch in gapWatches.ToList())
        {
            gapWatches.Remove(watch);
            if (watch.MissingTiyin != 0)
            {
                await AlertGrain.RaiseAsync($"{AlertKinds.BalanceGap}:{CardId}:{watch.BeforeMessageId}",
                    new AlertFacts(AlertKinds.BalanceGap, CardId, state.State.Spec?.Last4, Math.Abs(watch.MissingTiyin), OneShot: true));
            }
        }
    }

    /// <summary>From the expiry pass: transactions expire unpaid while the feed is live (for silence).</summary>
    private void AlertExpiring(int count, string reason)
    {
        if (reason == "expired" && count > 0)
        {
            Signals.ExpiredUnpaid(CardId, state.State.Spec?.Last4, count);
        }
    }

    /// <summary>A trusted bank-bot message reached the card.</summary>
    private Task AlertNotificationSeenAsync(BankMessage message) => Signals.NotificationSeenAsync(CardId, message.Date);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Card {CardId}: its status alert did not reach the alert grain ({ErrorType}: {Reason}).")]
    private partial void LogAlertFailed(string cardId, string errorType, string reason);

    /// <summary>A balance gap between two processed messages, and how much of it the messages read back explained.</summary>
    private sealed class BalanceGapWatch(long afterMessageId, long beforeMessageId, long missingTiyin)
    {
        private readonly HashSet<long> explained = [];

        public long AfterMessageId { get; } = afterMessageId;

        public long BeforeMessageId { get; } = beforeMessageId;

        public long MissingTiyin { get; private set; } = missingTiyin;

        public void Explain(long messageId, long signedTiyin)
        {
            if (explained.Add(messageId))
            {
                MissingTiyin -= signedTiyin;
            }
        }
    }
}
