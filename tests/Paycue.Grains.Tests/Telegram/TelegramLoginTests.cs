using Paycue.Testing;
using Paycue.Testing.Telegram;
namespace Paycue.Grains.Tests.Telegram;

[Collection(TelegramCollection.Name)]
public sealed class TelegramLoginTests(TelegramCluster fixture)
{
    [Fact]
    public async Task CodeThenPasswordMakesTheCardReady()
    {
        var card = await fixture.NewCardAsync(new FakeTdAccount { HasPassword = true });
        await fixture.WaitForStatusAsync(card, CardStatus.LoginRequired);

        Assert.Equal(new LoginResult(CardStatus.CodeRequired, null, LoginFailure.None), await card.StartLoginAsync("+998901234567"));
        Assert.Equal(CardStatus.PasswordRequired, (await card.SubmitLoginCodeAsync(FakeTdAccount.Code)).Status);
        Assert.Equal(CardStatus.Ready, (await card.SubmitLoginPasswordAsync(FakeTdAccount.Password)).Status);

        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        var directory = await fixture.Client.GetGrain<ICardDirectoryGrain>(0).ListAsync();
        Assert.Contains(directory, e => e.Spec.CardId == card.GetPrimaryKeyString() && e.Status == CardStatus.Ready);
    }

    [Fact]
    public async Task WrongCodeAndWrongPasswordAreRefusedAndKeepTheState()
    {
        var card = await fixture.NewCardAsync(new FakeTdAccount { HasPassword = true });
        await fixture.WaitForStatusAsync(card, CardStatus.LoginRequired);
        await card.StartLoginAsync("+998901234567");

        var wrongCode = await card.SubmitLoginCodeAsync("11111");
        Assert.Equal(LoginFailure.Refused, wrongCode.Failure);
        Assert.Equal(CardStatus.CodeRequired, wrongCode.Status);
        Assert.Contains("code is wrong", wrongCode.Reason);
        Assert.Equal(CardStatus.CodeRequired, (await card.GetInfoAsync())!.Status);

        Assert.Equal(CardStatus.PasswordRequired, (await card.SubmitLoginCodeAsync(FakeTdAccount.Code)).Status);
        var wrongPassword = await card.SubmitLoginPasswordAsync("guess");
        Assert.Equal(LoginFailure.Refused, wrongPassword.Failure);
        Assert.Equal(CardStatus.PasswordRequired, wrongPassword.Status);
        Assert.Contains("password is wrong", wrongPassword.Reason);

        Assert.Equal(CardStatus.Ready, (await card.SubmitLoginPasswordAsync(FakeTdAccount.Password)).Status);
    }

    [Fact]
    public async Task AStatusTheSessionReportsLateNeverTakesTheCardBackALoginStep()
    {
        var card = await fixture.NewCardAsync(new FakeTdAccount { HasPassword = true });
        var cardId = card.GetPrimaryKeyString();
        await fixture.WaitForStatusAsync(card, CardStatus.LoginRequired);

        // The session's reports queue up behind a card that does not answer, while the steps themselves go through.
        fixture.Calls.FailSessionStatuses(cardId, _ => true);
        Assert.Equal(CardStatus.CodeRequired, (await card.StartLoginAsync("+998901234567")).Status);
        Assert.Equal(CardStatus.PasswordRequired, (await card.SubmitLoginCodeAsync(FakeTdAccount.Code)).Status);

        // The older report (code_required) now reaches the card; the newer one still does not.
        fixture.Calls.FailSessionStatuses(cardId, status => status != CardStatus.CodeRequired);
        await Eventually.WaitAsync(
            () => Task.FromResult(fixture.Calls.SessionStatuses(cardId)), s => s.Contains(CardStatus.CodeRequired), TimeSpan.FromSeconds(20), "the late report delivered");
        Assert.Equal(CardStatus.PasswordRequired, (await card.GetInfoAsync())!.Status);
        fixture.Calls.FailSessionStatuses(cardId, null);

        Assert.Equal(CardStatus.Ready, (await card.SubmitLoginPasswordAsync(FakeTdAccount.Password)).Status);
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
    }

    [Fact]
    public async Task LogoutIsRefusedWithOpenTransactionsUnlessForced()
    {
        var account = new FakeTdAccount { LoggedIn = true };
        var card = await fixture.NewCardAsync(account);
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        await fixture.CreateAsync(card.GetPrimaryKeyString(), 20_000_00);

        Assert.Equal(LoginFailure.OpenTransactions, (await card.LogoutAsync(force: false)).Failure);
        Assert.Equal(LoginFailure.None, (await card.LogoutAsync(force: true)).Failure);
        Assert.Null(await card.GetInfoAsync());
        Assert.False(account.LoggedIn);
    }

    [Fact]
    public async Task ATelegramCardWithoutSessionKeyIsInErrorSayingSo()
    {
        // A grain refuses to start a session without SESSION_KEY; the check is a plain function.
        var reason = Paycue.Grains.Telegram.CardSession.MissingSetting(fixture.Options with { SessionKey = null });
        Assert.Contains("SESSION_KEY", reason);
    }
}

[Collection(TelegramCollection.Name)]
public sealed class EmailLoginTests(TelegramCluster fixture)
{
    [Fact]
    public async Task EmailThenTheMailedCodeMakesTheCardReady()
    {
        var account = new FakeTdAccount { RequiresEmail = true };
        var card = await fixture.NewCardAsync(account);
        await fixture.WaitForStatusAsync(card, CardStatus.LoginRequired);

        Assert.Equal(CardStatus.EmailRequired, (await card.StartLoginAsync("+998901234567")).Status);
        Assert.Equal(CardStatus.EmailRequired, (await card.GetInfoAsync())!.Status);
        Assert.Equal(CardStatus.EmailCodeRequired, (await card.SubmitLoginEmailAsync("shop@example.com")).Status);
        Assert.Equal(["shop@example.com"], account.Emails);

        var wrong = await card.SubmitLoginEmailCodeAsync("11111");
        Assert.Equal(LoginFailure.Refused, wrong.Failure);
        Assert.Equal(CardStatus.EmailCodeRequired, wrong.Status);
        Assert.Equal(Paycue.Telegram.TelegramErrorText.EmailCodeInvalid, wrong.Reason);

        Assert.Equal(CardStatus.Ready, (await card.SubmitLoginEmailCodeAsync(FakeTdAccount.EmailCode)).Status);
        await fixture.WaitForStatusAsync(card, CardStatus.Ready);
        var sent = account.Requests.Single(r => r["@type"]!.GetValue<string>() == "checkAuthenticationEmailCode" && r["code"]!["code"]!.GetValue<string>() == FakeTdAccount.EmailCode);
        Assert.Equal("emailAddressAuthenticationCode", sent["code"]!["@type"]!.GetValue<string>());
    }

    [Fact]
    public async Task FromAnEmailStateThePhoneNumberStartsTheLoginAgain()
    {
        var account = new FakeTdAccount { RequiresEmail = true };
        var card = await fixture.NewCardAsync(account);
        await fixture.WaitForStatusAsync(card, CardStatus.LoginRequired);
        await card.StartLoginAsync("+998901234567");
        Assert.Equal(CardStatus.EmailCodeRequired, (await card.SubmitLoginEmailAsync("shop@example.com")).Status);

        Assert.Equal(CardStatus.EmailRequired, (await card.StartLoginAsync("+998901234567")).Status);
        Assert.Equal(2, account.Requests.Count(r => r["@type"]!.GetValue<string>() == "setAuthenticationPhoneNumber"));
    }
}
