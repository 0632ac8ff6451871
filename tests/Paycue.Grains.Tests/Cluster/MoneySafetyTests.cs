using Microsoft.Extensions.DependencyInjection;
using Paycue.Grains.Configuration;
using Paycue.Grains.Ledger;
using Paycue.Grains.Tests.Faults;
using Paycue.Testing;

namespace Paycue.Grains.Tests.Cluster;

/// <summary>
/// 3 s deadlines with a 2 s grace, unmatched webhooks on, and stores that fail a chosen call on request
/// (<see cref="FaultPlan"/>): the sequences of the money-safety review, each of which once cancelled a paid order,
/// confirmed an unpaid one, or lost a payment.
/// </summary>
public sealed class MoneySafetyCluster : PaycueCluster
{
    public FaultPlan Faults { get; } = new();

    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    protected override PaycueOptions Configure(string webhookUrl) => new()
    {
        TransactionTimeout = TimeSpan.FromSeconds(3),
        ExpiryGrace = Grace,
        AmountCooldown = TimeSpan.FromSeconds(20),
        WebhookUrl = new Uri(webhookUrl),
        WebhookBackoff = TimeSpan.FromMilliseconds(200),
        WebhookTimeout = TimeSpan.FromSeconds(2),
        WebhookUnmatched = true,
        LimitSom = 100,
    };

    protected override void ConfigureSiloServices(IServiceCollection services) => services.AddFaults(Faults);

    public ILedgerStore Ledger => Cluster.Silos[0].ServiceProvider.GetRequiredService<ILedgerStore>();

    public async Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(string cardId) =>
        (await Ledger.PaymentsAsync(PaymentFilter.All, null, null, 1000)).Where(p => p.CardId == cardId).ToList();
}

[CollectionDefinition(Name)]
public sealed class MoneySafetyCollection : ICollectionFixture<MoneySafetyCluster>
{
    public const string Name = nameof(MoneySafetyCollection);
}

[Collection(MoneySafetyCollection.Name)]
public sealed class MoneySafetyTests(MoneySafetyCluster fixture) : IDisposable
{
    private static long messageIds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 10;

    private static long NextMessageId() => Interlocked.Increment(ref messageIds);

    public void Dispose() => fixture.Faults.Clear();

