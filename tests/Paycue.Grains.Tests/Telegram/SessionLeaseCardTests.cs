using Paycue.Grains.Telegram;
using Paycue.Testing;
using Paycue.Testing.Telegram;

namespace Paycue.Grains.Tests.Telegram;

/// <summary>
/// Issue 16, item 5, through a card: while another holder has the account's session lease the card starts no
/// Telegram client, says why, refuses login steps with that sentence, and starts as soon as the lease is free.
/// </summary>
[Collection(TelegramCollection.Name)]
public sealed class SessionLeaseCardTests(TelegramCluster fixture)
{
    [Fact]
    public async Task ACardWhoseLeaseIsHeldElsewhereWaitsWithoutAClientAndStartsWhenItIsFree()
    {
        var id = $"tg-test-{Guid.NewGuid():N}";
        var account = new FakeTdAccount();
        fixture.Accounts[id] = account;
        var elsewhere = (await fixture.Leases.TryAcquireAsync(id, "paycue --telegram on the shop's laptop", TimeSpan.FromMinutes(5))).Lease!;

        var card = fixture.Client.GetGrain<ICardGrain>(id);
        await card.RegisterAsync(new CardSpec(id, CardKind.Telegram, "7159", null, null, TelegramCluster.BankBot));
        var waiting = await Eventually.WaitAsync(
            card.GetInfoAsync, i => i?.Status == CardStatus.Error && i.StatusReason?.Contains("session lease") == true, TimeSpan.FromSeconds(20), "the card waiting for the lease");
        Assert.Contains("paycue --telegram on the shop's laptop", waiting!.StatusReason);
        Assert.Equal(0, account.ClientsCreated);

        var login = await card.StartLoginAsync("+998901234567");
        Assert.Equal(LoginFailure.Refused, login.Failure);
        Assert.Contains("session lease", login.Reason);
        Assert.Equal(0, account.ClientsCreated);

        await fixture.Leases.ReleaseAsync(elsewhere);
        await fixture.WaitForStatusAsync(card, CardStatus.LoginRequired);
        Assert.Equal(1, account.ClientsCreated);
        var mine = await fixture.Leases.TryAcquireAsync(id, "another silo", TimeSpan.FromMinutes(5));
        Assert.False(mine.Acquired, "the card holds the lease now");
        Assert.Contains("a card session", mine.Holder);
        Assert.Equal(CardStatus.CodeRequired, (await card.StartLoginAsync("+998901234567")).Status);
    }

    [Fact]
    public async Task ASnapshotRecordedThroughTheLeaseWinsOverTheOneInTheCardsState()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var card = await fixture.NewCardAsync(account);
        var id = card.GetPrimaryKeyString();
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        foreach (var directory in SessionDirectories(id))
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "marker"), "td.binlog stand-in");
        }

        // A deactivation saves the snapshot through the lease (and into the card's state), and gives the lease up.
        await fixture.Cluster.DeactivateAsync(card);
        await Eventually.WaitAsync(() => fixture.Leases.LoadSnapshotAsync(id), s => s.Snapshot is not null, TimeSpan.FromSeconds(20), "the snapshot saved through the lease");
        await card.GetInfoAsync();
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        Assert.Contains(SessionDirectories(id), d => File.Exists(Path.Combine(d, "marker"))); // restored

        // Meanwhile another holder of the lease recorded that the session ended: nothing may be restored, whatever
        // the card's own state (written by an activation that may never have held the lease) still says.
        await fixture.Cluster.DeactivateAsync(card);
        var taken = await Eventually.WaitAsync(
            () => fixture.Leases.TryAcquireAsync(id, "another silo", TimeSpan.FromMinutes(5)), g => g.Acquired, TimeSpan.FromSeconds(20), "the lease given up");
        Assert.True(await fixture.Leases.SaveSnapshotAsync(taken.Lease!, null));
        await fixture.Leases.ReleaseAsync(taken.Lease!);

        await card.GetInfoAsync();
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        Assert.DoesNotContain(SessionDirectories(id), d => File.Exists(Path.Combine(d, "marker")));
    }

    /// <summary>The card's database directory on each silo that has one.</summary>
    private List<string> SessionDirectories(string cardId) =>
        Directory.EnumerateDirectories(fixture.Root).Select(d => Path.Combine(d, cardId)).Where(Directory.Exists).ToList();
}
