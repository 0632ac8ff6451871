using Paycue.Grains.Configuration;
using Paycue.Testing;

namespace Paycue.Grains.Tests.Cluster;

/// <summary>
/// A person deciding about stray money: resolve (attach a credit to a transaction, which confirms it) and dismiss, with
/// the refusals, the pool, a concurrent automatic confirm, and store failures between the writes.
/// </summary>
[Collection(MoneySafetyCollection.Name)]
public sealed class ResolveTests(MoneySafetyCluster fixture) : IDisposable
{
    private static long messageIds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 10 + 5_000_000;

    private static long NextMessageId() => Interlocked.Increment(ref messageIds);

    public void Dispose() => fixture.Faults.Clear();

    private ITransactionGrain Transaction(TransactionView tx) => fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId);

    private IPaymentResolverGrain Resolver(string paymentId) => fixture.Client.GetGrain<IPaymentResolverGrain>(paymentId);

    private static string PaymentId(CardSpec card, long messageId) => $"{card.CardId}:{PaycueOptions.SandboxSenderId}:{messageId}";

    /// <summary>Pays <paramref name="amountTiyin"/> to the card and returns the ledger row's id.</summary>
    private async Task<(string PaymentId, MatchResult Result)> PayAsync(CardSpec card, long amountTiyin, DateTimeOffset? at = null, long? sender = null)
    {
        var messageId = NextMessageId();
        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(card, amountTiyin, messageId, at, sender));
        return (PaymentId(card, messageId), result);
    }

    private async Task<IReadOnlyList<ReceivedWebhook>> ConfirmsAsync(TransactionView tx, int atLeast)
    {
        await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count(w => w.Action == "confirm") >= atLeast, TimeSpan.FromSeconds(10));
        return fixture.Receiver.For(tx.TransactionId.ToString()).Where(w => w.Action == "confirm").ToList();
    }

    [Fact]
    public async Task APaidAfterCancelCreditIsSuggestedAndItsResolveConfirmsTheCancelledTransactionOnce()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 81_000_000);
        Assert.Equal(CancelOutcome.Cancelled, await Transaction(tx).CancelAsync("merchant"));
        var (paymentId, paid) = await PayAsync(card, tx.AmountTiyin, tx.CreatedAt.AddSeconds(1));
        Assert.Equal(MatchOutcomes.PaidAfterCancel, paid.Outcome);

        var suggested = (await Resolver(paymentId).CandidatesAsync())!;
        var best = suggested.Candidates[0];
        Assert.Equal(tx.TransactionId, best.Transaction.TransactionId);
        Assert.Contains(Grains.Ledger.CandidateReasons.PaidAfterCancel, best.Reasons);
        Assert.Equal(0, best.DifferenceTiyin);

        var resolved = await Resolver(paymentId).ResolveAsync(tx.TransactionId, "shop", "paid a minute late");
        Assert.Equal(ResolveStatus.Done, resolved.Status);
        var view = (await Transaction(tx).GetAsync())!;
        Assert.Equal(TransactionState.Confirmed, view.State);
        Assert.Equal((paymentId, PaymentResolutionStatus.Resolved, "shop", "paid a minute late"), (view.Resolution!.PaymentId, view.Resolution.Status, view.Resolution.By, view.Resolution.Note));
        Assert.Equal(tx.TransactionId, resolved.Payment!.Resolution!.TransactionId);
        Assert.Equal(PaymentResolutionStatus.Resolved, (await fixture.Ledger.PaymentAsync(paymentId))!.Resolution!.Status);
        Assert.DoesNotContain(await fixture.Ledger.PaymentsAsync(PaymentFilter.Unmatched, null, null, 1000), p => p.PaymentId == paymentId);
        Assert.Contains(await fixture.Ledger.PaymentsAsync(PaymentFilter.Resolved, null, null, 1000), p => p.PaymentId == paymentId);

        var confirm = Assert.Single(await ConfirmsAsync(tx, 1));
        Assert.Equal("manual", confirm.Json.GetProperty("resolution").GetString());
        Assert.Equal(paymentId, confirm.Json.GetProperty("payment_id").GetString());
        Assert.StartsWith("{\"action\":\"confirm\",\"amount\":", confirm.Body);

        // Repeating it is safe: the same answer, no second confirm.
        Assert.Equal(ResolveStatus.Done, (await Resolver(paymentId).ResolveAsync(tx.TransactionId, "shop", null)).Status);
        await Task.Delay(500);
        Assert.Single(fixture.Receiver.For(tx.TransactionId.ToString()), w => w.Action == "confirm");
    }

    [Fact]
    public async Task ResolvingAnOpenTransactionWithARoundedCreditConfirmsItAndItsAmountCoolsDown()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 82_000_000);
        var (paymentId, paid) = await PayAsync(card, tx.AmountTiyin - 100);
        Assert.Equal(MatchOutcomes.NoOpenTransaction, paid.Outcome);

        var best = (await Resolver(paymentId).CandidatesAsync())!.Candidates.Single();
        Assert.Equal((tx.TransactionId, -100L), (best.Transaction.TransactionId, best.DifferenceTiyin));
        Assert.Contains(Grains.Ledger.CandidateReasons.Open, best.Reasons);

        Assert.Equal(ResolveStatus.Done, (await Resolver(paymentId).ResolveAsync(tx.TransactionId, "shop", "rounded down")).Status);
        Assert.Equal(TransactionState.Confirmed, (await Transaction(tx).GetAsync())!.State);

        // The amount left the open pool into cooldown: not open, and not handed out again.
        var cardGrain = fixture.Client.GetGrain<ICardGrain>(card.CardId);
        await Eventually.WaitAsync(() => cardGrain.GetInfoAsync(), i => i!.OpenTransactions == 0, TimeSpan.FromSeconds(5), "the amount released");
        var next = await fixture.CreateAsync(card.CardId, 82_000_000);
        Assert.NotEqual(tx.AmountTiyin, next.AmountTiyin);

        // The payer's exact transfer arriving afterwards confirms nothing a second time.
        var (_, late) = await PayAsync(card, tx.AmountTiyin);
        Assert.Equal(MatchOutcomes.InCooldown, late.Outcome);
        Assert.Single(await ConfirmsAsync(tx, 1));
    }

    [Fact]
    public async Task AResolveRacingTheAutomaticConfirmConfirmsOnce()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 83_000_000);
        var (paymentId, _) = await PayAsync(card, tx.AmountTiyin + 100);

        var exact = PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId());
        var autoCall = fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(exact);
        var manualCall = Resolver(paymentId).ResolveAsync(tx.TransactionId, "shop", null);
        await Task.WhenAll(autoCall, manualCall);
        var auto = await autoCall;
        var manual = await manualCall;

        var view = (await Transaction(tx).GetAsync())!;
        Assert.Equal(TransactionState.Confirmed, view.State);
        if (manual.Status == ResolveStatus.Done)
        {
            Assert.Equal(MatchOutcomes.InCooldown, auto.Outcome);
            Assert.Equal(paymentId, view.Resolution!.PaymentId);
        }
        else
        {
            Assert.Equal(ResolveStatus.Conflict, manual.Status);
            Assert.Equal(MatchOutcomes.Confirmed, auto.Outcome);
            Assert.Null(view.Resolution);
            Assert.Null((await fixture.Ledger.PaymentAsync(paymentId))!.Resolution);
        }

        await ConfirmsAsync(tx, 1);
        await Task.Delay(500);
        Assert.Single(fixture.Receiver.For(tx.TransactionId.ToString()), w => w.Action == "confirm");
    }

    [Fact]
    public async Task ResolvesThatCannotBeAreRefusedWithASentence()
    {
        var card = await fixture.NewCardAsync();
        var other = await fixture.NewCardAsync();
        var paidTx = await fixture.CreateAsync(card.CardId, 84_000_000);
        var (matchedId, matched) = await PayAsync(card, paidTx.AmountTiyin);
        Assert.Equal(MatchOutcomes.Confirmed, matched.Outcome);
        var (strayId, _) = await PayAsync(card, 84_500_000);
        var elsewhere = await fixture.CreateAsync(other.CardId, 84_500_000);
        var (untrustedId, _) = await PayAsync(card, 84_600_000, sender: 12345);
        var open = await fixture.CreateAsync(card.CardId, 85_000_000);

        async Task Refused(string paymentId, Guid transactionId, ResolveStatus status, string says)
        {
            var result = await Resolver(paymentId).ResolveAsync(transactionId, "shop", null);
            Assert.Equal(status, result.Status);
            Assert.Contains(says, result.Detail);
        }

        await Refused(matchedId, open.TransactionId, ResolveStatus.Conflict, "already confirmed transaction");
        await Refused(strayId, paidTx.TransactionId, ResolveStatus.Conflict, "already confirmed by another payment");
        await Refused(strayId, elsewhere.TransactionId, ResolveStatus.Refused, "on card");
        await Refused(strayId, Guid.NewGuid(), ResolveStatus.TransactionNotFound, "No transaction");
        await Refused(untrustedId, open.TransactionId, ResolveStatus.Refused, "refused as a bank notification");
        await Refused(strayId, open.TransactionId, ResolveStatus.Refused, "short of transaction");
        await Refused($"{card.CardId}:1:1", open.TransactionId, ResolveStatus.PaymentNotFound, "debit");

        // None of it changed anything.
        Assert.Equal(TransactionState.Active, (await Transaction(open).GetAsync())!.State);
        Assert.Null((await fixture.Ledger.PaymentAsync(strayId))!.Resolution);
        Assert.Null((await Transaction(paidTx).GetAsync())!.Resolution);
    }

    [Fact]
    public async Task ADismissedCreditLeavesTheUnmatchedListAndCanNoLongerBeResolved()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 86_000_000);
        var (paymentId, _) = await PayAsync(card, tx.AmountTiyin + 200);

        var dismissed = await Resolver(paymentId).DismissAsync("shop", "refunded to payer");
        Assert.Equal(ResolveStatus.Done, dismissed.Status);
        Assert.Equal(("shop", "refunded to payer"), (dismissed.Payment!.Resolution!.By, dismissed.Payment.Resolution.Note));
        Assert.Equal(ResolveStatus.Done, (await Resolver(paymentId).DismissAsync("shop", "again")).Status);
        Assert.Equal("refunded to payer", (await fixture.Ledger.PaymentAsync(paymentId))!.Resolution!.Note);
        Assert.DoesNotContain(await fixture.Ledger.PaymentsAsync(PaymentFilter.Unmatched, null, null, 1000), p => p.PaymentId == paymentId);
        Assert.Contains(await fixture.Ledger.PaymentsAsync(PaymentFilter.Dismissed, null, null, 1000), p => p.PaymentId == paymentId);

        var resolve = await Resolver(paymentId).ResolveAsync(tx.TransactionId, "shop", null);
        Assert.Equal(ResolveStatus.Conflict, resolve.Status);
        Assert.Contains("dismissed", resolve.Detail);
        Assert.Equal(TransactionState.Active, (await Transaction(tx).GetAsync())!.State);
    }

    [Fact]
    public async Task AConfirmSavedDespiteATimeoutLeavesTheRowResolvingAndTheRetryFinishesIt()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 87_000_000);
        Assert.Equal(CancelOutcome.Cancelled, await Transaction(tx).CancelAsync("merchant"));
        var (paymentId, _) = await PayAsync(card, tx.AmountTiyin, tx.CreatedAt.AddSeconds(1));

        // The confirm reached storage but its answer was lost: the resolve cannot know, so it fails.
        fixture.Faults.FailNextAfterWrite("transactions.save");
        await Assert.ThrowsAnyAsync<Exception>(() => Resolver(paymentId).ResolveAsync(tx.TransactionId, "shop", "late"));
        var row = (await fixture.Ledger.PaymentAsync(paymentId))!;
        Assert.Equal(PaymentResolutionStatus.Resolving, row.Resolution!.Status);

        // Nobody can dismiss it or attach it elsewhere meanwhile; the same resolve again finishes it, once.
        Assert.Contains("repeat that resolve", (await Resolver(paymentId).DismissAsync("shop", "refund")).Detail);
        Assert.Equal(ResolveStatus.Done, (await Resolver(paymentId).ResolveAsync(tx.TransactionId, "shop", "late")).Status);
        Assert.Equal(PaymentResolutionStatus.Resolved, (await fixture.Ledger.PaymentAsync(paymentId))!.Resolution!.Status);
        Assert.Single(await ConfirmsAsync(tx, 1));
    }

    [Fact]
    public async Task AConfirmThatDidNotSaveLeavesNothingResolvedAndTheRetryConfirms()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 88_000_000);
        var (paymentId, _) = await PayAsync(card, tx.AmountTiyin - 300);

        fixture.Faults.FailNext("transactions.save");
        await Assert.ThrowsAnyAsync<Exception>(() => Resolver(paymentId).ResolveAsync(tx.TransactionId, "shop", null));
        Assert.Equal(TransactionState.Active, (await Transaction(tx).GetAsync())!.State);
        Assert.NotEqual(PaymentResolutionStatus.Resolved, (await fixture.Ledger.PaymentAsync(paymentId))!.Resolution?.Status);
        await Task.Delay(300);
        Assert.Empty(fixture.Receiver.For(tx.TransactionId.ToString()));

        Assert.Equal(ResolveStatus.Done, (await Resolver(paymentId).ResolveAsync(tx.TransactionId, "shop", null)).Status);
        Assert.Single(await ConfirmsAsync(tx, 1));
    }

    [Fact]
    public async Task ALedgerWriteThatFailsAfterTheConfirmIsRetriedUntilTheRowSaysResolved()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 89_000_000);
        var (paymentId, _) = await PayAsync(card, tx.AmountTiyin + 100);

        // The transaction's own write, its first retry (its webhook timer may run before the resolver's write) and the
        // resolver's write fail: the person sees an error, the confirm stands.
        fixture.Faults.FailNext("ledger.put-resolution", 3);
        await Assert.ThrowsAnyAsync<Exception>(() => Resolver(paymentId).ResolveAsync(tx.TransactionId, "shop", null));
        Assert.Equal(TransactionState.Confirmed, (await Transaction(tx).GetAsync())!.State);

        // Nobody retries: the transaction does, until its credit no longer shows as unmatched.
        var row = await Eventually.WaitAsync(() => fixture.Ledger.PaymentAsync(paymentId), r => r!.Resolution?.Status == PaymentResolutionStatus.Resolved,
            TimeSpan.FromSeconds(15), "the row written by the transaction's retry");
        Assert.Equal(tx.TransactionId, row!.Resolution!.TransactionId);
        Assert.DoesNotContain(await fixture.Ledger.PaymentsAsync(PaymentFilter.Unmatched, null, null, 1000), p => p.PaymentId == paymentId);
    }

    [Fact]
    public async Task AnUnfinishedResolveWhoseTransactionWasPaidMeanwhileLetsGoOfTheCreditOnItsRetry()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 90_000_000);
        var (paymentId, _) = await PayAsync(card, tx.AmountTiyin - 100);

        fixture.Faults.FailNext("transactions.save");
        await Assert.ThrowsAnyAsync<Exception>(() => Resolver(paymentId).ResolveAsync(tx.TransactionId, "shop", null));
        Assert.Equal(PaymentResolutionStatus.Resolving, (await fixture.Ledger.PaymentAsync(paymentId))!.Resolution!.Status);

        // The payer's exact transfer confirms the transaction meanwhile.
        Assert.Equal(MatchOutcomes.Confirmed, (await PayAsync(card, tx.AmountTiyin)).Result.Outcome);

        var retry = await Resolver(paymentId).ResolveAsync(tx.TransactionId, "shop", null);
        Assert.Equal(ResolveStatus.Conflict, retry.Status);
        Assert.Null((await fixture.Ledger.PaymentAsync(paymentId))!.Resolution);
        Assert.Equal(ResolveStatus.Done, (await Resolver(paymentId).DismissAsync("shop", "refunded the extra transfer")).Status);
        Assert.Null((await Transaction(tx).GetAsync())!.Resolution);
    }
}
