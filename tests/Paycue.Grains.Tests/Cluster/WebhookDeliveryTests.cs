namespace Paycue.Grains.Tests.Cluster;

[Collection(LifecycleCollection.Name)]
public sealed class WebhookDeliveryTests(LifecycleCluster fixture)
{
    private static readonly TimeSpan NoDelay = TimeSpan.Zero;

    private async Task<(TransactionView Tx, ITransactionGrain Grain)> CancelledTransactionAsync(long amountTiyin, params (int, string, TimeSpan)[] script)
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, amountTiyin);
        fixture.Receiver.Script(tx.TransactionId.ToString(), script);
        var grain = fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId);
        await grain.CancelAsync("test");
        return (tx, grain);
    }

    [Fact]
    public async Task FailingReceiverIsRetriedWithDoublingDelaysUntilItSucceeds()
    {
        var (tx, grain) = await CancelledTransactionAsync(11_000_000, (500, "{}", NoDelay), (200, "{\"ok\":false}", NoDelay));

        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 3, TimeSpan.FromSeconds(10));
        var view = await Testing.Eventually.WaitAsync(() => grain.GetAsync(), v => v!.LastWebhook!.Status == WebhookStatus.Delivered, TimeSpan.FromSeconds(5), "delivery");

        Assert.Equal(3, view!.LastWebhook!.Attempts);
        Assert.Equal([500, 200, 200], view.LastWebhook.Log.Select(a => a.HttpStatus ?? 0));
        Assert.Equal([false, false, true], view.LastWebhook.Log.Select(a => a.Succeeded));

        // Every attempt of one event carries the same event id.
        Assert.Single(hooks.Select(h => h.EventId).Distinct());
        Assert.Equal(view.LastWebhook.EventId, hooks[0].EventId);

        // Backoff 200 ms, then 400 ms.
        var backoff = fixture.Options.WebhookBackoff;
        Assert.True(hooks[1].At - hooks[0].At >= backoff * 0.9, $"first retry after {(hooks[1].At - hooks[0].At).TotalMilliseconds} ms");
        Assert.True(hooks[2].At - hooks[1].At >= backoff * 2 * 0.9, $"second retry after {(hooks[2].At - hooks[1].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task RedirectIsAFailedAttemptWithItsLocationAndIsNotFollowed()
    {
        var redirects = Enumerable.Repeat((307, "{}", NoDelay), 10).ToArray();
        var (_, grain) = await CancelledTransactionAsync(16_000_000, redirects);

        var view = await Testing.Eventually.WaitAsync(() => grain.GetAsync(), v => v!.LastWebhook!.Status != WebhookStatus.Pending, TimeSpan.FromSeconds(15), "an outcome");

        Assert.Equal(WebhookStatus.Failed, view!.LastWebhook!.Status);
        Assert.Equal(0, fixture.Receiver.RedirectsFollowed);
        var first = view.LastWebhook.Log[0];
        Assert.Equal(307, first.HttpStatus);
        Assert.False(first.Succeeded);
        Assert.Equal(fixture.Receiver.RedirectUrl, first.Location);
        Assert.Contains(fixture.Receiver.RedirectUrl, first.Error);
    }

    [Fact]
    public async Task ReceiverThatNeverSucceedsEndsFailedAfterTheConfiguredRetries()
    {
        var failures = Enumerable.Repeat((503, "{}", NoDelay), 10).ToArray();
        var (tx, grain) = await CancelledTransactionAsync(12_000_000, failures);

        var view = await Testing.Eventually.WaitAsync(() => grain.GetAsync(), v => v!.LastWebhook!.Status == WebhookStatus.Failed, TimeSpan.FromSeconds(15), "failure");

        Assert.Equal(1 + fixture.Options.WebhookRetries, view!.LastWebhook!.Attempts);
        await Task.Delay(fixture.Options.WebhookBackoff * 10);
        Assert.Equal(1 + fixture.Options.WebhookRetries, fixture.Receiver.For(tx.TransactionId.ToString()).Count);

        // The transaction is closed anyway, as the original docs say.
        Assert.Equal(TransactionState.Cancelled, view.State);
    }

    [Fact]
    public async Task SlowReceiverTimesOutAndIsRetried()
    {
        var (tx, grain) = await CancelledTransactionAsync(13_000_000, (200, "{\"ok\":true}", fixture.Options.WebhookTimeout + TimeSpan.FromSeconds(1)));

        var view = await Testing.Eventually.WaitAsync(() => grain.GetAsync(), v => v!.LastWebhook!.Status == WebhookStatus.Delivered, TimeSpan.FromSeconds(15), "delivery");

        Assert.Equal(2, view!.LastWebhook!.Attempts);
        Assert.Contains("No answer within", view.LastWebhook.Log[0].Error);
    }

    [Fact]
    public async Task RedeliverySendsTheSameEventIdAgain()
    {
        var (tx, grain) = await CancelledTransactionAsync(14_000_000);
        await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 1, TimeSpan.FromSeconds(5));

        Assert.True(await grain.RedeliverAsync());
        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 2, TimeSpan.FromSeconds(5));

        Assert.Equal(hooks[0].EventId, hooks[1].EventId);
        Assert.Equal(hooks[0].Body, hooks[1].Body);
    }
}
