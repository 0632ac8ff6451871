using Paycue.Grains.Tests.Cluster;

namespace Paycue.Grains.Tests.Webhooks;

[Collection(LifecycleCollection.Name)]
public sealed class RetryRuleTests(LifecycleCluster fixture)
{
    private async Task<(TransactionView Tx, ITransactionGrain Grain)> NewAsync(long amount)
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, amount);
        return (tx, fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(410)]
    public async Task RefusingClientErrorIsNotRetried(int status)
    {
        var (tx, grain) = await NewAsync(21_000_000 + status);
        fixture.Receiver.Script(tx.TransactionId.ToString(), (status, "{}", TimeSpan.Zero));
        await grain.CancelAsync("test");

        var view = await Testing.Eventually.WaitAsync(() => grain.GetAsync(), v => v!.LastWebhook!.Status == WebhookStatus.Failed, TimeSpan.FromSeconds(5), "failure");
        Assert.Equal(1, view!.LastWebhook!.Attempts);
        await Task.Delay(fixture.Options.WebhookBackoff * 3);
        Assert.Single(fixture.Receiver.For(tx.TransactionId.ToString()));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    public async Task TimeoutAndServerErrorsAreRetried(int status)
    {
        var (tx, grain) = await NewAsync(22_000_000 + status);
        fixture.Receiver.Script(tx.TransactionId.ToString(), (status, "{}", TimeSpan.Zero));
        await grain.CancelAsync("test");

        var view = await Testing.Eventually.WaitAsync(() => grain.GetAsync(), v => v!.LastWebhook!.Status == WebhookStatus.Delivered, TimeSpan.FromSeconds(5), "delivery");
        Assert.Equal(2, view!.LastWebhook!.Attempts);
    }

    [Fact]
    public async Task TooManyRequestsWaitsForRetryAfter()
    {
        var (tx, grain) = await NewAsync(23_000_000);
        fixture.Receiver.ScriptTooManyRequests(tx.TransactionId.ToString(), "2");
        await grain.CancelAsync("test");

        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 2, TimeSpan.FromSeconds(10));
        var waited = hooks[1].At - hooks[0].At;
        Assert.True(waited >= TimeSpan.FromSeconds(1.9), $"retried after {waited.TotalMilliseconds} ms, backoff is {fixture.Options.WebhookBackoff.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task EveryAttemptIsSignedAndTheIdStaysTheSame()
    {
        var (tx, grain) = await NewAsync(24_000_000);
        fixture.Receiver.Script(tx.TransactionId.ToString(), (500, "{}", TimeSpan.Zero));
        await grain.CancelAsync("test");
        var hooks = await fixture.Receiver.WaitForAsync(tx.TransactionId.ToString(), h => h.Count >= 2, TimeSpan.FromSeconds(5));

        var secret = await fixture.Client.GetGrain<IWebhookSecretGrain>(0).GetOrCreateAsync();
        Assert.True(Grains.Webhooks.WebhookSigner.TryParseSecret(secret, out var key));
        foreach (var hook in hooks)
        {
            var expected = Grains.Webhooks.WebhookSigner.Sign(key, hook.Headers["webhook-id"], long.Parse(hook.Headers["webhook-timestamp"]), System.Text.Encoding.UTF8.GetBytes(hook.Body));
            Assert.Equal(expected, hook.Headers["webhook-signature"]);
        }

        Assert.Equal(hooks[0].Headers["webhook-id"], hooks[1].Headers["webhook-id"]);
    }
}
