using Microsoft.Extensions.DependencyInjection;
using Paycue.Grains.Transactions;
using Paycue.Testing;

namespace Paycue.Grains.Tests.Cluster;

/// <summary>The card expires its transactions; nothing has to activate a transaction grain for that to happen.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class ExpiryTests(LifecycleCluster fixture)
{
    private IServiceProvider Silo => fixture.Cluster.Silos[0].ServiceProvider;

    private async Task<int> OpenOnAsync(string cardId) => (await fixture.Client.GetGrain<ICardGrain>(cardId).GetInfoAsync())!.OpenTransactions;

    [Fact]
    public async Task UntouchedTransactionExpiresThroughItsCard()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 11_000_000);

        // Nobody reads the transaction: the cancel webhook can only come from the card's expiry.
        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(10));
        Assert.Equal("cancel", hooks[0].Action);
        Assert.Equal(0, await OpenOnAsync(card.CardId));
        var view = await fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId).GetAsync();
        Assert.Equal(TransactionState.Cancelled, view!.State);
        Assert.Equal("expired", view.CancelReason);
        Assert.True(view.CancelledAt >= tx.ExpiresAt, $"cancelled at {view.CancelledAt}, deadline {tx.ExpiresAt}");
    }

    [Fact]
    public async Task TransactionClosedWithoutTellingItsCardIsReleasedAtExpiry()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 12_000_000);

        // Closed behind the card's back, as when the close landed but its one-way release was lost in a crash.
        var store = Silo.GetRequiredService<ITransactionStore>();
        var stored = (await store.LoadAsync(tx.TransactionId))!;
        stored.Record.State = TransactionState.Cancelled;
        stored.Record.CancelReason = "closed_elsewhere";
        stored.Record.CancelledAt = DateTimeOffset.UtcNow;
        Assert.NotNull(await store.SaveAsync(tx.TransactionId, stored.Record, stored.Version));
        Assert.Equal(1, await OpenOnAsync(card.CardId));

        // At the deadline the card asks; the transaction, already closed, only releases the amount.
        await Eventually.WaitAsync(() => OpenOnAsync(card.CardId), n => n == 0, TimeSpan.FromSeconds(10), "release at expiry");
        var view = await fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId).GetAsync();
        Assert.Equal("closed_elsewhere", view!.CancelReason);
        Assert.Empty(view.Webhooks);
        Assert.Empty(fixture.Receiver.For(tx.TransactionId.ToString()));
    }
}
