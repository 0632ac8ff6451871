using Paycue.Grains.Configuration;

namespace Paycue.Grains.Tests.Cluster;

/// <summary>A cluster running with SANDBOX=false, as a live shop does.</summary>
public sealed class SandboxOffCluster : PaycueCluster
{
    protected override bool TestsSandboxOff => true;

    protected override PaycueOptions Configure(string webhookUrl) => new() { Sandbox = false, WebhookUrl = new Uri(webhookUrl) };
}

public sealed class SandboxOffTests(SandboxOffCluster fixture) : IClassFixture<SandboxOffCluster>
{
    [Fact]
    public async Task SandboxCardTheDirectoryStillListsIsNeverPlacedOn()
    {
        // However it got there (a silo still running with SANDBOX=true, a directory written before the switch),
        // a sandbox card listed as ready takes no order while this process runs with SANDBOX=false.
        var card = await fixture.NewCardAsync();
        var listed = await fixture.Client.GetGrain<ICardDirectoryGrain>(0).ListAsync();
        Assert.Contains(listed, e => e.Spec.CardId == card.CardId && e.Status == CardStatus.Ready);

        var any = await fixture.Placer.PlaceAsync(20_000_00, null, CancellationToken.None);
        Assert.Equal(PlacementStatus.NoReadyCard, any.Status);
        var named = await fixture.Placer.PlaceAsync(20_000_00, card.CardId, CancellationToken.None);
        Assert.Equal(PlacementStatus.CardNotReady, named.Status);
        Assert.Null(named.Transaction);
    }

    [Fact]
    public async Task TelegramCardWithoutALast4IsNotRegistered()
    {
        var id = $"tg-test-{Guid.NewGuid():N}";
        var card = fixture.Client.GetGrain<ICardGrain>(id);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => card.RegisterAsync(new CardSpec(id, CardKind.Telegram, null, null, null, 1)));
        Assert.Contains("last4", error.Message);
        Assert.Null(await card.GetInfoAsync());
    }
}
