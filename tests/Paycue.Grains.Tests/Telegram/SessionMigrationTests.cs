using Paycue.Testing.Telegram;
namespace Paycue.Grains.Tests.Telegram;

[Collection(TelegramCollection.Name)]
public sealed class SessionMigrationTests(TelegramCluster fixture)
{
    /// <summary>
    /// A real TDLib database (encrypted with the key from SESSION_KEY) is packed into grain state when its card leaves
    /// a silo, restored into the other silo's SESSION_DIR, and opened there by TDLib with the same key.
    /// </summary>
    [Fact]
    public async Task RealSessionFollowsItsCardToAnotherSilo()
    {
        var card = await fixture.NewCardAsync(account: null);
        var cardId = card.GetPrimaryKeyString();
        await fixture.WaitForStatusAsync(card, CardStatus.LoginRequired);

        var silos = fixture.Cluster.Silos.ToList();
        var from = silos.Single(s => Directory.Exists(Path.Combine(fixture.SessionDirectory(s.Name), cardId)));
        var to = silos.Single(s => s != from);
        var target = Path.Combine(fixture.SessionDirectory(to.Name), cardId);
        Assert.False(Directory.Exists(target));

        await fixture.Cluster.MigrateAsync(card, to.SiloAddress);
        // The activation on the new silo starts at "connecting"; "login_required" is what its TDLib reported.
        var info = await fixture.WaitForStatusAsync(card, CardStatus.LoginRequired);
        Assert.Equal(cardId, info.Spec.CardId);

        Assert.Null(info.StatusReason); // not "the key does not open the database"
        Assert.True(File.Exists(Path.Combine(target, "td.binlog")), "the database was restored into the new silo's SESSION_DIR");
    }
}
