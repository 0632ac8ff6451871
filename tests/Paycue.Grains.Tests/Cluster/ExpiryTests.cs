using Microsoft.Extensions.DependencyInjection;
using Paycue.Grains.Configuration;
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

/// <summary>Short deadlines and a two-second reminder period, so the card's durable backstop shows within a test.</summary>
public sealed class QuickReminderCluster : PaycueCluster
{
    protected override PaycueOptions Configure(string webhookUrl) => new()
    {
        Sandbox = true,
        SandboxCards = 0,
        TransactionTimeout = TimeSpan.FromSeconds(3),
        AmountCooldown = TimeSpan.FromSeconds(2),
        ExpiryGrace = TimeSpan.Zero,
        ReminderPeriod = TimeSpan.FromSeconds(2),
        WebhookUrl = new Uri(webhookUrl),
    };
}

public sealed class CardReminderTests(QuickReminderCluster fixture) : IClassFixture<QuickReminderCluster>
{
    [Fact]
    public async Task CardDeactivatedWithOpenTransactionsComesBackThroughItsReminderAndExpiresThem()
    {
        var spec = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(spec.CardId, 14_000_000);
        var card = fixture.Client.GetGrain<ICardGrain>(spec.CardId);

        // As after a crash: the card's activation, its timer and its pool in memory are gone.
        await fixture.Cluster.DeactivateAsync(card);
        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        var active = await management.GetDetailedGrainStatistics([typeof(Cards.CardGrain).FullName!]);
        Assert.DoesNotContain(active, s => s.GrainId == card.GetGrainId());

        // Nothing calls the card or the transaction now: only the card's reminder can bring the card back.
        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(20));
        Assert.Equal("cancel", hooks[0].Action);
        var view = await fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId).GetAsync();
        Assert.Equal("expired", view!.CancelReason);
        Assert.True(view.CancelledAt >= tx.ExpiresAt, $"cancelled at {view.CancelledAt}, deadline {tx.ExpiresAt}");
    }
}
