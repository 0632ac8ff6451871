using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Paycue.Grains.Configuration;
using Paycue.Grains.Webhooks;

namespace Paycue.Grains.Alerts;

/// <summary>
/// The alerts of the whole service (see <see cref="IAlertGrain"/>). Every change is saved before the call returns
/// and before anything is sent: the outbox is durable, a reminder brings the grain back on a live silo after a crash
/// (and every silo wakes it at start-up), and the send is retried until the Bot API (and, with WEBHOOK_ALERTS, the
/// webhook) took it, honouring the Bot API's <c>retry_after</c>. Reentrant so that a slow Bot API never holds up the
/// card or transaction that raises an alert: state changes happen between awaits, and saves take turns.
/// </summary>
[Reentrant]
public sealed partial class AlertGrain(
    [PersistentState("alerts", StorageNames.Paycue)] IPersistentState<AlertState> state,
    PaycueOptions options,
    BotApiNotifier notifier,
    WebhookSender webhooks,
    TimeProvider clock,
    ILogger<AlertGrain> logger) : Grain, IAlertGrain, IRemindable
{
    public const int RecentKept = 100;
    private const string ReminderName = "alerts";
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim saving = new(1, 1);
    private AlertOptions Alerts => options.Alerts;
    private IGrainTimer? tick;
    private bool reminderSet;
    private bool pumping;
    private bool dirty;
    private DateTimeOffset telegramNotBefore = DateTimeOffset.MinValue;
    private DateTimeOffset webhookNotBefore = DateTimeOffset.MinValue;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (HasWork)
        {
            StartTicking();
        }

        return Task.CompletedTask;
    }

    private bool HasWork => state.State.Outbox.Count > 0 || state.State.Open.Count > 0;

    public async Task RaiseAsync(string key, AlertFacts facts)
    {
        var now = clock.GetUtcNow();
        if (state.State.Open.TryGetValue(key, out var open))
        {
            if (open.Facts != facts && !facts.OneShot)
            {
                // Still the same condition: the facts (a held count, a failure count) are refreshed for the next reminder, no new message.
                open.Facts = facts;
                dirty = true;
            }

            if (dirty)
            {
                await SaveAsync(); // also when an earlier save failed: the caller's retry must find it durable
            }

            return;
        }

        if (facts.OneShot && state.State.Recent.Any(r => r.Key == key))
        {
            if (dirty)
            {
                await SaveAsync();
            }

            return; // A replay of the same event (the same bank message read again).
        }

        var record = new AlertRecord
        {
            Key = key,
            Facts = facts,
            State = facts.OneShot ? "sent" : "open",
            OpenedAt = now,
            LastNotifiedAt = now,
            Text = AlertTexts.Render(Alerts.Language, facts, AlertTexts.Moment.Opened, Alerts),
        };
        if (facts.OneShot)
        {
            AddRecent(record);
        }
        else
        {
            state.State.Open[key] = record;
        }

        Enqueue(record, AlertTexts.Moment.Opened, record.Text, now);
        LogRaised(key, facts.Kind);
        await SaveAsync();
        StartTicking();
    }

    public async Task ClearAsync(string key)
    {
        if (!state.State.Open.Remove(key, out var record))
        {
            if (dirty)
            {
                await SaveAsync();
            }

            return;
        }

        var now = clock.GetUtcNow();
        record.State = "resolved";
        record.ResolvedAt = now;
        AddRecent(record);
        Enqueue(record, AlertTexts.Moment.Resolved, AlertTexts.Render(Alerts.Language, record.Facts, AlertTexts.Moment.Resolved, Alerts), now);
        LogResolved(key);
        await SaveAsync();
        StartTicking();
    }

    public async Task CardStatusAsync(string cardId, string? last4, string status, string? reason)
    {
        var key = AlertKinds.CardKey(AlertKinds.CardStatus, cardId);
        switch (status)
        {
            case CardStatus.Ready:
                if (state.State.ReadyCards.Add(cardId))
                {
                    await SaveAsync();
                }

                await ClearAsync(key);
                break;
            case CardStatus.Connecting:
                break; // every activation starts here; a card stuck connecting is the feed-down alert's
            case CardStatus.Unregistered:
                // Removed: nothing left to fix, so no "ready again" either; its alerts are closed quietly.
                var dropped = state.State.ReadyCards.Remove(cardId) | state.State.LastSeen.Remove(cardId);
                foreach (var openKey in state.State.Open.Keys.Where(k => k.EndsWith(":" + cardId, StringComparison.Ordinal)).ToList())
                {
                    var record = state.State.Open[openKey];
                    state.State.Open.Remove(openKey);
                    record.State = "resolved";
                    record.ResolvedAt = clock.GetUtcNow();
                    AddRecent(record);
                    dropped = true;
                }

                if (dropped)
                {
                    await SaveAsync();
                }

                break;
            default:
                if (state.State.ReadyCards.Contains(cardId))
                {
                    await RaiseAsync(key, new AlertFacts(AlertKinds.CardStatus, cardId, last4, Detail: reason is null ? status : $"{status}: {reason}"));
                }

                break;
        }
    }

    public async Task NotificationSeenAsync(string cardId, DateTimeOffset at)
    {
        if (!state.State.LastSeen.TryGetValue(cardId, out var last) || at > last)
        {
            state.State.LastSeen[cardId] = at;
            await SaveAsync();
        }

        await ClearAsync(AlertKinds.CardKey(AlertKinds.Silence, cardId));
    }

    public async Task ExpiredUnpaidAsync(string cardId, string? last4, int count)
    {
        var now = clock.GetUtcNow();
        if (Alerts.Silence <= TimeSpan.Zero || !state.State.LastSeen.TryGetValue(cardId, out var last) || now - last < Alerts.Silence)
        {
            return; // off, a card that never got a notification, or one that got one recently
        }

        var key = AlertKinds.CardKey(AlertKinds.Silence, cardId);
        var before = state.State.Open.TryGetValue(key, out var open) ? open.Facts.Count ?? 0 : 0;
        await RaiseAsync(key, new AlertFacts(AlertKinds.Silence, cardId, last4, Count: before + count));
    }

    public async Task<AlertTestResult> TestAsync()
    {
        var text = AlertTexts.Render(Alerts.Language, new AlertFacts(AlertKinds.Test), AlertTexts.Moment.Opened, Alerts);
        if (!notifier.Configured)
        {
            return new AlertTestResult(false, "ALERT_BOT_TOKEN and ALERT_CHAT_ID are not set: create a bot with @BotFather, start it in the chat that should get alerts, and set both in .env.", text);
        }

        var result = await notifier.SendAsync(text, CancellationToken.None);
        return new AlertTestResult(result.Sent, result.Error, text);
    }

    public Task<IReadOnlyList<AlertView>> ListAsync()
    {
        AlertView View(AlertRecord r)
        {
            var owed = state.State.Outbox.Where(m => m.Key == r.Key).ToList();
            return new AlertView(r.Key, r.Facts.Kind, r.State, r.Facts.CardId, r.Facts.Last4, r.Facts.AmountTiyin, r.Facts.Count,
                AlertRedactor.Clean(r.Facts.Detail), r.OpenedAt, r.ResolvedAt, r.LastSentAt, r.Reminders, owed.Count,
                owed.Select(m => m.LastError).LastOrDefault(e => e is not null), r.Text);
        }

        IReadOnlyList<AlertView> list = state.State.Open.Values.OrderByDescending(r => r.OpenedAt).Select(View)
            .Concat(state.State.Recent.AsEnumerable().Reverse().Select(View))
            .ToList();
        return Task.FromResult(list);
    }

    public Task WakeAsync() => Task.CompletedTask;

    public Task ReceiveReminder(string reminderName, TickStatus status) => TickAsync(CancellationToken.None);

    private void AddRecent(AlertRecord record)
    {
        state.State.Recent.Add(record);
        if (state.State.Recent.Count > RecentKept)
        {
            state.State.Recent.RemoveRange(0, state.State.Recent.Count - RecentKept);
        }
    }

    private void Enqueue(AlertRecord record, AlertTexts.Moment moment, string text, DateTimeOffset now)
    {
        var message = new AlertMessage
        {
            Id = $"alert_{Guid.NewGuid():N}",
            Key = record.Key,
            Moment = moment.ToString().ToLowerInvariant(),
            Facts = record.Facts,
            Text = text,
            CreatedAt = now,
            TelegramDone = !notifier.Configured,
            WebhookDone = !Alerts.Webhooks,
        };
        if (!message.TelegramDone || !message.WebhookDone)
        {
            state.State.Outbox.Add(message);
        }
    }

    /// <summary>Saves the whole state, one save at a time (interleaved turns share the state object, so the last save holds every change).</summary>
    private async Task SaveAsync()
    {
        dirty = true;
        await saving.WaitAsync();
        try
        {
            if (HasWork && !reminderSet)
            {
                // With the first owed message: if this silo dies now, the reminder brings the grain back to send it.
                await this.RegisterOrUpdateReminder(ReminderName, options.ReminderPeriod, options.ReminderPeriod);
                reminderSet = true;
            }

            await state.WriteStateAsync();
            dirty = false;
        }
        catch
        {
            dirty = true;
            throw;
        }
        finally
        {
            saving.Release();
        }
    }

    private void StartTicking() => tick ??= this.RegisterGrainTimer(TickAsync,
        new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = TickPeriod, Interleave = true, KeepAlive = true });

    /// <summary>Reminders that are due, then the outbox; stops ticking (and the reminder) once nothing is open or owed.</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (pumping)
        {
            return;
        }

        pumping = true;
        try
        {
            var now = clock.GetUtcNow();
            var reminded = false;
            foreach (var record in state.State.Open.Values.Where(r => now - r.LastNotifiedAt >= Alerts.Repeat).ToList())
            {
                record.LastNotifiedAt = now;
                record.Reminders++;
                Enqueue(record, AlertTexts.Moment.Reminder, AlertTexts.Render(Alerts.Language, record.Facts, AlertTexts.Moment.Reminder, Alerts), now);
                reminded = true;
            }

            if (reminded)
            {
                await SaveAsync();
            }

            await SendTelegramAsync();
            await SendWebhooksAsync();
            if (!HasWork)
            {
                tick?.Dispose();
                tick = null;
                reminderSet = false;
                if (await this.GetReminder(ReminderName) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
                }

                if (HasWork)
                {
                    // An alert came in while the reminder was being removed: it must not be left without one.
                    await this.RegisterOrUpdateReminder(ReminderName, options.ReminderPeriod, options.ReminderPeriod);
                    reminderSet = true;
                }
            }
        }
        catch (Exception e)
        {
            LogTickFailed(e.GetType().Name, e.Message);
        }
        finally
        {
            pumping = false;
        }
    }

    /// <summary>In order, one at a time: a failure stops the line until its retry is due, so "resolved" never overtakes its alert.</summary>
    private async Task SendTelegramAsync()
    {
        while (clock.GetUtcNow() >= telegramNotBefore && state.State.Outbox.FirstOrDefault(m => !m.TelegramDone) is { } message)
        {
            var result = await notifier.SendAsync(message.Text, CancellationToken.None);
            message.TelegramAttempts++;
            if (result.Sent)
            {
                message.TelegramDone = true;
                message.LastError = null;
                var at = clock.GetUtcNow();
                if (state.State.Open.TryGetValue(message.Key, out var open))
                {
                    open.LastSentAt = at;
                }
                else if (state.State.Recent.LastOrDefault(r => r.Key == message.Key) is { } recent)
                {
                    recent.LastSentAt = at;
                }
            }
            else
            {
                message.LastError = result.Error;
                var wait = result.RetryAfter ?? Backoff(TimeSpan.FromSeconds(2), message.TelegramAttempts);
                telegramNotBefore = clock.GetUtcNow() + wait;
                LogSendFailed(message.Key, message.TelegramAttempts, result.Error ?? "", wait.TotalSeconds);
            }

            Settle(message);
            await SaveAsync();
        }
    }

    private async Task SendWebhooksAsync()
    {
        while (clock.GetUtcNow() >= webhookNotBefore && state.State.Outbox.FirstOrDefault(m => !m.WebhookDone) is { } message)
        {
            var attempt = await webhooks.SendAsync(message.Id, WebhookBody(message), CancellationToken.None);
            message.WebhookAttempts++;
            if (attempt.Succeeded)
            {
                message.WebhookDone = true;
            }
            else
            {
                var asked = attempt.RetryAfterMs is { } ms ? TimeSpan.FromMilliseconds(ms) : TimeSpan.Zero;
                var backoff = Backoff(options.WebhookBackoff, message.WebhookAttempts);
                webhookNotBefore = clock.GetUtcNow() + (asked > backoff ? asked : backoff);
                LogWebhookFailed(message.Key, message.WebhookAttempts, AlertRedactor.Clean(attempt.Error) ?? "");
            }

            Settle(message);
            await SaveAsync();
        }
    }

    private void Settle(AlertMessage message)
    {
        if (message.TelegramDone && message.WebhookDone)
        {
            state.State.Outbox.Remove(message);
        }
    }

    private static TimeSpan Backoff(TimeSpan first, int attempts)
    {
        var shift = Math.Clamp(attempts - 1, 0, 16);
        var ticks = first.Ticks > MaxBackoff.Ticks >> shift ? MaxBackoff.Ticks : first.Ticks << shift;
        return TimeSpan.FromTicks(Math.Min(ticks, MaxBackoff.Ticks));
    }

    /// <summary>The webhook contract's <c>action</c> first, then the alert; amounts as exact decimal text from tiyin.</summary>
    private static byte[] WebhookBody(AlertMessage m)
    {
        var f = m.Facts;
        var json = new StringBuilder(256)
            .Append("{\"action\":\"alert\",\"alert_id\":").Append(JsonSerializer.Serialize(m.Id))
            .Append(",\"key\":").Append(JsonSerializer.Serialize(m.Key))
            .Append(",\"kind\":").Append(JsonSerializer.Serialize(f.Kind))
            .Append(",\"state\":").Append(JsonSerializer.Serialize(m.Moment))
            .Append(",\"card_id\":").Append(f.CardId is null ? "null" : JsonSerializer.Serialize(f.CardId))
            .Append(",\"last4\":").Append(f.Last4 is null ? "null" : JsonSerializer.Serialize(f.Last4))
            .Append(",\"amount\":").Append(f.AmountTiyin is { } tiyin ? Money.ToSomText(tiyin) : "null")
            .Append(",\"count\":").Append(f.Count is { } count ? count.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")
            .Append(",\"detail\":").Append(AlertRedactor.Clean(f.Detail) is { } detail ? JsonSerializer.Serialize(detail) : "null")
            .Append(",\"text\":").Append(JsonSerializer.Serialize(m.Text))
            .Append(",\"at\":").Append(JsonSerializer.Serialize(m.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)))
            .Append('}');
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Key} ({Kind}) opened.")]
    private partial void LogRaised(string key, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Key} resolved.")]
    private partial void LogResolved(string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert message about {Key} not sent to Telegram (attempt {Attempts}): {Error}; next try in {RetrySeconds} s.")]
    private partial void LogSendFailed(string key, int attempts, string error, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert webhook about {Key} not delivered (attempt {Attempts}): {Error}.")]
    private partial void LogWebhookFailed(string key, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The alert outbox pass failed ({ErrorType}: {Reason}); the next tick retries.")]
    private partial void LogTickFailed(string errorType, string reason);
}
