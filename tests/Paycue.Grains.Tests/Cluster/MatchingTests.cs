using Paycue.Grains.Configuration;

namespace Paycue.Grains.Tests.Cluster;

[Collection(LifecycleCollection.Name)]
public sealed class MatchingTests(LifecycleCluster fixture)
{
    private static long messageIds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static long NextMessageId() => Interlocked.Increment(ref messageIds);

    [Fact]
    public async Task CreditOfTheExactAmountConfirmsAndSendsOneConfirmWebhook()
    {
        var card = await fixture.NewCardAsync();
        var first = await fixture.CreateAsync(card.CardId, 2_000_000);
        var second = await fixture.CreateAsync(card.CardId, 2_000_000);
        Assert.Equal(2_000_100, second.AmountTiyin);

        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(card, 2_000_100, NextMessageId()));

        Assert.Equal(MatchOutcomes.Confirmed, result.Outcome);
        Assert.Equal(second.TransactionId, result.TransactionId);
        var view = await fixture.Client.GetGrain<ITransactionGrain>(second.TransactionId).GetAsync();
        Assert.Equal(TransactionState.Confirmed, view!.State);
        Assert.Equal(TransactionState.Active, (await fixture.Client.GetGrain<ITransactionGrain>(first.TransactionId).GetAsync())!.State);
        var hooks = await fixture.Receiver.WaitForAsync(second.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(5));
        Assert.Equal("confirm", hooks[0].Action);
        Assert.Equal(20001, hooks[0].Json.GetProperty("amount").GetInt64());
        Assert.Equal(20000, hooks[0].Json.GetProperty("requested_amount").GetInt64());
        Assert.Equal(card.CardId, hooks[0].Json.GetProperty("card_id").GetString());
    }

    [Fact]
    public async Task SameMessageTwiceConfirmsOnce()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 3_000_000);
        var message = PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId());
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);

        Assert.Equal(MatchOutcomes.Confirmed, (await grain.OnBankMessageAsync(message)).Outcome);
        Assert.Equal(MatchOutcomes.Duplicate, (await grain.OnBankMessageAsync(message)).Outcome);

        // The confirm is delivered in the background: wait for it, then give a second one time to show up.
        await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        Assert.Equal("confirm", Assert.Single(fixture.Receiver.For(tx.TransactionId.ToString())).Action);
    }

    [Fact]
    public async Task SecondTransferOfAConfirmedAmountHitsTheCooldown()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 3_500_000);
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);
        await grain.OnBankMessageAsync(PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId()));

        var again = await grain.OnBankMessageAsync(PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId()));
        Assert.Equal(MatchOutcomes.InCooldown, again.Outcome);

        // And the cooled amount is not handed to a new transaction meanwhile.
        var next = await fixture.CreateAsync(card.CardId, 3_500_000);
        Assert.NotEqual(tx.AmountTiyin, next.AmountTiyin);
    }

    [Fact]
    public async Task CreditNobodyWaitsForMatchesNothing()
    {
        var card = await fixture.NewCardAsync();
        await fixture.CreateAsync(card.CardId, 4_000_000);
        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(card, 4_000_050, NextMessageId()));
        Assert.Equal(MatchOutcomes.NoOpenTransaction, result.Outcome);
    }

    [Fact]
    public async Task CreditDatedBeforeTheTransactionWasCreatedConfirmsNothing()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 4_500_000);
        var message = PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId(), at: tx.CreatedAt.AddMinutes(-1));
        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(message);
        Assert.Equal(MatchOutcomes.BeforeCreation, result.Outcome);
        Assert.Equal(TransactionState.Active, (await fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId).GetAsync())!.State);
    }

    [Fact]
    public async Task CreditForAnotherCardsLast4ConfirmsNothing()
    {
        var card = await fixture.NewCardAsync(last4: "1111");
        var tx = await fixture.CreateAsync(card.CardId, 5_000_000);
        var otherCard = card with { Last4 = "2222" };
        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(otherCard, tx.AmountTiyin, NextMessageId()));
        Assert.Equal(MatchOutcomes.WrongCard, result.Outcome);
        Assert.Equal(TransactionState.Active, (await fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId).GetAsync())!.State);
    }

    [Fact]
    public async Task CreditFromAnotherSenderConfirmsNothing()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 5_500_000);
        var forged = PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId(), sender: 12345);
        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(forged);
        Assert.Equal(MatchOutcomes.UntrustedSender, result.Outcome);
        Assert.Equal(TransactionState.Active, (await fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId).GetAsync())!.State);
    }

    [Fact]
    public async Task DebitOfTheExactAmountConfirmsNothing()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 6_000_000);
        var debit = PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId()) is var m
            ? m with { Text = m.Text.Replace("➕", "➖", StringComparison.Ordinal) }
            : null!;
        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(debit);
        Assert.Equal(MatchOutcomes.NotACredit, result.Outcome);
    }

    [Fact]
    public async Task CreditAfterExpiryConfirmsNothing()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 7_000_000);
        var transaction = fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId);
        await Testing.Eventually.WaitAsync(() => transaction.GetAsync(), v => v!.State == TransactionState.Cancelled, TimeSpan.FromSeconds(10), "expiry");

        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId()));

        Assert.NotEqual(MatchOutcomes.Confirmed, result.Outcome);
        Assert.Equal(TransactionState.Cancelled, (await transaction.GetAsync())!.State);
        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(5));
        Assert.All(hooks, h => Assert.Equal("cancel", h.Action));
    }

    [Fact]
    public async Task ExpiredTransactionCancelsOnTimeAndFreesItsAmountAfterCooldown()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 8_000_000);
        var transaction = fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId);
        var cancelled = await Testing.Eventually.WaitAsync(() => transaction.GetAsync(), v => v!.State == TransactionState.Cancelled, TimeSpan.FromSeconds(10), "expiry");

        Assert.Equal("expired", cancelled!.CancelReason);
        Assert.InRange((cancelled.CancelledAt!.Value - tx.ExpiresAt).TotalSeconds, 0, 2);
        var info = await fixture.Client.GetGrain<ICardGrain>(card.CardId).GetInfoAsync();
        Assert.Equal(0, info!.OpenTransactions);

        // Within cooldown the amount is still held; after it, a new transaction gets it again.
        Assert.NotEqual(tx.AmountTiyin, (await fixture.CreateAsync(card.CardId, 8_000_000)).AmountTiyin);
        await Task.Delay(fixture.Options.AmountCooldown);
        Assert.Equal(tx.AmountTiyin, (await fixture.CreateAsync(card.CardId, 8_000_000)).AmountTiyin);
    }

    [Fact]
    public async Task MerchantCancelSendsCancelAndRefusesASecondCancel()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 9_000_000);
        var transaction = fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId);
        Assert.Equal(CancelOutcome.Cancelled, await transaction.CancelAsync("cancelled_by_merchant"));
        Assert.Equal(CancelOutcome.AlreadyClosed, await transaction.CancelAsync("cancelled_by_merchant"));
        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(5));
        Assert.Equal("cancel", hooks[0].Action);
        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId()));
        Assert.NotEqual(MatchOutcomes.Confirmed, result.Outcome);
    }

    [Fact]
    public async Task UnknownCardIsReportedAsSuch()
    {
        var placed = await fixture.Placer.PlaceAsync(1_000_000, $"missing-{Guid.NewGuid():N}", CancellationToken.None);
        Assert.Equal(PlacementStatus.UnknownCard, placed.Status);
    }

    [Fact]
    public async Task FullCardAnswersNoFreeAmount()
    {
        var card = await fixture.NewCardAsync();
        for (var i = 0; i <= fixture.Options.LimitSom; i++)
        {
            await fixture.CreateAsync(card.CardId, 10_000_000);
        }

        var placed = await fixture.Placer.PlaceAsync(10_000_000, card.CardId, CancellationToken.None);
        Assert.Equal(PlacementStatus.NoFreeAmount, placed.Status);
        Assert.Equal(PaycueOptions.SandboxSenderId, card.BankBotUserId);
    }

    [Fact]
    public async Task MissedNotificationShowsAsABalanceGapOnTheCard()
    {
        var card = await fixture.NewCardAsync();
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);
        BankMessage WithBalance(long amount, string balance) => PaycueCluster.Credit(card, amount, NextMessageId()) is var m
            ? m with { Text = m.Text + $"\n💰 {balance} UZS" }
            : null!;

        await grain.OnBankMessageAsync(WithBalance(100_000, "11.000,00"));
        await grain.OnBankMessageAsync(WithBalance(100_000, "12.000,00"));
        Assert.Equal(0, (await grain.GetInfoAsync())!.BalanceGaps);

        // 13.000,00 would follow; 14.000,00 means one credit of 1.000,00 never reached us.
        await grain.OnBankMessageAsync(WithBalance(100_000, "14.000,00"));
        var info = await grain.GetInfoAsync();
        Assert.Equal(1, info!.BalanceGaps);
        Assert.NotNull(info.LastGapAt);
    }
}
