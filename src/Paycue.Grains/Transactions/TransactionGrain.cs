using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Paycue.Grains.Configuration;
using Paycue.Grains.Ledger;
using Paycue.Grains.Webhooks;

namespace Paycue.Grains.Transactions;

/// <summary>
/// One payment. Its card creates the record (<see cref="ITransactionStore.CreateAsync"/>) together with the amount's
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

    public Task<TransactionView?> GetAsync() =>
        Task.FromResult(Record.State == TransactionState.None ? null : View());

    public async Task<ConfirmOutcome> ConfirmAsync(PaymentEvidence evidence)
    {
        if (Record.State == TransactionState.None)
        {
            return ConfirmOutcome.NotFound;
        }

        var opening = Record.Opening!;
        if (Record.State == TransactionState.Confirmed)
        {
            return Record.Payment == evidence ? ConfirmOutcome.Confirmed : ConfirmOutcome.AlreadyConfirmed;
        }

        if (evidence.CardId != opening.CardId || evidence.AmountTiyin != opening.AmountTiyin)
        {
            return ConfirmOutcome.Mismatch;
        }

        if (Record.State == TransactionState.Cancelled || evidence.PaidAt > opening.ExpiresAt)
        {
            return ConfirmOutcome.Expired;
        }

        // Paid in time and not yet cancelled: confirm even if the expiry turn is due, since the merchant has not
        // been told "cancel" and the money is there.
        var now = clock.GetUtcNow();
        Record.Payment = evidence;
        await CloseAsync(TransactionState.Confirmed, null, now);
        LogConfirmed(Id, opening.AmountTiyin, opening.CardId);
        return ConfirmOutcome.Confirmed;
    }

    public async Task<CancelOutcome> CancelAsync(string reason)
    {
        if (Record.State == TransactionState.None)
        {
            return CancelOutcome.NotFound;
        }

        if (Record.State != TransactionState.Active)
        {
            return CancelOutcome.AlreadyClosed;
        }

        await CloseAsync(TransactionState.Cancelled, reason, clock.GetUtcNow());
        return CancelOutcome.Cancelled;
    }

    public async Task ExpireAsync(string cardId, long amountTiyin)
    {
        if (Record.State == TransactionState.Active)
        {
            // Our clock decides; if the card's ran ahead, our own timer expires us on time.
            if (clock.GetUtcNow() >= Record.Opening!.ExpiresAt)
            {
                await CloseAsync(TransactionState.Cancelled, "expired", clock.GetUtcNow());
            }

            return;
        }

        // Closed already (its release to the card was lost), or never created: either way the card may let go.
        await GrainFactory.GetGrain<ICardGrain>(cardId).ReleaseAsync(Id, amountTiyin);
    }

    public async Task<bool> RedeliverAsync()
    {
        var last = Record.Events.LastOrDefault();
        if (last is null)
        {
            return false;
        }

        last.Status = WebhookStatus.Pending;
        last.AttemptsBeforeRedelivery = last.Attempts;
        last.NextAttemptAt = clock.GetUtcNow();
        await SaveAsync();
        await this.RegisterOrUpdateReminder(ReminderName, options.ReminderPeriod, options.ReminderPeriod);
        ScheduleNextWork();
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => DoDueWorkAsync();

    public async Task<bool> PurgeAsync()
    {
        if (Record.State is TransactionState.None or TransactionState.Active || Record.Events.Any(e => e.Status == WebhookStatus.Pending))
        {
            return false;
        }

        await store.DeleteAsync(Id);
        Record = new TransactionRecord();
        version = 0;
        DeactivateOnIdle();
        return true;
    }

    private async Task CloseAsync(TransactionState closedState, string? reason, DateTimeOffset now)
    {
        var opening = Record.Opening!;
        Record.State = closedState;
        if (closedState == TransactionState.Confirmed)
        {
            Record.ConfirmedAt = now;
            PaycueMetrics.TransactionsConfirmed.Add(1, PaycueMetrics.Card(opening.CardId));
        }
        else
        {
            Record.CancelledAt = now;
            Record.CancelReason = reason;
            PaycueMetrics.TransactionsCancelled.Add(1, PaycueMetrics.Card(opening.CardId), new("reason", reason));
        }

        Record.Events.Add(new WebhookEventRecord
        {
            EventId = $"evt_{Guid.NewGuid():N}",
            Action = closedState == TransactionState.Confirmed ? "confirm" : "cancel",
            CreatedAt = now,
            NextAttemptAt = now,
        });
        // The webhook now owes a delivery: a reminder due within one period makes it durable, so if this process
        // dies before delivering, whichever silo takes the grain delivers it then (it is removed once nothing is
        // pending). The three writes are independent, so they share one round trip of latency.
        await Task.WhenAll(
            SaveAsync(),
            ledger.RecordClosedAsync(Id, now),
            this.RegisterOrUpdateReminder(ReminderName, options.ReminderPeriod, options.ReminderPeriod));

        // The card learns after our state is durable; if this one-way call is lost the amount still frees itself
        // after expiry plus cooldown, so nothing can reuse it early.
        await GrainFactory.GetGrain<ICardGrain>(opening.CardId).ReleaseAsync(Id, opening.AmountTiyin);
        if (closedState == TransactionState.Cancelled)
        {
            LogCancelled(Id, reason ?? "", opening.AmountTiyin, opening.CardId);
        }

        ScheduleNextWork();
    }

    private async Task DoDueWorkAsync()
    {
        var now = clock.GetUtcNow();
        if (Record.State == TransactionState.Active && now >= Record.Opening!.ExpiresAt)
        {
            await CloseAsync(TransactionState.Cancelled, "expired", now);
        }

        foreach (var pending in Record.Events.Where(e => e.Status == WebhookStatus.Pending && e.NextAttemptAt <= now).ToList())
        {
            await AttemptAsync(pending);
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

    private async Task AttemptAsync(WebhookEventRecord pending)
    {
        var owner = Id.ToString("D");
        await delivery.AttemptAsync(owner, pending, WebhookPayload.Build(pending.Action, Id, Record.Opening!));
        await SaveAsync();
        if (pending.Status != WebhookStatus.Pending || pending.Attempts == 1)
        {
            // The index only needs the transitions: first attempt made, and the final outcome.
            await ledger.RecordDeliveryAsync(delivery.ToRecord(owner, pending));
        }
    }

    /// <summary>Writes the record; if another activation wrote since we read, this one is stale and must go.</summary>
    private async Task SaveAsync()
    {
        version = await store.SaveAsync(Id, Record, version)
            ?? throw new InconsistentStateException($"Transaction {Id:D} was written by another activation; this one reloads.");
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

        // Clearing resets the state object it is given, so keep the record apart.
        var record = old.State;
        var moved = await store.SaveAsync(Id, record, 0)
            ?? throw new InconsistentStateException($"Transaction {Id:D} was migrated by another activation; this one reloads.");
        await legacy.ClearStateAsync(LegacyStateName, GrainContext.GrainId, old);
        LogMigrated(Id);
        return new StoredTransaction(record, moved);
    }

    private DateTimeOffset? NextDueAt()
    {
        DateTimeOffset? next = Record.State == TransactionState.Active ? Record.Opening!.ExpiresAt : null;
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

    private TransactionView View()
    {
        var o = Record.Opening!;
        return new TransactionView(Id, Record.State, o.CardId, o.CardLast4, o.RequestedTiyin, o.AmountTiyin, o.CreatedAt, o.ExpiresAt,
            Record.ConfirmedAt, Record.CancelledAt, Record.CancelReason, Record.Payment, Record.Events.Select(e => e.ToView()).ToList());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId} moved from Orleans grain storage to the transaction store.")]
    private partial void LogMigrated(Guid transactionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId} confirmed ({AmountTiyin} tiyin on card {CardId}).")]
    private partial void LogConfirmed(Guid transactionId, long amountTiyin, string cardId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId} cancelled: {Reason} ({AmountTiyin} tiyin on card {CardId}).")]
    private partial void LogCancelled(Guid transactionId, string reason, long amountTiyin, string cardId);
}
