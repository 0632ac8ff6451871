namespace Paycue.Grains.Tests.Cluster;

/// <summary>
/// Creates that a silo's own gateway makes on a card activated in that silo, without a grain call (CardGrain.Direct,
/// issue 20). They must keep every rule a create made in the card's turn keeps: answered only once durable, a refused
/// write leaves no trace, a failed one keeps its hold, exclusive work (a credit, a removal) never sees a write in
/// flight, and many at once never give one amount twice.
/// </summary>
public sealed partial class ConcurrentCreateTests
{
    /// <summary>A card whose first create (by grain call) armed its expiry, so the next ones may go directly.</summary>
    private async Task<CardSpec> ArmedCardAsync(long firstTiyin)
    {
        var card = await fixture.NewCardAsync();
        Assert.Equal(PlacementStatus.Created, (await fixture.Placer.PlaceAsync(firstTiyin, card.CardId, CancellationToken.None)).Status);
        Assert.True(fixture.LocalCards.Has(card.CardId));
        return card;
    }

    private Task<PlacementResult> DirectAsync(CardSpec card, long requestedTiyin) =>
        fixture.DirectPlacer.PlaceAsync(requestedTiyin, card.CardId, CancellationToken.None);

    [Fact]
    public async Task ACreateInTheCardsSiloSkipsTheGrainCallAndIsStoredAndMatched()
    {
        var card = await ArmedCardAsync(71_000_000);
        var before = fixture.LocalCards.Reserved;

        var placed = await DirectAsync(card, 72_000_000);

        Assert.Equal(PlacementStatus.Created, placed.Status);
        Assert.Equal(before + 1, fixture.LocalCards.Reserved);
        Assert.Equal(72_000_000, placed.Transaction!.AmountTiyin);
        Assert.Equal("4242", placed.Transaction.CardLast4);
        var stored = await fixture.Client.GetGrain<ITransactionGrain>(placed.Transaction.TransactionId).GetAsync();
        Assert.Equal(TransactionState.Active, stored!.State);
        Assert.Equal(2, (await fixture.Client.GetGrain<ICardGrain>(card.CardId).GetInfoAsync())!.OpenTransactions);

        // The card's pool has it: its payment confirms it.
        var paid = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(card, 72_000_000, NextMessageId()));
        Assert.Equal(MatchOutcomes.Confirmed, paid.Outcome);
        Assert.Equal(placed.Transaction.TransactionId, paid.TransactionId);
    }

    [Fact]
    public async Task ADirectCreateIsAnsweredOnlyOnceItsWriteHasLanded()
    {
        var card = await ArmedCardAsync(73_000_000);
        var before = fixture.LocalCards.Reserved;
        var write = fixture.Faults.HoldNext(Create);
        var create = DirectAsync(card, 74_000_000);
        await write.Reached.WaitAsync(Patience);

        await Task.Delay(300);
        Assert.False(create.IsCompleted);

        write.Release();
        var placed = await create.WaitAsync(Patience);
        Assert.Equal(PlacementStatus.Created, placed.Status);
        Assert.Equal(before + 1, fixture.LocalCards.Reserved);
    }

    [Fact]
    public async Task ACreditForAnAmountWhoseDirectCreateIsInFlightWaitsForTheWriteAndConfirmsIt()
    {
        var card = await ArmedCardAsync(75_000_000);
        var write = fixture.Faults.HoldNext(Create);
        var create = DirectAsync(card, 76_000_000);
        await write.Reached.WaitAsync(Patience);

        // The credit is exclusive work: it must wait for the direct create's write like for one made in a turn.
        // Matched now, it would ask a transaction that does not exist yet.
        var credit = fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(card, 76_000_000, NextMessageId()));
        await Task.Delay(300);
        Assert.False(credit.IsCompleted);

        write.Release();
        var placed = await create.WaitAsync(Patience);
        var result = await credit.WaitAsync(Patience);
        Assert.Equal(MatchOutcomes.Confirmed, result.Outcome);
        Assert.Equal(placed.Transaction!.TransactionId, result.TransactionId);
    }

    [Fact]
    public async Task NoDirectCreateStartsWhileTheCardIsBusyWithACredit()
    {
        var card = await ArmedCardAsync(77_000_000);
        var before = fixture.LocalCards.Reserved;

        // A credit that matches nothing, held at its ledger write: the card is in an exclusive call.
        var ledger = fixture.Faults.HoldNext("ledger.record-payment");
        var credit = fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(card, 77_500_000, NextMessageId()));
        await ledger.Reached.WaitAsync(Patience);

        var create = DirectAsync(card, 78_000_000);
        await Task.Delay(300);
        Assert.False(create.IsCompleted);
        Assert.Equal(before, fixture.LocalCards.Reserved);

        ledger.Release();
        Assert.Equal(MatchOutcomes.NoOpenTransaction, (await credit.WaitAsync(Patience)).Outcome);
        Assert.Equal(PlacementStatus.Created, (await create.WaitAsync(Patience)).Status);
    }

    [Fact]
    public async Task ARefusedDirectWriteLeavesNoTraceAndTheGrainCallCreates()
    {
        var card = await ArmedCardAsync(79_000_000);
        var before = fixture.LocalCards.Reserved;

        // Refused as Redis refuses an amount another activation holds: the direct create forgets its hold and the
        // caller makes the grain call, whose write is not refused.
        fixture.Faults.RefuseNext(Create);
        var placed = await DirectAsync(card, 80_000_000).WaitAsync(Patience);

        Assert.Contains(fixture.Faults.Injected, i => i == Create + " (refused)");
        Assert.Equal(PlacementStatus.Created, placed.Status);
        Assert.Equal(before, fixture.LocalCards.Reserved);
        // The refused hold was forgotten: the grain call got the requested amount itself, not the next one.
        Assert.Equal(80_000_000, placed.Transaction!.AmountTiyin);
        Assert.Equal(2, (await fixture.Client.GetGrain<ICardGrain>(card.CardId).GetInfoAsync())!.OpenTransactions);
    }

    [Fact]
    public async Task ADirectWriteThatFailsFailsTheCreateAndKeepsItsHold()
    {
        var card = await ArmedCardAsync(81_000_000);

        // A timeout whose command may have run: the create fails to its caller and its amount stays held, in case.
        fixture.Faults.FailNext(Create);
        await Assert.ThrowsAnyAsync<Exception>(() => DirectAsync(card, 82_000_000));

        var after = await DirectAsync(card, 82_000_000).WaitAsync(Patience);
        Assert.Equal(82_000_100, after.Transaction!.AmountTiyin);
        Assert.Equal(3, (await fixture.Client.GetGrain<ICardGrain>(card.CardId).GetInfoAsync())!.OpenTransactions);
    }

    [Fact]
    public async Task ACardThatStopsTakingTransactionsTakesNoDirectCreate()
    {
        var card = await ArmedCardAsync(87_000_000);

        // Registered again as carrying a session only: still active in this silo, but it takes no transaction now.
        await fixture.Client.GetGrain<ICardGrain>(card.CardId).RegisterAsync(card with { SessionOnly = true });
        Assert.True(fixture.LocalCards.Has(card.CardId));
        var before = fixture.LocalCards.Reserved;

        var placed = await DirectAsync(card, 88_000_000);

        Assert.NotEqual(PlacementStatus.Created, placed.Status);
        Assert.Equal(before, fixture.LocalCards.Reserved);
        Assert.Equal(1, (await fixture.Client.GetGrain<ICardGrain>(card.CardId).GetInfoAsync())!.OpenTransactions);
    }

    [Fact]
    public async Task ARemovedCardTakesNoDirectCreate()
    {
        var card = await ArmedCardAsync(83_000_000);
        await fixture.Client.GetGrain<ICardGrain>(card.CardId).UnregisterAsync("card_removed");
        var before = fixture.LocalCards.Reserved;

        var placed = await DirectAsync(card, 84_000_000);

        Assert.NotEqual(PlacementStatus.Created, placed.Status);
        Assert.Equal(before, fixture.LocalCards.Reserved);
    }

    [Fact]
    public async Task ManyCreatesAtOnceDirectAndByGrainCallNeverShareAnAmount()
    {
        var card = await ArmedCardAsync(85_000_000);
        var before = fixture.LocalCards.Reserved;

        // Both ways at once over one range: direct creates ask for each of the 60 steps above the price (most find it
        // free and go directly), creates by grain call ask for the price itself and walk up through the same steps.
        // Each amount is held once, under the pool's lock or in the card's turn.
        var direct = Enumerable.Range(0, 60).Select(i => Task.Run(() => DirectAsync(card, 86_000_000 + (i * 100L))));
        var byCall = Enumerable.Range(0, 20).Select(_ => Task.Run(() => fixture.Placer.PlaceAsync(86_000_000, card.CardId, CancellationToken.None)));
        var placed = await Task.WhenAll(direct.Concat(byCall)).WaitAsync(Patience * 3);

        Assert.All(placed, p => Assert.Equal(PlacementStatus.Created, p.Status));
        var amounts = placed.Select(p => p.Transaction!.AmountTiyin).ToList();
        Assert.Equal(amounts.Count, amounts.Distinct().Count());
        // Every step up to the highest request was asked for, so none is left free below a taken one: the 80 creates
        // take exactly the 80 lowest steps.
        Assert.Equal(Enumerable.Range(0, 80).Select(i => 86_000_000 + (i * 100L)).Order(), amounts.Order());
        Assert.True(fixture.LocalCards.Reserved > before, "no create went directly");
        Assert.Equal(81, (await fixture.Client.GetGrain<ICardGrain>(card.CardId).GetInfoAsync())!.OpenTransactions);
        foreach (var p in placed)
        {
            Assert.Equal(TransactionState.Active, (await fixture.Client.GetGrain<ITransactionGrain>(p.Transaction!.TransactionId).GetAsync())!.State);
        }
    }
}
