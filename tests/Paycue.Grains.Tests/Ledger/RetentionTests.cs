using Microsoft.Extensions.DependencyInjection;
using Paycue.Grains.Configuration;
using Paycue.Grains.Ledger;
using Paycue.Grains.Pool;
using Paycue.Grains.Tests.Cluster;
using Paycue.Grains.Transactions;
using Paycue.Testing;

namespace Paycue.Grains.Tests.Ledger;

/// <summary>
/// RETENTION of minus a minute: everything recorded so far is older than the sweep's cutoff, so one sweep shows what
/// it removes and what it must keep, without waiting or faking the clock. A one-hour webhook backoff keeps a failing
/// delivery pending throughout.
/// </summary>
public sealed class RetentionCluster : PaycueCluster
{
    protected override PaycueOptions Configure(string webhookUrl) => new()
    {
        Retention = TimeSpan.FromMinutes(-1),
        WebhookUrl = new Uri(webhookUrl),
        WebhookBackoff = TimeSpan.FromHours(1),
        WebhookRetries = 3,
        LimitSom = 100,
    };
}

public sealed class RetentionTests(RetentionCluster fixture) : IClassFixture<RetentionCluster>
{
    private IServiceProvider Silo => fixture.Cluster.Silos[0].ServiceProvider;

    private async Task<Guid> ClosedAsync(string cardId, long amountTiyin, bool webhookFails)
    {
        var tx = await fixture.CreateAsync(cardId, amountTiyin);
        if (webhookFails)
        {
            fixture.Receiver.Script(tx.TransactionId.ToString(), (500, "{}", TimeSpan.Zero));
        }

        var grain = fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId);
        await grain.CancelAsync("test");
        await Eventually.WaitAsync(() => grain.GetAsync(), v => v!.LastWebhook is { Attempts: >= 1 } w && (webhookFails || w.Status == WebhookStatus.Delivered),
            TimeSpan.FromSeconds(10), "the first webhook attempt");
        return tx.TransactionId;
    }

    [Fact]
    public async Task SweepKeepsIndexedWhatItCouldNotPurgeAndForgetsOldMessageMarkers()
    {
        var card = await fixture.NewCardAsync();
        var pending = await ClosedAsync(card.CardId, 31_000_000, webhookFails: true);
        var delivered = await ClosedAsync(card.CardId, 32_000_000, webhookFails: false);
        var store = Silo.GetRequiredService<ITransactionStore>();
        var ledger = Silo.GetRequiredService<ILedgerStore>();
        var markers = Silo.GetRequiredService<ICardStore>();
        await markers.SetProcessedAsync(card.CardId, 4242, MatchOutcomes.Confirmed);

        await Silo.GetRequiredService<RetentionService>().SweepAsync();

        // The delivered one is gone, record and index entry; the pending one could not be purged and stays indexed.
        Assert.Null(await store.LoadAsync(delivered));
        Assert.NotNull(await store.LoadAsync(pending));
        var indexed = await ledger.ClosedAsync(null, 1000);
        Assert.Contains(pending, indexed);
        Assert.DoesNotContain(delivered, indexed);
        Assert.Null(await markers.GetProcessedAsync(card.CardId, 4242));
    }

    [Fact]
    public async Task SweepForgetsIdempotencyKeys()
    {
        var card = await fixture.NewCardAsync();
        var key = $"order-{Guid.NewGuid():N}";
        var created = await fixture.Client.GetGrain<IIdempotencyGrain>(key).CreateOnceAsync(33_000_000, card.CardId);
        Assert.Equal(PlacementStatus.Created, created.Status);
        var ledger = Silo.GetRequiredService<ILedgerStore>();
        var far = DateTimeOffset.UtcNow.AddDays(1);
        Assert.Contains(key, await ledger.KeptBeforeAsync(KeptKinds.Idempotency, far, 0, 10_000));

        await Silo.GetRequiredService<RetentionService>().SweepAsync();

        Assert.DoesNotContain(key, await ledger.KeptBeforeAsync(KeptKinds.Idempotency, far, 0, 10_000));
    }
}
