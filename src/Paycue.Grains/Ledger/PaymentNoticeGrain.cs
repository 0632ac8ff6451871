using System.Text;
using Orleans.Runtime;
using Paycue.Grains.Configuration;
using Paycue.Grains.Webhooks;

namespace Paycue.Grains.Ledger;

/// <summary>
/// The <c>unmatched</c> webhook of one payment (WEBHOOK_UNMATCHED=true): money arrived that paid no transaction,
/// and the merchant should hear about it. Same durability as transaction webhooks: state first, a reminder as the
/// backstop, a timer for the precise retry.
/// </summary>
public sealed class PaymentNoticeGrain(
    [PersistentState("payment-notice", StorageNames.Paycue)] IPersistentState<PaymentNoticeState> state,
    WebhookDelivery delivery,
    ILedgerStore ledger,
    PaycueOptions options,
    TimeProvider clock) : Grain, IPaymentNoticeGrain, IRemindable
{
    private const string ReminderName = "deliver";
    private IGrainTimer? timer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Schedule();
        return Task.CompletedTask;
    }

    public async Task NotifyUnmatchedAsync(PaymentRecord payment)
    {
        if (state.State.Event is not null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        state.State.Payment = payment;
        state.State.Event = new Transactions.WebhookEventRecord { EventId = $"evt_{Guid.NewGuid():N}", Action = "unmatched", CreatedAt = now, NextAttemptAt = now };
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ReminderName, options.ReminderPeriod, options.ReminderPeriod);
        Schedule();

        // For the retention sweep; if this write fails the state is only kept longer, never lost early.
        await ledger.RecordKeptAsync(KeptKinds.PaymentNotice, this.GetPrimaryKeyString(), now);
    }

    public Task<WebhookEventView?> GetAsync() => Task.FromResult(state.State.Event?.ToView());

    public async Task<bool> ForgetAsync()
    {
        if (state.State.Event is { Status: WebhookStatus.Pending })
        {
            return false;
        }

        await state.ClearStateAsync();
        Schedule();
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => DeliverAsync();

    private async Task DeliverAsync()
    {
        var pending = state.State.Event;
        if (pending is { Status: WebhookStatus.Pending } && pending.NextAttemptAt <= clock.GetUtcNow())
        {
            var owner = this.GetPrimaryKeyString();
            await delivery.AttemptAsync(owner, pending, Body(state.State.Payment!));
            await state.WriteStateAsync();
            if (pending.Status != WebhookStatus.Pending || pending.Attempts == 1)
            {
                await ledger.RecordDeliveryAsync(delivery.ToRecord(owner, pending));
            }
        }

        if (state.State.Event is not { Status: WebhookStatus.Pending } && await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        Schedule();
    }

    private void Schedule()
    {
        if (state.State.Event is not { Status: WebhookStatus.Pending, NextAttemptAt: { } next })
        {
            timer?.Dispose();
            timer = null;
            return;
        }

        var due = next - clock.GetUtcNow();
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        if (timer is null)
        {
            timer = this.RegisterGrainTimer(_ => DeliverAsync(), new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan });
        }
        else
        {
            timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private static byte[] Body(PaymentRecord payment) => Encoding.UTF8.GetBytes(
        $"{{\"action\":\"unmatched\",\"amount\":{Money.ToSomText(payment.AmountTiyin)},\"card_id\":{System.Text.Json.JsonSerializer.Serialize(payment.CardId)},\"payment_id\":{System.Text.Json.JsonSerializer.Serialize(payment.PaymentId)},\"reason\":\"{payment.Outcome}\"{(payment.TransactionId is { } id ? $",\"transaction_id\":\"{id:D}\"" : "")}}}");
}