    private ITransactionGrain Transaction(TransactionView tx) => fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId);

    private static string PaymentId(CardSpec card, long messageId) => $"{card.CardId}:{PaycueOptions.SandboxSenderId}:{messageId}";

    // 1. Paid before the deadline, read after it.

    [Fact]
    public async Task CreditDatedBeforeTheDeadlineAndReadDuringTheGraceConfirms()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 51_000_000);
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);

        // Past the deadline the order is still open: the payment may be on its way.
        await Task.Delay(tx.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500));
        Assert.Equal(TransactionState.Active, (await Transaction(tx).GetAsync())!.State);

        var paidInTime = PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId(), at: tx.ExpiresAt.AddSeconds(-1));
        var result = await grain.OnBankMessageAsync(paidInTime);

        Assert.Equal(MatchOutcomes.Confirmed, result.Outcome);
        Assert.Equal(TransactionState.Confirmed, (await Transaction(tx).GetAsync())!.State);
        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(5));
        Assert.Equal("confirm", Assert.Single(hooks).Action);
    }

    [Fact]
    public async Task UnpaidTransactionIsCancelledOnlyAfterItsGrace()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 52_000_000);

        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(15));
        Assert.Equal("cancel", hooks[0].Action);
        var view = (await Transaction(tx).GetAsync())!;
        Assert.Equal("expired", view.CancelReason);
        Assert.True(view.CancelledAt >= tx.ExpiresAt + MoneySafetyCluster.Grace, $"cancelled at {view.CancelledAt:O}, deadline {tx.ExpiresAt:O}");
    }

    [Fact]
    public async Task CreditDatedAfterTheDeadlineNeverConfirmsAndLeavesTheOrderOpenForOneInTime()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 53_000_000);
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);
        // Both credits are read during the 2 s grace, so the wait ends just past the deadline: the later it ends, the
        // less of the grace is left for the three calls below before the order is cancelled (once only 0.8 s was).
        await Task.Delay(tx.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));

        var late = await grain.OnBankMessageAsync(PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId(), at: tx.ExpiresAt.AddMilliseconds(100)));
        Assert.Equal(MatchOutcomes.Expired, late.Outcome);
        Assert.Equal(TransactionState.Active, (await Transaction(tx).GetAsync())!.State);

        // The payer's transfer made in time, read after the late one: it still pays the order.
        var inTime = await grain.OnBankMessageAsync(PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId(), at: tx.ExpiresAt.AddSeconds(-2)));
        Assert.Equal(MatchOutcomes.Confirmed, inTime.Outcome);
    }

    [Fact]
    public async Task CreditDatedInTimeButReadAfterTheCancelIsRecordedAsPaidAfterCancel()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 54_000_000);
        Assert.Equal(CancelOutcome.Cancelled, await Transaction(tx).CancelAsync("merchant"));

        var messageId = NextMessageId();
        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId)
            .OnBankMessageAsync(PaycueCluster.Credit(card, tx.AmountTiyin, messageId, at: tx.CreatedAt.AddSeconds(1)));

        Assert.Equal(MatchOutcomes.PaidAfterCancel, result.Outcome);
        Assert.Equal(tx.TransactionId, result.TransactionId);
        var row = Assert.Single(await fixture.PaymentsAsync(card.CardId));
        Assert.Equal((MatchOutcomes.PaidAfterCancel, tx.TransactionId), (row.Outcome, row.TransactionId));
        var notice = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Any(w => w.Action == "unmatched"), TimeSpan.FromSeconds(5));
        var unmatched = notice.Single(w => w.Action == "unmatched");
        Assert.Equal("paid_after_cancel", unmatched.Json.GetProperty("reason").GetString());
        Assert.Equal(PaymentId(card, messageId), unmatched.Json.GetProperty("payment_id").GetString());
    }

    [Fact]
    public async Task CreditDatedAFewSecondsBeforeCreationStillPays()
    {
        // Silos and Telegram keep their own clocks: a payment "3 s before" the order may be a clock 3 s behind.
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 55_000_000);
        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId)
            .OnBankMessageAsync(PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId(), at: tx.CreatedAt.AddSeconds(-3)));
        Assert.Equal(MatchOutcomes.Confirmed, result.Outcome);
    }

    // 3. No success claimed before it is durable.

    [Fact]
    public async Task ConfirmWhoseSaveFailsClaimsNothingAndTheRetryConfirmsOnce()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 56_000_000);
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);
        var message = PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId());

        fixture.Faults.FailNext("transactions.save");
        await Assert.ThrowsAnyAsync<Exception>(() => grain.OnBankMessageAsync(message));

        // Nothing was saved, so nothing may say "confirmed": not a read, not a webhook.
        Assert.Equal(TransactionState.Active, (await Transaction(tx).GetAsync())!.State);
        await Task.Delay(500);
        Assert.Empty(fixture.Receiver.For(tx.TransactionId.ToString()));

        // The session hands the message over again: it confirms, once.
        Assert.Equal(MatchOutcomes.Confirmed, (await grain.OnBankMessageAsync(message)).Outcome);
        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(5));
        await Task.Delay(300);
        Assert.Equal("confirm", Assert.Single(fixture.Receiver.For(tx.TransactionId.ToString())).Action);
    }

    [Fact]
    public async Task CancelWhoseSaveFailsLeavesTheOrderPayable()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 57_000_000);

        fixture.Faults.FailNext("transactions.save");
        await Assert.ThrowsAnyAsync<Exception>(() => Transaction(tx).CancelAsync("merchant"));
        Assert.Equal(TransactionState.Active, (await Transaction(tx).GetAsync())!.State);

        // Storage still says active, and so does every activation: the payment confirms, no cancel goes out.
        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId()));
        Assert.Equal(MatchOutcomes.Confirmed, result.Outcome);
        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(5));
        await Task.Delay(300);
        Assert.Equal(["confirm"], fixture.Receiver.For(tx.TransactionId.ToString()).Select(h => h.Action));
    }

    [Fact]
    public async Task ConfirmSavedDespiteATimeoutIsReadBackAndDelivered()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 58_000_000);
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);
        var message = PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId());

        // Redis ran the write, the answer was lost: the activation cannot know, so it goes; the next reads the truth.
        fixture.Faults.FailNextAfterWrite("transactions.save");
        await Assert.ThrowsAnyAsync<Exception>(() => grain.OnBankMessageAsync(message));
        var view = await Eventually.WaitAsync(() => Transaction(tx).GetAsync(), v => v!.State == TransactionState.Confirmed, TimeSpan.FromSeconds(5), "the stored confirm read back");
        Assert.Equal(message.MessageId, view!.Payment!.MessageId);

        // The replay is the same evidence: confirmed (not a second payment), and the webhook is delivered once.
        Assert.Equal(MatchOutcomes.Confirmed, (await grain.OnBankMessageAsync(message)).Outcome);
        await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(10));
        await Task.Delay(500);
        Assert.Single(fixture.Receiver.For(tx.TransactionId.ToString()));
    }

    // 4. One payment, one record.

    [Fact]
    public async Task ReplayOfTheConfirmingMessageAfterAFailedEndOfTurnWriteStaysConfirmed()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 59_000_000);
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);
        var message = PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId());

        // The confirm and its ledger row are written; the "processed" marker is not.
        fixture.Faults.FailNext("cards.set-processed");
        await Assert.ThrowsAnyAsync<Exception>(() => grain.OnBankMessageAsync(message));

        var replay = await grain.OnBankMessageAsync(message);
        Assert.Equal(MatchOutcomes.Confirmed, replay.Outcome);
        Assert.Equal(tx.TransactionId, replay.TransactionId);
        var row = Assert.Single(await fixture.PaymentsAsync(card.CardId));
        Assert.Equal((MatchOutcomes.Confirmed, tx.TransactionId), (row.Outcome, row.TransactionId));
        await Task.Delay(500);
        Assert.Empty(fixture.Receiver.For(PaymentId(card, message.MessageId)));
        Assert.DoesNotContain(fixture.Receiver.For(tx.TransactionId.ToString()), h => h.Action == "unmatched");
    }

    [Fact]
    public async Task AConfirmedLedgerRowIsNeverDowngraded()
    {
        var card = await fixture.NewCardAsync();
        var id = PaymentId(card, NextMessageId());
        var confirmed = new PaymentRecord(id, card.CardId, 1, 100, "UZS", DateTimeOffset.UtcNow, null, null, MatchOutcomes.Confirmed, Guid.NewGuid());
        await fixture.Ledger.RecordPaymentAsync(confirmed);
        await fixture.Ledger.RecordPaymentAsync(confirmed with { Outcome = MatchOutcomes.InCooldown, TransactionId = null });
        Assert.Equal(confirmed, Assert.Single(await fixture.PaymentsAsync(card.CardId)));
    }

    [Fact]
    public async Task AMessageSeenTwiceIsOneLedgerRow()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 60_000_000);
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);
        var message = PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId());
        Assert.Equal(MatchOutcomes.Confirmed, (await grain.OnBankMessageAsync(message)).Outcome);
        Assert.Equal(MatchOutcomes.Duplicate, (await grain.OnBankMessageAsync(message)).Outcome);
        Assert.Equal(MatchOutcomes.Confirmed, Assert.Single(await fixture.PaymentsAsync(card.CardId)).Outcome);
    }

    [Fact]
    public async Task ACreateWhoseWriteFailsHoldsItsAmountUntilItsDeadlineThenReleasesIt()
    {
        var card = await fixture.NewCardAsync();
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);
        fixture.Faults.FailNext("transactions.create");
        await Assert.ThrowsAnyAsync<Exception>(() => fixture.Placer.PlaceAsync(61_000_000, card.CardId, CancellationToken.None));

        // The write may have landed (a timeout): the amount stays held, so no other order can take it meanwhile...
        Assert.Equal(1, (await grain.GetInfoAsync())!.OpenTransactions);
        Assert.NotEqual(61_000_000, (await fixture.CreateAsync(card.CardId, 61_000_000)).AmountTiyin);

        // ...until the card's expiry asks the transaction, finds it never existed, and lets the amount go.
        await Eventually.WaitAsync(async () => (await grain.GetInfoAsync())!.OpenTransactions, n => n == 0, TimeSpan.FromSeconds(30), "both holds released");
    }

    [Fact]
    public async Task ARetriedReserveOfACreateWhoseWriteFailedIsWrittenBeforeItIsAcknowledged()
    {
        var card = await fixture.NewCardAsync();
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);
        var id = Guid.NewGuid();
        fixture.Faults.FailNext("transactions.create");
        await Assert.ThrowsAnyAsync<Exception>(() => grain.ReserveAsync(id, 62_000_000, 0));

        // The retry (an Idempotency-Key replay) finds the hold: it may answer "created" only once Redis has it.
        var again = await grain.ReserveAsync(id, 62_000_000, 0);
        Assert.Equal(ReservationStatus.Reserved, again.Status);
        var stored = await fixture.Client.GetGrain<ITransactionGrain>(id).GetAsync();
        Assert.Equal(TransactionState.Active, stored?.State);
        Assert.Equal(MatchOutcomes.Confirmed, (await grain.OnBankMessageAsync(PaycueCluster.Credit(card, again.AmountTiyin, NextMessageId()))).Outcome);
    }

    [Fact]
    public async Task ATransactionAskedAboutBeforeItExistedIsSeenOnceCreated()
    {
        var card = await fixture.NewCardAsync();
        var id = Guid.NewGuid();
        Assert.Null(await fixture.Client.GetGrain<ITransactionGrain>(id).GetAsync()); // an activation with no record

        var reserved = await fixture.Client.GetGrain<ICardGrain>(card.CardId).ReserveAsync(id, 63_000_000, 0);
        Assert.Equal(ReservationStatus.Reserved, reserved.Status);
        Assert.NotNull(await fixture.Client.GetGrain<ITransactionGrain>(id).GetAsync());
        var paid = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(card, reserved.AmountTiyin, NextMessageId()));
        Assert.Equal(MatchOutcomes.Confirmed, paid.Outcome);
    }

    [Fact]
    public async Task AnotherCardsFailedHoldOnTheSameIdCannotCancelTheTransaction()
    {
        var first = await fixture.NewCardAsync();
        var second = await fixture.NewCardAsync();
        var id = Guid.NewGuid();
        fixture.Faults.FailNext("transactions.create");
        await Assert.ThrowsAnyAsync<Exception>(() => fixture.Client.GetGrain<ICardGrain>(first.CardId).ReserveAsync(id, 64_000_000, 0));

        // The retry lands on the other card, later: its own deadline is later than the first card's failed hold.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var reserved = await fixture.Client.GetGrain<ICardGrain>(second.CardId).ReserveAsync(id, 64_000_000, 0);
        Assert.Equal(ReservationStatus.Reserved, reserved.Status);

        // The first card's hold comes due and asks the transaction: only the transaction's own card may expire it,
        // at its own deadline plus grace (the first card's came 4 s earlier). The wait allows for expiry retries.
        await Eventually.WaitAsync(async () => (await fixture.Client.GetGrain<ICardGrain>(first.CardId).GetInfoAsync())!.OpenTransactions,
            n => n == 0, TimeSpan.FromSeconds(30), "the failed hold released");
        var view = (await fixture.Client.GetGrain<ITransactionGrain>(id).GetAsync())!;
        Assert.True(view.State == TransactionState.Active || view.CancelledAt >= view.ExpiresAt + MoneySafetyCluster.Grace,
            $"{view.State} at {view.CancelledAt:O}; its own deadline {view.ExpiresAt:O}");
    }
}
