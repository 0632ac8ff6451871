using Paycue.Grains.Configuration;

namespace Paycue.Grains.Tests.Cluster;

/// <summary>Three sandbox cards and a LIMIT wide enough for a thousand equal requests on one card.</summary>
public sealed class RoutingCluster : PaycueCluster
{
    protected override PaycueOptions Configure(string webhookUrl) => new()
    {
        Sandbox = true,
        SandboxCards = 3,
        LimitSom = 2_000,
        WebhookUrl = new Uri(webhookUrl),
    };
}

public sealed class RoutingTests(RoutingCluster fixture) : IClassFixture<RoutingCluster>
{
    private async Task<IReadOnlyList<TransactionView>> CreateManyAsync(long requestedTiyin, int count, bool parallel)
    {
        if (!parallel)
        {
            var views = new List<TransactionView>();
            for (var i = 0; i < count; i++)
            {
                var placed = await fixture.Placer.PlaceAsync(requestedTiyin, null, CancellationToken.None);
                views.Add(placed.Transaction!);
            }

            return views;
        }

        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => fixture.Placer.PlaceAsync(requestedTiyin, null, CancellationToken.None))));
        Assert.All(results, r => Assert.Equal(PlacementStatus.Created, r.Status));
        return results.Select(r => r.Transaction!).ToList();
    }

    private static void AssertUniquePerCard(IReadOnlyList<TransactionView> views)
    {
        foreach (var card in views.GroupBy(v => v.CardId))
        {
            var amounts = card.Select(v => v.AmountTiyin).ToList();
            Assert.Equal(amounts.Count, amounts.Distinct().Count());
        }
    }

    [Fact]
    public async Task SequentialRequestsSpreadOverThreeCardsWithMinimalDrift()
    {
        const long requested = 1_000_000;
        const int n = 100;
        var views = await CreateManyAsync(requested, n, parallel: false);

        AssertUniquePerCard(views);
        var maxOffset = views.Max(v => (v.AmountTiyin - requested) / 100);
        Assert.Equal((long)Math.Ceiling(n / 3.0) - 1, maxOffset);
        Assert.Equal(3, views.Select(v => v.CardId).Distinct().Count());
    }

    [Fact]
    public async Task ThousandParallelRequestsNeverShareAnAmountOnACardAndStayOptimal()
    {
        const long requested = 5_000_000;
        const int n = 1_000;
        var views = await CreateManyAsync(requested, n, parallel: true);

        Assert.Equal(n, views.Count);
        AssertUniquePerCard(views);
        var maxOffset = views.Max(v => (v.AmountTiyin - requested) / 100);
        Assert.Equal((long)Math.Ceiling(n / 3.0) - 1, maxOffset);
    }

    [Fact]
    public async Task NamedCardTakesEveryRequest()
    {
        var placed = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => fixture.Placer.PlaceAsync(9_000_000, "sandbox-2", CancellationToken.None)));
        Assert.All(placed, p => Assert.Equal("sandbox-2", p.Transaction!.CardId));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => 9_000_000L + (i * 100)), placed.Select(p => p.Transaction!.AmountTiyin).Order());
    }
}

/// <summary>One card, so 1,000 parallel creates all contend for one pool.</summary>
public sealed class SingleCardCluster : PaycueCluster
{
    protected override PaycueOptions Configure(string webhookUrl) => new()
    {
        Sandbox = true,
        SandboxCards = 1,
        LimitSom = 1_000,
        WebhookUrl = new Uri(webhookUrl),
    };
}

public sealed class ConcurrencyTests(SingleCardCluster fixture) : IClassFixture<SingleCardCluster>
{
    [Fact]
    public async Task ThousandParallelCreatesOnOneCardGetAThousandDistinctAmounts()
    {
        const long requested = 2_000_000;
        var results = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(_ => Task.Run(() => fixture.Placer.PlaceAsync(requested, null, CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(PlacementStatus.Created, r.Status));
        var amounts = results.Select(r => r.Transaction!.AmountTiyin).ToList();
        Assert.Equal(1_000, amounts.Distinct().Count());
        Assert.Equal(requested, amounts.Min());
        Assert.Equal(requested + (999 * 100), amounts.Max());
        var info = await fixture.Client.GetGrain<ICardGrain>("sandbox-1").GetInfoAsync();
        Assert.Equal(1_000, info!.OpenTransactions);
    }
}
