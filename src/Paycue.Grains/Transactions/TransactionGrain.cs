using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Paycue.Grains.Configuration;
using Paycue.Grains.Ledger;
using Paycue.Grains.Webhooks;

namespace Paycue.Grains.Transactions;

/// <summary>
/// One payment. Durable before visible: every change is made on a copy of the record and becomes this grain's state
/// (what reads answer, what webhooks are sent from) only once the store has saved it; a save that fails or times
/// out deactivates the grain, so the next activation reads what storage really holds. Its card creates the record (<see cref="ITransactionStore.CreateAsync"/>) together with the amount's
/// hold, so creating a transaction activates no grain; this grain reads the record when first asked. The card
/// expires open transactions (its own timer, and a reminder that brings it back after a crash); once closed, this
/// grain owns webhook delivery, made durable by a reminder that exists only while a delivery is pending. Delivery
/// runs in a timer turn, never inside the confirm call, so a slow merchant cannot slow matching.
/// </summary>
public sealed partial class TransactionGrain(
    ITransactionStore store,
    WebhookDelivery delivery,
    ILedgerStore ledger,
    PaycueOptions options,
    TimeProvider clock,
    ILogger<TransactionGrain> logger) : Grain, ITransactionGrain, IRemindable
{
    public const string ReminderName = "due-work";
    public const string LegacyStateName = "transaction";

    /// <summary>How soon an owed ledger row is tried again.</summary>
    private static readonly TimeSpan LedgerRetry = TimeSpan.FromSeconds(2);

    private IGrainTimer? timer;
    private long version;

    private Guid Id => this.GetPrimaryKey();

    private TransactionRecord Record { get; set; } = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stored = await store.LoadAsync(Id) ?? await MigrateLegacyAsync();
        if (stored is not null)
        {
            Record = stored.Record;
            version = stored.Version;
            ScheduleNextWork();
        }
    }

    public async Task<TransactionView?> GetAsync()
    {
        await RefreshIfMissingAsync();
        return Record.State == TransactionState.None ? null : View();
    }

    /// <summary>
    /// An activation that found no record (asked before the create, or about a create that failed) must not go on
    /// answering "none" once a retry has created the transaction under this id: look again.
    /// </summary>
    private async Task RefreshIfMissingAsync()
    {
        if (Record.State == TransactionState.None && await store.LoadAsync(Id) is { } stored)
        {
            Record = stored.Record;
            version = stored.Version;
            ScheduleNextWork();
        }
    }

    public async Task<ConfirmOutcome> ConfirmAsync(PaymentEvidence evidence)
    {
        await RefreshIfMissingAsync();
        if (Record.State == TransactionState.None)
        {
            return ConfirmOutcome.NotFound;
        }

        var opening = Record.Opening!;
        if (Record.State == TransactionState.Confirmed)
        {
            if (Record.Payment != evidence)
            {
                return ConfirmOutcome.AlreadyConfirmed;
            }

            // A replay of the confirming message (its card's records failed, or the card moved): the confirm is
            // saved; make sure its webhook is still owed a durable delivery.
            await EnsureDeliveryAsync();
            return ConfirmOutcome.Confirmed;
        }

        if (evidence.CardId != opening.CardId || evidence.AmountTiyin != opening.AmountTiyin)
        {
            return ConfirmOutcome.Mismatch;
        }

        if (evidence.PaidAt > opening.ExpiresAt)
        {
            return ConfirmOutcome.Expired;
        }

        if (Record.State == TransactionState.Cancelled)
        {
            return ConfirmOutcome.Cancelled;
        }

        // Paid in time and not yet cancelled: confirm even past the deadline (within its grace), since the merchant
        // has not been told "cancel" and the money is there.
        await CloseAsync(TransactionState.Confirmed, null, clock.GetUtcNow(), evidence);
        LogConfirmed(Id, opening.AmountTiyin, opening.CardId);
        return ConfirmOutcome.Confirmed;
    }

    public async Task<ConfirmOutcome> ResolveAsync(PaymentEvidence evidence, PaymentResolution resolution)
    {
        await RefreshIfMissingAsync();
        if (Record.State == TransactionState.None)
        {
            return ConfirmOutcome.NotFound;
        }

        if (Record.State == TransactionState.Confirmed)
        {
            if (Record.Resolution?.PaymentId != resolution.PaymentId)
            {
                return ConfirmOutcome.AlreadyConfirmed;
            }

            // A retry (the first answer was lost, or its ledger write failed): the confirm is saved already.
            await EnsureDeliveryAsync();
            await SettleLedgerAsync();
            return ConfirmOutcome.Confirmed;
        }

        var opening = Record.Opening!;
        if (evidence.CardId != opening.CardId)
        {
            return ConfirmOutcome.Mismatch;
        }

        // Active or cancelled: confirmed now. The ledger row learns only once the confirm is durable, so it never says
        // "resolved" for a transaction that did not confirm; the owed flag, saved with the confirm, makes this grain
        // retry the row until it lands, so a confirmed transaction never leaves its credit listed as unmatched.
        var settled = resolution with { Status = PaymentResolutionStatus.Resolved, TransactionId = Id, OrderId = opening.Order?.OrderId };
        await CloseAsync(TransactionState.Confirmed, null, clock.GetUtcNow(), evidence, next =>
        {
            next.Resolution = settled;
            next.LedgerOwed = true;
        });
        LogResolved(Id, resolution.PaymentId, opening.AmountTiyin, evidence.AmountTiyin);
        await SettleLedgerAsync();
        return ConfirmOutcome.Confirmed;
    }

    /// <summary>Writes the resolution onto the ledger row if still owed; a failure leaves it owed, for the due-work timer and reminder.</summary>
    private async Task SettleLedgerAsync()
    {
        if (!Record.LedgerOwed || Record.Resolution is not { } resolution)
        {
            return;
        }

        try
        {
            await ledger.PutResolutionAsync(resolution);
            await ChangeAsync(next => next.LedgerOwed = false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The confirm stands; the row is retried (by this activation's timer, or the next one's after a failed save).
            LogLedgerOwed(Id, ex.GetType().Name);
        }

        ScheduleNextWork();
    }

    public async Task PayPageOpenedAsync()
    {
        await RefreshIfMissingAsync();
        if (Record.State == TransactionState.Active && Record.PayPageOpenedAt is null)
        {
            var now = clock.GetUtcNow();
            await ChangeAsync(next => next.PayPageOpenedAt = now);
        }
    }

    public async Task<CancelOutcome> CancelAsync(string reason)
    {
        await RefreshIfMissingAsync();
        if (Record.State == TransactionState.None)
        {
            return CancelOutcome.NotFound;
        }

        if (Record.State != TransactionState.Active)
        {
            await EnsureDeliveryAsync();
            return CancelOutcome.AlreadyClosed;
        }

        await CloseAsync(TransactionState.Cancelled, reason, clock.GetUtcNow(), null);
        return CancelOutcome.Cancelled;
    }

    public async Task ExpireAsync(string cardId, long amountTiyin, string reason)
    {
        await RefreshIfMissingAsync();
        if (Record.State == TransactionState.Active && Record.Opening!.CardId != cardId)
        {
            // Another card's hold on this id: a create there failed, and a retry created the transaction here. Only
            // this transaction's own card decides its expiry (it knows whether its feed is caught up).
            await GrainFactory.GetGrain<ICardGrain>(cardId).ReleaseAsync(Id, amountTiyin);
            return;
        }

        if (Record.State == TransactionState.Active)
        {
            // The card decides when (grace, feed); our clock only refuses one that ran ahead, and the card asks again.
            var now = clock.GetUtcNow();
            if (now >= Record.Opening!.ExpiresAt + options.ExpiryGrace)
            {
                await CloseAsync(TransactionState.Cancelled, reason, now, null);
            }

            return;
        }

        // Closed already (its release to the card was lost, or its close failed after saving), or never created:
        // either way the card may let go, and a saved close's webhook must still be owed a durable delivery.
        await EnsureDeliveryAsync();
        await GrainFactory.GetGrain<ICardGrain>(cardId).ReleaseAsync(Id, amountTiyin);
    }

    public async Task<bool> RedeliverAsync()
    {
        if (Record.Events.Count == 0)
        {
            return false;
        }

        await this.RegisterOrUpdateReminder(ReminderName, options.ReminderPeriod, options.ReminderPeriod);
        var now = clock.GetUtcNow();
        await ChangeAsync(next =>
        {
            var last = next.Events[^1];
            last.Status = WebhookStatus.Pending;
            last.AttemptsBeforeRedelivery = last.Attempts;
            last.NextAttemptAt = now;
        });
        ScheduleNextWork();
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => DoDueWorkAsync();

    public async Task<bool> PurgeAsync()
    {
        if (Record.State is TransactionState.None or TransactionState.Active || Record.LedgerOwed || Record.Events.Any(e => e.Status == WebhookStatus.Pending))
        {
            return false;
        }

        await store.DeleteAsync(Id);
        Record = new TransactionRecord();
        version = 0;
        DeactivateOnIdle();
        return true;
    }

    private async Task CloseAsync(TransactionState closedState, string? reason, DateTimeOffset now, PaymentEvidence? payment, Action<TransactionRecord>? also = null)
    {
        var opening = Record.Opening!;

        // The webhook will owe a delivery: a reminder due within one period makes it durable, so if this process
        // dies before delivering, whichever silo takes the grain delivers it then (it is removed once nothing is
        // pending). It goes out with the save, one round trip of latency for all three writes: a reminder with
        // nothing to do only unregisters itself, and if the reminder fails while the save succeeds, the call fails,
        // its caller retries (a replayed confirm, the card's next expiry ask, a repeated cancel), and that replay
        // registers it (EnsureDeliveryAsync). Retention's index of closed transactions goes out with them too: the
        // sweep purges only closed transactions, so an entry for a close that did not save is skipped and retried.
        var reminder = this.RegisterOrUpdateReminder(ReminderName, options.ReminderPeriod, options.ReminderPeriod);
        var indexed = IndexClosedAsync(now, closedState);
        var reopened = Record.State == TransactionState.Cancelled;
        var saved = SaveAndCountAsync(reopened, ChangeAsync(next =>
        {
            next.State = closedState;
            if (closedState == TransactionState.Confirmed)
            {
                next.Payment = payment;
                next.ConfirmedAt = now;
            }
            else
            {
                next.CancelledAt = now;
                next.CancelReason = reason;
            }

            next.Events.Add(new WebhookEventRecord
            {
                EventId = $"evt_{Guid.NewGuid():N}",
                Action = closedState == TransactionState.Confirmed ? "confirm" : "cancel",
                CreatedAt = now,
                NextAttemptAt = now,
            });
            also?.Invoke(next);
        }));
        await Task.WhenAll(saved, indexed, reminder);

        if (closedState == TransactionState.Cancelled)
        {
            LogCancelled(Id, reason ?? "", opening.AmountTiyin, opening.CardId);
        }

        // The card learns after our state is durable; if this one-way call is lost, the card's expiry asks us again
        // and we release then.
        await GrainFactory.GetGrain<ICardGrain>(opening.CardId).ReleaseAsync(Id, opening.AmountTiyin);
        ScheduleNextWork();
    }

    /// <summary>
    /// Counts the close once, as soon as its save has landed (not after the reminder, whose failure makes the caller
    /// retry into the already-closed path, which counts nothing). A resolve of a cancelled transaction is a confirm
    /// (<c>by="manual"</c>, <c>after_cancel="true"</c>): it was counted cancelled when it was, and the tag lets a dashboard
    /// take it out of the cancels, since a counter cannot go down. A save whose answer was lost is not counted.
    /// </summary>
    private async Task SaveAndCountAsync(bool reopened, Task save)
    {
        await save;
        var card = PaycueMetrics.Card(Record.Opening!.CardId);
        if (Record.State == TransactionState.Confirmed)
        {
            PaycueMetrics.TransactionsConfirmed.Add(1, card, new("by", Record.Resolution is null ? "payment" : "manual"),
                new("after_cancel", reopened ? "true" : "false"));
        }
        else
        {
            PaycueMetrics.TransactionsCancelled.Add(1, card, new("reason", Record.CancelReason));
        }
    }

    private async Task IndexClosedAsync(DateTimeOffset now, TransactionState closedState)
    {
        try
        {
            // A cancel is also indexed by card, so a credit that arrives after it can be offered this transaction.
            var opening = Record.Opening!;
            await Task.WhenAll(ledger.RecordClosedAsync(Id, now), closedState == TransactionState.Cancelled
                ? ledger.RecordCancelledAsync(opening.CardId, Id, opening.AmountTiyin, now)
                : Task.CompletedTask);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogIndexFailed(Id, ex.GetType().Name);
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to a copy of the record and saves it; only a successful save makes the copy
    /// the grain's record. A save that throws may or may not have landed (a timeout), so this activation no longer
    /// knows what storage holds: it goes, and the next one reads the truth.
    /// </summary>
    private Task ChangeAsync(Action<TransactionRecord> change)
    {
        var next = TransactionJson.Clone(Record);
        change(next);
        return SaveAsync(next);
    }

    /// <summary>Saves <paramref name="next"/>, a changed copy of the record, and makes it the record once saved.</summary>
    private async Task SaveAsync(TransactionRecord next)
    {
        long? saved;
        try
        {
            saved = await store.SaveAsync(Id, next, version);
        }
        catch (Exception ex) when (ex is not InconsistentStateException)
        {
            LogSaveFailed(Id, ex.GetType().Name);
            DeactivateOnIdle();
            throw;
        }

        if (saved is null)
        {
            DeactivateOnIdle();
            throw new InconsistentStateException($"Transaction {Id:D} was written by another activation; this one reloads.");
        }

        Record = next;
        version = saved.Value;
    }

    /// <summary>A closed transaction whose latest event is still pending has its reminder and its timer.</summary>
    private async Task EnsureDeliveryAsync()
    {
        if (Record.Events.Any(e => e.Status == WebhookStatus.Pending))
        {
            await this.RegisterOrUpdateReminder(ReminderName, options.ReminderPeriod, options.ReminderPeriod);
            ScheduleNextWork();
        }
    }

    private async Task DoDueWorkAsync()
    {
        if (Record.LedgerOwed)
        {
            await SettleLedgerAsync();
        }

        var now = clock.GetUtcNow();
        foreach (var pendingId in Record.Events.Where(e => e.Status == WebhookStatus.Pending && e.NextAttemptAt <= now).Select(e => e.EventId).ToList())
        {
            await AttemptAsync(pendingId);
        }

        var next = NextDueAt();
        if (next is null)
        {
            var reminder = await this.GetReminder(ReminderName);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
        }

        ScheduleNextWork();
    }

    /// <summary>One delivery attempt of a saved event; its outcome is recorded on a copy and saved like any change.</summary>
    private async Task AttemptAsync(string eventId)
    {
        var owner = Id.ToString("D");
        var next = TransactionJson.Clone(Record);
        var pending = next.Events.First(e => e.EventId == eventId);
        var manual = pending.Action == "confirm" ? Record.Resolution : null;
        await delivery.AttemptAsync(owner, pending, WebhookPayload.Build(pending.Action, Id, Record.Opening!, manual));
        await SaveAsync(next);
        if (pending.Status != WebhookStatus.Pending || pending.Attempts == 1)
        {
            // The index only needs the transitions: first attempt made, and the final outcome.
            await ledger.RecordDeliveryAsync(delivery.ToRecord(owner, pending));
        }
    }

    /// <summary>
    /// Transactions created before the store existed live in Orleans' grain storage under the state name
    /// "transaction"; the first activation moves one over, so an upgrade loses nothing that was open.
    /// </summary>
    private async Task<StoredTransaction?> MigrateLegacyAsync()
    {
        // Only Redis keeps anything from an earlier version; the in-memory mode starts empty every time.
        if (!options.UsesRedis || ServiceProvider.GetKeyedService<IGrainStorage>(StorageNames.Paycue) is not { } legacy)
        {
            return null;
        }

        var old = new GrainState<TransactionRecord>();
        await legacy.ReadStateAsync(LegacyStateName, GrainContext.GrainId, old);
        if (!old.RecordExists || old.State is null || old.State.State == TransactionState.None)
        {
            return null;
        }

        // Clearing resets the state object it is given, so keep the record apart. An old version's active
        // transaction was expired by its own reminder; now its card does (its pool entry is in the card's pool).
        var record = old.State;
        var moved = await store.SaveAsync(Id, record, 0)
            ?? throw new InconsistentStateException($"Transaction {Id:D} was migrated by another activation; this one reloads.");
        await legacy.ClearStateAsync(LegacyStateName, GrainContext.GrainId, old);
        LogMigrated(Id);
        return new StoredTransaction(record, moved);
    }

    /// <summary>The next webhook attempt due. Expiry is not here: only the card knows whether its feed is caught up.</summary>
    private DateTimeOffset? NextDueAt()
    {
        DateTimeOffset? next = Record.LedgerOwed ? clock.GetUtcNow() + LedgerRetry : null;
        foreach (var e in Record.Events.Where(e => e.Status == WebhookStatus.Pending))
        {
            if (next is null || e.NextAttemptAt < next)
            {
                next = e.NextAttemptAt;
            }
        }

        return next;
    }

    private void ScheduleNextWork()
    {
        var next = NextDueAt();
        if (next is null)
        {
            timer?.Dispose();
            timer = null;
            return;
        }

        var due = next.Value - clock.GetUtcNow();
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        if (timer is null)
        {
            timer = this.RegisterGrainTimer(_ => DoDueWorkAsync(), new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan });
        }
        else
        {
            timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private TransactionView View() => Record.ToView(Id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId}: saving failed ({ErrorType}); the activation goes and the next one reads the stored record.")]
    private partial void LogSaveFailed(Guid transactionId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId}: recording the close in the retention index failed ({ErrorType}).")]
    private partial void LogIndexFailed(Guid transactionId, string errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId} moved from Orleans grain storage to the transaction store.")]
    private partial void LogMigrated(Guid transactionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId} confirmed ({AmountTiyin} tiyin on card {CardId}).")]
    private partial void LogConfirmed(Guid transactionId, long amountTiyin, string cardId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId} confirmed by hand with payment {PaymentId} ({AmountTiyin} tiyin asked, {PaidTiyin} tiyin paid).")]
    private partial void LogResolved(Guid transactionId, string paymentId, long amountTiyin, long paidTiyin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId}: writing its resolution onto the ledger row failed ({ErrorType}); retried.")]
    private partial void LogLedgerOwed(Guid transactionId, string errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId} cancelled: {Reason} ({AmountTiyin} tiyin on card {CardId}).")]
    private partial void LogCancelled(Guid transactionId, string reason, long amountTiyin, string cardId);
}
