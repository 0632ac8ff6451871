using Paycue.Grains.Telegram;
using Paycue.Testing.Telegram;

namespace Paycue.Grains.Tests.Telegram;

/// <summary>
/// The account owner ends the card's session in a Telegram app (or Telegram revokes it): TDLib logs out and closes
/// without being asked. The card heals itself: a new client, <c>login_required</c> saying why, and no dead snapshot.
/// </summary>
[Collection(TelegramCollection.Name)]
public sealed class SessionEndedTests(TelegramCluster fixture)
{
    [Fact]
    public async Task ASessionEndedFromOutsideAsksForALoginAgainAndTheLoginWorks()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var card = await fixture.NewCardAsync(account);
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);

        account.EndSessionFromOutside();

        var info = await fixture.WaitForStatusAsync(card, CardStatus.LoginRequired);
        Assert.Equal(CardSession.SessionEndedReason, info.StatusReason);
        Assert.Equal("session ended from another device", info.StatusReason);
        await NewClientWaitsForAPhoneAsync(account, clients: 2);

        Assert.Equal(new LoginResult(CardStatus.CodeRequired, null, LoginFailure.None), await card.StartLoginAsync("+998901234567"));
        Assert.Equal(CardStatus.Ready, (await card.SubmitLoginCodeAsync(FakeTdAccount.Code)).Status);
        info = await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        Assert.Null(info.StatusReason);
    }

    [Fact]
    public async Task ANewRegistrationOfTheSameCardStartsTheLoginAfterTheSessionEnded()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var card = await fixture.NewCardAsync(account);
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        var spec = (await card.GetInfoAsync())!.Spec;
        account.EndSessionFromOutside();
        await fixture.WaitForStatusAsync(card, CardStatus.LoginRequired);

        // What POST /api/cards does for the same phone.
        await card.RegisterAsync(spec);
        Assert.Equal(CardStatus.CodeRequired, (await card.StartLoginAsync("+998901234567")).Status);
    }

    [Fact]
    public async Task ADeadSessionIsNeverRestoredOnTheNextActivation()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var card = await fixture.NewCardAsync(account);
        var cardId = card.GetPrimaryKeyString();
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        var silos = fixture.Cluster.Silos.ToList();
        var first = silos.Single(s => Directory.Exists(Path.Combine(fixture.SessionDirectory(s.Name), cardId)));
        var second = silos.Single(s => s != first);

        // Stands for TDLib's database of the logged-in session: the snapshot taken when the card moves carries it.
        await File.WriteAllTextAsync(Path.Combine(fixture.SessionDirectory(first.Name), cardId, "session.marker"), "alive");
        await fixture.Cluster.MigrateAsync(card, second.SiloAddress);
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        var secondDirectory = Path.Combine(fixture.SessionDirectory(second.Name), cardId);
        Assert.True(File.Exists(Path.Combine(secondDirectory, "session.marker")), "the snapshot moved with the card");

        account.EndSessionFromOutside();
        await fixture.WaitForStatusAsync(card, CardStatus.LoginRequired);
        await NewClientWaitsForAPhoneAsync(account, clients: 3);
        Assert.False(File.Exists(Path.Combine(secondDirectory, "session.marker")), "the new client starts on an empty directory");

        Directory.Delete(Path.Combine(fixture.SessionDirectory(first.Name), cardId), recursive: true);
        await fixture.Cluster.MigrateAsync(card, first.SiloAddress);
        var info = await fixture.WaitForStatusAsync(card, CardStatus.LoginRequired);
        await NewClientWaitsForAPhoneAsync(account, clients: 4);
        Assert.False(File.Exists(Path.Combine(fixture.SessionDirectory(first.Name), cardId, "session.marker")), "the dead session was restored");
        Assert.Equal(CardStatus.CodeRequired, (await card.StartLoginAsync("+998901234567")).Status);
        Assert.NotNull(info);
    }

    [Fact]
    public async Task OurOwnLogOutIsNotTakenForASessionEndedFromOutside()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var card = await fixture.NewCardAsync(account);
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);

        Assert.Equal(LoginFailure.None, (await card.LogoutAsync(force: false)).Failure);

        Assert.Null(await card.GetInfoAsync());
        Assert.Equal(1, account.ClientsCreated);
    }

    private static Task NewClientWaitsForAPhoneAsync(FakeTdAccount account, int clients) =>
        Paycue.Testing.Eventually.WaitAsync(
            () => Task.FromResult((account.ClientsCreated, account.Current?.State)),
            seen => seen == (clients, "authorizationStateWaitPhoneNumber"),
            TimeSpan.FromSeconds(20),
            $"client {clients} waiting for a phone number");
}
