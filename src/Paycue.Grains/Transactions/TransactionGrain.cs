using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Paycue.Grains.Configuration;
using Paycue.Grains.Ledger;
using Paycue.Grains.Webhooks;

namespace Paycue.Grains.Transactions;

/// <summary>
/// One payment. A reminder registered at opening makes expiry and pending webhook retries durable: whichever silo
/// holds the grain after a crash picks the work up. A grain timer does the same work precisely while the grain is
/// active; delivery runs in a timer turn, never inside the confirm call, so a slow merchant cannot slow matching.
/// </summary>
public sealed partial class TransactionGrain(
    [PersistentState("transaction", StorageNames.Paycue)] IPersistentState<TransactionRecord> state,
    WebhookDelivery delivery,
    ILedgerStore ledger,
    PaycueOptions options,
    TimeProvider clock,
    ILogger<TransactionGrain> logger) : Grain, ITransactionGrain, IRemindable
{
    public const string ReminderName = "due-work";

    private IGrainTimer? timer;

    private Guid Id => this.GetPrimaryKey();

    private TransactionRecord Record => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Record.State != TransactionState.None)
        {
            ScheduleNextWork();
        }

        return Task.CompletedTask;
    }

    public async Task<TransactionView> OpenAsync(TransactionOpening opening)
    {
        if (Record.State != TransactionState.None)
        {
            return View();
        }

        Record.State = TransactionState.Active;
        Record.Opening = opening;
        var due = opening.ExpiresAt - clock.GetUtcNow();

        // State and reminder together: if only the reminder lands, its tick finds no transaction and removes itself.
        await Task.WhenAll(
            state.WriteStateAsync(),
            this.RegisterOrUpdateReminder(ReminderName, due < TimeSpan.Zero ? TimeSpan.Zero : due, options.ReminderPeriod));
        PaycueMetrics.TransactionsCreated.Add(1, PaycueMetrics.Card(opening.CardId));
        ScheduleNextWork();
        return View();
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
        await state.WriteStateAsync();
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

        await state.ClearStateAsync();
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
        // The expiry reminder's next tick may be far away; pull it close so that if this process dies before the
        // webhook is delivered, whichever silo takes the grain delivers it within one reminder period. The three
        // writes are independent, so they share one round trip of latency.
        await Task.WhenAll(
            state.WriteStateAsync(),
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
        await state.WriteStateAsync();
        if (pending.Status != WebhookStatus.Pending || pending.Attempts == 1)
        {
            // The index only needs the transitions: first attempt made, and the final outcome.
            await ledger.RecordDeliveryAsync(delivery.ToRecord(owner, pending));
        }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId} confirmed ({AmountTiyin} tiyin on card {CardId}).")]
    private partial void LogConfirmed(Guid transactionId, long amountTiyin, string cardId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId} cancelled: {Reason} ({AmountTiyin} tiyin on card {CardId}).")]
    private partial void LogCancelled(Guid transactionId, string reason, long amountTiyin, string cardId);
}
