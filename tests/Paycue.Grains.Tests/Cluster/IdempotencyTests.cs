using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Paycue.Grains.Configuration;
using Paycue.Testing;

namespace Paycue.Grains.Tests.Cluster;

/// <summary>An Idempotency-Key names one transaction for as long as the transaction is kept, whatever failed on the way.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class IdempotencyLifetimeTests(LifecycleCluster fixture)
{
    [Fact]
    public async Task RetryAfterTheDeadlineReplaysTheClosedTransaction()
    {
        var card = await fixture.NewCardAsync();
        var key = fixture.Client.GetGrain<IIdempotencyGrain>(Guid.NewGuid().ToString());
        var first = await key.CreateOnceAsync(21_000_000, card.CardId);
        Assert.Equal(PlacementStatus.Created, first.Status);
        var id = first.Transaction!.TransactionId;

        // The 3 s deadline passes and the card expires the transaction.
        await Eventually.WaitAsync(() => fixture.Client.GetGrain<ITransactionGrain>(id).GetAsync(),
            v => v!.State == TransactionState.Cancelled, TimeSpan.FromSeconds(15), "expiry");

        var retry = await key.CreateOnceAsync(21_000_000, card.CardId);
        Assert.Equal(PlacementStatus.Created, retry.Status);
        Assert.True(retry.Replayed);
        Assert.Equal(id, retry.Transaction!.TransactionId);
        Assert.Equal(TransactionState.Cancelled, retry.Transaction.State);
        Assert.Equal(0, (await fixture.Client.GetGrain<ICardGrain>(card.CardId).GetInfoAsync())!.OpenTransactions);
    }
}

/// <summary>The idempotency key's write fails once: the retry must not find a transaction placed behind its back.</summary>
public sealed class IdempotencyFaultTests : IClassFixture<FailingKeyWriteCluster>
{
    private readonly FailingKeyWriteCluster fixture;

    public IdempotencyFaultTests(FailingKeyWriteCluster fixture) => this.fixture = fixture;

    /// <param name="reactivatedFirst">
    /// True: the retry meets the key's grain reactivated from what storage holds (after a crash or failover). False: the
    /// retry reaches the same activation, which once placed under the id whose write had failed, kept only in memory.
    /// </param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task KeyWriteThatFailsOnceStillYieldsOneTransaction(bool reactivatedFirst)
    {
        var card = await fixture.NewCardAsync();
        var key = fixture.Client.GetGrain<IIdempotencyGrain>(Guid.NewGuid().ToString());
        FailingKeyWriteCluster.FailNextKeyWrite();
        await Assert.ThrowsAnyAsync<Exception>(() => key.CreateOnceAsync(22_000_000, card.CardId));
        if (reactivatedFirst)
        {
            await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        }

        var retry = await key.CreateOnceAsync(22_000_000, card.CardId);
        Assert.Equal(PlacementStatus.Created, retry.Status);

        // Later the key's grain comes back from storage: the id it answered must be stored, or a further retry places
        // a second transaction.
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var again = await key.CreateOnceAsync(22_000_000, card.CardId);
        Assert.Equal(retry.Transaction!.TransactionId, again.Transaction!.TransactionId);
        Assert.True(again.Replayed);
        Assert.Equal(1, (await fixture.Client.GetGrain<ICardGrain>(card.CardId).GetInfoAsync())!.OpenTransactions);
    }
}

/// <summary>The production silo, with grain storage that can be told to fail the next idempotency-key write.</summary>
public sealed class FailingKeyWriteCluster : PaycueCluster
{
    private static int failNext;

    public static void FailNextKeyWrite() => Volatile.Write(ref failNext, 1);

    protected override PaycueOptions Configure(string webhookUrl) => new() { WebhookUrl = new Uri(webhookUrl), LimitSom = 100 };

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        var original = silo.Services.Last(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, StorageNames.Paycue));
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Paycue, (sp, key) =>
            new FailingStorage((IGrainStorage)original.KeyedImplementationFactory!(sp, key)));
    }

    private sealed class FailingStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            stateName == "idempotency" && Interlocked.Exchange(ref failNext, 0) == 1
                ? Task.FromException(new InvalidOperationException("injected: the key's write failed"))
                : inner.WriteStateAsync(stateName, grainId, grainState);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

        public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
    }
}
