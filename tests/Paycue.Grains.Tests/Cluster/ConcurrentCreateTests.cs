using Paycue.Grains.Tests.Faults;
using Paycue.Testing;

namespace Paycue.Grains.Tests.Cluster;

/// <summary>
/// Creates on one card overlap their writes (issue 20): a create holds its amount before its first await and then
/// waits for Redis while the next create goes on. What else the card does waits for the creates in flight, so the
/// money rules hold as when creates were serial. Each test holds a create's write in flight with
/// <see cref="FaultPlan.HoldNext"/>.
/// </summary>
[Collection(MoneySafetyCollection.Name)]
public sealed partial class ConcurrentCreateTests(MoneySafetyCluster fixture) : IDisposable
{
    private const string Create = "transactions.create";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static long messageIds = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 10) + 5;

    private static long NextMessageId() => Interlocked.Increment(ref messageIds);

    public void Dispose() => fixture.Faults.Clear();

    private Task<PlacementResult> PlaceAsync(CardSpec card, long requestedTiyin) =>
        fixture.Placer.PlaceAsync(requestedTiyin, card.CardId, CancellationToken.None);

    [Fact]
    public async Task ASecondCreateOnTheCardDoesNotWaitForTheFirstOnesWrite()
    {
        var card = await fixture.NewCardAsync();
        var firstWrite = fixture.Faults.HoldNext(Create);
        var first = PlaceAsync(card, 61_000_000);
        await firstWrite.Reached.WaitAsync(Patience);

        // Before creates interleaved, this waited behind the first create's write for as long as it took.
        var second = await PlaceAsync(card, 61_000_000).WaitAsync(Patience);

        Assert.Equal(PlacementStatus.Created, second.Status);
        Assert.False(first.IsCompleted);
        // The first create's amount is held from before its write: the second one never gets it.
        Assert.Equal(61_000_100, second.Transaction!.AmountTiyin);

        firstWrite.Release();
        var placed = await first.WaitAsync(Patience);
        Assert.Equal(PlacementStatus.Created, placed.Status);
        Assert.Equal(61_000_000, placed.Transaction!.AmountTiyin);
        Assert.Equal(2, (await fixture.Client.GetGrain<ICardGrain>(card.CardId).GetInfoAsync())!.OpenTransactions);
    }

    [Fact]
    public async Task ACreditForAnAmountWhoseCreateIsInFlightWaitsForTheWriteAndConfirmsIt()
    {
        var card = await fixture.NewCardAsync();
        var write = fixture.Faults.HoldNext(Create);
        var create = PlaceAsync(card, 62_000_000);
        await write.Reached.WaitAsync(Patience);

        var credit = fixture.Client.GetGrain<ICardGrain>(card.CardId)
            .OnBankMessageAsync(PaycueCluster.Credit(card, 62_000_000, NextMessageId()));
        // Matched now, it would ask a transaction that does not exist yet.
        await Task.Delay(300);
        Assert.False(credit.IsCompleted);

        write.Release();
        var placed = await create.WaitAsync(Patience);
        var result = await credit.WaitAsync(Patience);
        Assert.Equal(MatchOutcomes.Confirmed, result.Outcome);
        Assert.Equal(placed.Transaction!.TransactionId, result.TransactionId);
        Assert.Equal(TransactionState.Confirmed, (await fixture.Client.GetGrain<ITransactionGrain>(placed.Transaction.TransactionId).GetAsync())!.State);
    }

    [Fact]
    public async Task ARefusedCreateReloadsThePoolWithoutLosingACreateStillInFlight()
    {
        var card = await fixture.NewCardAsync();
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);
        var firstWrite = fixture.Faults.HoldNext(Create);
        var first = PlaceAsync(card, 63_000_000);
        await firstWrite.Reached.WaitAsync(Patience);

        // The second create's write is refused, as Redis refuses one whose amount another activation holds: the card
        // takes Redis's view of its pool while the first create's write is still on its way.
        fixture.Faults.RefuseNext(Create);
        var second = PlaceAsync(card, 64_000_000);

        // Released only once the second write was refused: released earlier, the first write would take the refusal.
        await Eventually.WaitAsync(() => Task.FromResult(fixture.Faults.Injected.ToArray()), i => i.Contains(Create + " (refused)"), Patience, "the second create's write refused");
        firstWrite.Release();

        var placedFirst = await first.WaitAsync(Patience);
        var placedSecond = await second.WaitAsync(Patience);
        Assert.Equal(PlacementStatus.Created, placedFirst.Status);
        Assert.Equal(PlacementStatus.Created, placedSecond.Status);
        Assert.Contains(fixture.Faults.Injected, i => i == Create + " (refused)");
        Assert.Equal(2, (await grain.GetInfoAsync())!.OpenTransactions);

        // The reload kept the first transaction's amount: its payment is matched, not lost as "no open transaction".
        var paid = await grain.OnBankMessageAsync(PaycueCluster.Credit(card, placedFirst.Transaction!.AmountTiyin, NextMessageId()));
        Assert.Equal(MatchOutcomes.Confirmed, paid.Outcome);
        Assert.Equal(placedFirst.Transaction.TransactionId, paid.TransactionId);
    }

    [Fact]
    public async Task AWriteThatFailsKeepsOnlyItsOwnHoldAndTheOthersCreateNormally()
    {
        var card = await fixture.NewCardAsync();
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);
        var heldWrite = fixture.Faults.HoldNext(Create);
        var held = PlaceAsync(card, 65_000_000);
        await heldWrite.Reached.WaitAsync(Patience);

        // A timeout whose command may have run: the create fails to its caller and its amount stays held, in case.
        fixture.Faults.FailNext(Create);
        await Assert.ThrowsAnyAsync<Exception>(() => PlaceAsync(card, 66_000_000));
        var after = await PlaceAsync(card, 66_000_000).WaitAsync(Patience);
        Assert.Equal(66_000_100, after.Transaction!.AmountTiyin);

        heldWrite.Release();
        Assert.Equal(65_000_000, (await held.WaitAsync(Patience)).Transaction!.AmountTiyin);
        // The failed create's hold (66,000,00) and the two created: three amounts that a new create cannot get.
        Assert.Equal(3, (await grain.GetInfoAsync())!.OpenTransactions);
    }
}
