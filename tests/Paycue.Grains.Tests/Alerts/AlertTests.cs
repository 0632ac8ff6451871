using Paycue.Grains.Alerts;
using Paycue.Grains.Tests.Telegram;
using Paycue.Testing;
using Paycue.Testing.Telegram;

namespace Paycue.Grains.Tests.Alerts;

/// <summary>
/// Issue 16, alerts: every condition reaches the merchant's Telegram chat through the (fake, real-protocol) Bot API,
/// once per condition, with reminders, one "resolved", flood control honoured, and nothing secret in any message.
/// </summary>
public sealed class AlertTests(AlertCluster fixture) : IClassFixture<AlertCluster>
{
    private static bool IsReminder(BotMessage m) => m.Text.StartsWith("🔁", StringComparison.Ordinal);

    [Fact]
    public async Task ACardThatLeavesReadyAlertsOnceAndSaysWhenItIsBack()
    {
        var (card, account, last4) = await fixture.ReadyCardAsync();

        // A new card still waiting for its login is no alert: it has never been ready.
        var waiting = await NewCardWaitingForLoginAsync();

        // The session ends (Telegram asks for the phone number again): the card is no longer ready.
        account.Current!.Push(AlertCluster.AuthorizationState("authorizationStateWaitPhoneNumber"));
        await Eventually.WaitAsync(card.GetInfoAsync, i => i?.Status == CardStatus.LoginRequired, TimeSpan.FromSeconds(20), "login_required");
        var opened = await fixture.WaitAboutAsync(last4, m => m.Count >= 1, "the not-ready alert");
        Assert.Contains("tayyor emas", opened[0].Text);
        Assert.Contains("login_required", opened[0].Text);

        // Logged in again: one "ready again", and the alert was never sent twice.
        account.Current!.Push(AlertCluster.AuthorizationState("authorizationStateReady"));
        var all = await fixture.WaitAboutAsync(last4, m => m.Any(x => x.Text.Contains("yana tayyor", StringComparison.Ordinal)), "the resolved message");
        Assert.Single(all, m => m.Text.Contains("tayyor emas", StringComparison.Ordinal) && !IsReminder(m));
        Assert.Single(all, m => m.Text.Contains("yana tayyor", StringComparison.Ordinal));
        Assert.Empty(fixture.About(waiting));

        var listed = await fixture.Alerts.ListAsync();
        var record = Assert.Single(listed, a => a.Key == AlertKinds.CardKey(AlertKinds.CardStatus, card.GetPrimaryKeyString()));
        Assert.Equal("resolved", record.State);
        Assert.Equal(0, record.PendingMessages);
    }

    [Fact]
    public async Task ASessionEndedFromAnotherDeviceAlertsForEveryCardOfTheAccountWithTheReasonAndTheLoginResolvesThem()
    {
        var (card, account, last4) = await fixture.ReadyCardAsync();
        var (uzcard, uzcardLast4) = await fixture.AddUzcardAsync(card);
        var cardless = await fixture.ReadyCardlessAccountAsync();

        account.EndSessionFromOutside();
        fixture.Accounts[cardless.GetPrimaryKeyString()].EndSessionFromOutside();

        foreach (var digits in new[] { last4, uzcardLast4 })
        {
            var opened = await fixture.WaitAboutAsync(digits, m => m.Count >= 1, $"the not-ready alert about *{digits}");
            Assert.Contains("tayyor emas (login_required: session ended from another device)", opened[0].Text);
        }

        await Eventually.WaitAsync(() => Task.FromResult((account.ClientsCreated, account.Current!.State)),
            s => s == (2, "authorizationStateWaitPhoneNumber"), TimeSpan.FromSeconds(20), "a new client");
        Assert.Equal(CardStatus.CodeRequired, (await card.StartLoginAsync("+998901234567")).Status);
        Assert.Equal(CardStatus.Ready, (await card.SubmitLoginCodeAsync(FakeTdAccount.Code)).Status);
        await Eventually.WaitAsync(uzcard.GetInfoAsync, i => i?.Status == CardStatus.Ready, TimeSpan.FromSeconds(20), "the Uzcard card ready");

        foreach (var digits in new[] { last4, uzcardLast4 })
        {
            var all = await fixture.WaitAboutAsync(digits, m => m.Any(x => x.Text.Contains("yana tayyor", StringComparison.Ordinal)), $"*{digits} ready again");
            Assert.Single(all, m => m.Text.Contains("tayyor emas", StringComparison.Ordinal) && !IsReminder(m));
            Assert.Single(all, m => m.Text.Contains("yana tayyor", StringComparison.Ordinal));
        }

        // An account with no card of its own is no card that stopped: nothing names it (its cards speak for themselves).
        await Eventually.WaitAsync(cardless.GetInfoAsync, i => i?.Status == CardStatus.LoginRequired, TimeSpan.FromSeconds(20), "the cardless account login_required");
        var fence = "9" + Random.Shared.Next(100, 999);
        await fixture.Alerts.RaiseAsync($"fence:{Guid.NewGuid():N}", new AlertFacts(AlertKinds.Unmatched, "tg-fence", fence, 1_00, OneShot: true));
        await fixture.WaitAboutAsync(fence, m => m.Count >= 1, "the fence");
        Assert.DoesNotContain(fixture.Bot.Messages, m => m.Text.Contains(cardless.GetPrimaryKeyString(), StringComparison.Ordinal));
        Assert.DoesNotContain(await fixture.Alerts.ListAsync(), a => a.CardId == cardless.GetPrimaryKeyString());
    }

    [Fact]
    public async Task AFeedDownLongerThanTheLimitAlertsWithTheHeldTransactionsAndResolves()
    {
        var (card, account, last4) = await fixture.ReadyCardAsync();

        // A session reports its feed down from its start until its first catch-up is through, and ALERT_FEED_DOWN
        // counts from the first "down": the card is live first (as that catch-up makes it), so the clock starts at this
        // test's down, which is timed before the session or the test can have reported it.
        await card.OnFeedStateAsync(true);
        var downAt = DateTimeOffset.UtcNow;
        account.Current!.PushConnectionState("connectionStateConnecting");
        await card.OnFeedStateAsync(false);
        await fixture.CreateAsync(card.GetPrimaryKeyString(), 61_000_00);

        var opened = await fixture.WaitAboutAsync(last4, m => m.Count >= 1, "the feed-down alert");
        Assert.Contains("aloqasi", opened[0].Text);
        Assert.Contains("tranzaksiyalar: 1", opened[0].Text); // past deadline and grace, held open by the feed
        Assert.True(opened[0].At - downAt >= AlertCluster.FeedDown - TimeSpan.FromMilliseconds(100), $"alerted {opened[0].At - downAt} after the feed went down");

        account.Current!.PushConnectionState("connectionStateReady");
        await card.OnFeedStateAsync(true);
        var all = await fixture.WaitAboutAsync(last4, m => m.Any(x => x.Text.Contains("aloqasi tiklandi", StringComparison.Ordinal)), "the feed-back message");
        Assert.Single(all, m => m.Text.Contains("yo'q", StringComparison.Ordinal) && !IsReminder(m));
    }

    [Fact]
    public async Task AFeedDownShorterThanTheLimitIsNoAlert()
    {
        var (card, account, last4) = await fixture.ReadyCardAsync();
        account.Current!.PushConnectionState("connectionStateConnecting");
        await card.OnFeedStateAsync(false);
        account.Current!.PushConnectionState("connectionStateReady");
        await card.OnFeedStateAsync(true);

        // A later alert about the same card is the fence: everything before it has been sent.
        await fixture.Alerts.RaiseAsync("fence:" + last4, new AlertFacts(AlertKinds.Unmatched, card.GetPrimaryKeyString(), last4, 1_00, OneShot: true));
        var all = await fixture.WaitAboutAsync(last4, m => m.Count >= 1, "the fence");
        Assert.DoesNotContain(all, m => m.Text.Contains("aloqasi", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MoneyWithNoOrderIsOneAlertWithAmountAndCardEvenWhenTheMessageIsReadAgain()
    {
        var (_, account, last4) = await fixture.ReadyCardAsync();
        var credit = TelegramCluster.BotMessage(501, 1_234_00, last4);
        account.History[501] = credit;
        account.Current!.Push(TelegramCluster.NewMessage(credit));
        var first = await fixture.WaitAboutAsync(last4, m => m.Count >= 1, "the unmatched alert");
        Assert.Contains("buyurtmasiz pul: 1 234 so'm", first[0].Text);
        Assert.Contains(MatchOutcomes.NoOpenTransaction, first[0].Text);

        // Telegram delivers it again, then a second credit comes: still one alert for the first.
        account.Current!.Push(TelegramCluster.NewMessage(credit.DeepClone().AsObject()));
        var second = TelegramCluster.BotMessage(502, 2_000_00, last4);
        account.History[502] = second;
        account.Current!.Push(TelegramCluster.NewMessage(second));
        var all = await fixture.WaitAboutAsync(last4, m => m.Any(x => x.Text.Contains("2 000 so'm", StringComparison.Ordinal)), "the second unmatched alert");
        Assert.Single(all, m => m.Text.Contains("1 234 so'm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABalanceGapTheCatchUpExplainsIsNoAlertButOneItCannotIs()
    {
        var (_, account, last4) = await fixture.ReadyCardAsync();
        void Push(long id, long amount, long balance, bool missed = false)
        {
            var message = AlertCluster.Credit(id, amount, balance, last4);
            account.History[id] = message;
            if (!missed)
            {
                account.Current!.Push(TelegramCluster.NewMessage(message));
            }
        }

        Push(601, 10_00, 1_000_00);
        await fixture.WaitAboutAsync(last4, m => m.Any(x => x.Text.Contains("10 so'm", StringComparison.Ordinal)), "the first credit");

        // 602 never arrives as an update; 603's balance gives it away, and the catch-up finds it: explained.
        Push(602, 150_00, 1_150_00, missed: true);
        Push(603, 50_00, 1_200_00);
        await fixture.WaitAboutAsync(last4, m => m.Any(x => x.Text.Contains("150 so'm", StringComparison.Ordinal)), "the missed credit, read back (unmatched)");

        // 604 is 70 so'm short and nothing in the chat explains it (a message deleted, or never posted).
        Push(605, 30_00, 1_300_00);
        var all = await fixture.WaitAboutAsync(last4, m => m.Any(x => x.Text.Contains("balansi", StringComparison.Ordinal)), "the unexplained gap");
        var gap = Assert.Single(all, m => m.Text.Contains("balansi", StringComparison.Ordinal));
        Assert.Contains("70 so'm", gap.Text);
    }

    [Fact]
    public async Task SilenceWhileTransactionsExpireUnpaidAlertsAndANotificationResolvesIt()
    {
        var (card, account, last4) = await fixture.ReadyCardAsync();

        // The card usually gets notifications: its last one is older than ALERT_SILENCE.
        var old = TelegramCluster.BotMessage(701, 5_00, last4, at: DateTimeOffset.UtcNow - AlertCluster.Silence - TimeSpan.FromSeconds(5));
        account.History[701] = old;
        account.Current!.Push(TelegramCluster.NewMessage(old));
        await fixture.WaitAboutAsync(last4, m => m.Count >= 1, "the old credit's unmatched alert");

        await fixture.CreateAsync(card.GetPrimaryKeyString(), 71_000_00);
        var silent = await fixture.WaitAboutAsync(last4, m => m.Any(x => x.Text.Contains("xabar kelmadi", StringComparison.Ordinal)), "the silence alert");
        Assert.Contains("(1)", silent.Single(m => m.Text.Contains("xabar kelmadi", StringComparison.Ordinal)).Text);

        var fresh = TelegramCluster.BotMessage(702, 6_00, last4);
        account.History[702] = fresh;
        account.Current!.Push(TelegramCluster.NewMessage(fresh));
        await fixture.WaitAboutAsync(last4, m => m.Any(x => x.Text.Contains("yana xabarlar kelmoqda", StringComparison.Ordinal)), "silence resolved");
    }

    [Fact]
    public async Task OneConditionIsOneAlertThenARemindAfterTheRepeatAndOneResolved()
    {
        var last4 = "8" + Random.Shared.Next(100, 999);
        var key = $"webhook_failures-test:{Guid.NewGuid():N}";
        var facts = new AlertFacts(AlertKinds.CardStatus, "tg-x", last4, Detail: "error");
        var raisedAt = DateTimeOffset.UtcNow;
        await fixture.Alerts.RaiseAsync(key, facts);
        await fixture.Alerts.RaiseAsync(key, facts);
        await fixture.Alerts.RaiseAsync(key, facts with { Detail = "error: still" });
        var first = await fixture.WaitAboutAsync(last4, m => m.Count >= 1, "the alert");

        var reminded = await fixture.WaitAboutAsync(last4, m => m.Any(IsReminder), "the reminder", seconds: 30);
        var reminder = reminded.First(IsReminder);
        Assert.StartsWith("🔁 Hali ham:", reminder.Text);
        Assert.Contains("error: still", reminder.Text); // the reminder says what is true now
        // ALERT_REPEAT counts from the raise, not from when the first message got through (a slow first send
        // shortened the gap between the two messages below the repeat).
        Assert.True(reminder.At - raisedAt >= AlertCluster.Repeat, $"reminded {reminder.At - raisedAt} after the raise");
        Assert.Single(reminded, m => !IsReminder(m));

        await fixture.Alerts.ClearAsync(key);
        await fixture.Alerts.ClearAsync(key);
        var fence = $"fence-{Guid.NewGuid():N}";
        await fixture.Alerts.RaiseAsync(fence, facts with { Kind = AlertKinds.Unmatched, AmountTiyin = 9_00, OneShot = true });
        var all = await fixture.WaitAboutAsync(last4, m => m.Any(x => x.Text.Contains("9 so'm", StringComparison.Ordinal)), "the fence");
        Assert.Single(all, m => m.Text.Contains("yana tayyor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FloodControlsRetryAfterIsHonouredAndTheAlertStillGoesOut()
    {
        var last4 = "7" + Random.Shared.Next(100, 999);
        fixture.Bot.ScriptFloodControl(retryAfterSeconds: 2);
        await fixture.Alerts.RaiseAsync($"unmatched-flood:{Guid.NewGuid():N}", new AlertFacts(AlertKinds.Unmatched, "tg-y", last4, 77_00, OneShot: true));
        var sent = await fixture.WaitAboutAsync(last4, m => m.Count >= 1, "the alert after the flood wait");

        var refused = fixture.Bot.Requests.Where(r => !r.Ok).Select(r => r.At).DefaultIfEmpty().Max();
        Assert.NotEqual(default, refused);
        Assert.True(sent[0].At - refused >= TimeSpan.FromSeconds(1.9), $"sent {sent[0].At - refused} after the 429 that asked for 2 s");
        var between = fixture.Bot.Requests.Count(r => r.At > refused && r.At < refused + TimeSpan.FromSeconds(1.9));
        Assert.Equal(0, between);
    }

    [Fact]
    public async Task ABotApiThatFailsIsTriedAgainListedAsOwedMeanwhileAndTheAlertGoesOutOnce()
    {
        var last4 = "3" + Random.Shared.Next(100, 999);
        var key = $"unmatched-retry:{Guid.NewGuid():N}";
        fixture.Bot.FailMessagesContaining("*" + last4, times: 2);
        await fixture.Alerts.RaiseAsync(key, new AlertFacts(AlertKinds.Unmatched, "tg-r", last4, 33_00, OneShot: true));

        // Durable before sent: listed with its owed message and the Bot API's words while the sends fail.
        var owed = await Eventually.WaitAsync(fixture.Alerts.ListAsync,
            l => l.Any(a => a.Key == key && a.PendingMessages == 1 && a.LastError is not null), TimeSpan.FromSeconds(20), "the owed message listed");
        Assert.Contains("500", owed.Single(a => a.Key == key).LastError);

        var sent = await fixture.WaitAboutAsync(last4, m => m.Count >= 1, "the alert after the failures");
        Assert.Single(sent);
        var settled = await Eventually.WaitAsync(fixture.Alerts.ListAsync, l => l.Any(a => a.Key == key && a.PendingMessages == 0), TimeSpan.FromSeconds(20), "settled");
        Assert.Null(settled.Single(a => a.Key == key).LastError);
        Assert.NotNull(settled.Single(a => a.Key == key).LastSentAt);
        Assert.Single(fixture.About(last4)); // settled: nothing of it is owed any more
    }

    [Fact]
    public async Task NoAlertCarriesAPhoneNumberCodeOrPasswordThroughAWholeLogin()
    {
        const string phone = "+998901234567";
        var id = $"tg-alert-login-{Guid.NewGuid():N}";
        var last4 = "4" + Random.Shared.Next(100, 999);
        var account = fixture.Accounts[id] = new FakeTdAccount { LoggedIn = true, HasPassword = true };
        var card = fixture.Cluster.Client.GetGrain<ICardGrain>(id);
        await card.RegisterAsync(new CardSpec(id, CardKind.Telegram, last4, null, null, TelegramCluster.BankBot));
        await Eventually.WaitAsync(card.GetInfoAsync, i => i?.Status == CardStatus.Ready, TimeSpan.FromSeconds(20), "card ready");

        // The session ends; the owner logs in again: phone, a wrong code, the code, a wrong password, the password.
        account.Current!.Push(AlertCluster.AuthorizationState("authorizationStateWaitPhoneNumber"));
        await fixture.WaitAboutAsync(last4, m => m.Count >= 1, "the not-ready alert");
        await card.StartLoginAsync(phone);
        await card.SubmitLoginCodeAsync("13579");
        await card.SubmitLoginCodeAsync(FakeTdAccount.Code);
        await card.SubmitLoginPasswordAsync("wrong horse battery");
        var done = await card.SubmitLoginPasswordAsync(FakeTdAccount.Password);
        Assert.Equal(CardStatus.Ready, done.Status);
        var all = await fixture.WaitAboutAsync(last4, m => m.Any(x => x.Text.Contains("yana tayyor", StringComparison.Ordinal)), "back ready");

        var listed = (await fixture.Alerts.ListAsync()).Where(a => a.CardId == id).ToList();
        var everything = string.Join("\n", all.Select(m => m.Text).Concat(listed.Select(a => a.Text + a.Detail + a.LastError)));
        foreach (var secret in new[] { phone, "998901234567", "13579", FakeTdAccount.Code, "horse battery", TelegramCluster.SessionKey })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task WhateverADetailHoldsNoPhoneCodeTokenSecretEmailOrUrlReachesTheChat()
    {
        var last4 = "6" + Random.Shared.Next(100, 999);
        var secrets = new[]
        {
            "+998901234567", "998 90 123 45 67", FakeTdAccount.Code, FakeBotApi.Token,
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "shop@example.uz", "https://shop.example.uz/hook?key=abcdef",
        };
        var detail = "error: " + string.Join(" ", secrets);
        await fixture.Alerts.RaiseAsync($"secret-test:{Guid.NewGuid():N}", new AlertFacts(AlertKinds.CardStatus, "tg-z", last4, Detail: detail, OneShot: true));
        var sent = await fixture.WaitAboutAsync(last4, m => m.Count >= 1, "the alert");
        foreach (var secret in secrets.Append("24680").Append("1234567").Append("AAFakeBot").Append("key=abcdef"))
        {
            Assert.DoesNotContain(secret, sent[0].Text, StringComparison.OrdinalIgnoreCase);
        }

        var listed = await fixture.Alerts.ListAsync();
        Assert.All(listed, a => Assert.DoesNotContain(FakeBotApi.Token, (a.Detail ?? "") + a.Text + a.LastError, StringComparison.Ordinal));
    }

    private async Task<string> NewCardWaitingForLoginAsync()
    {
        var id = $"tg-alert-new-{Guid.NewGuid():N}";
        var last4 = "5" + Random.Shared.Next(100, 999);
        fixture.Accounts[id] = new FakeTdAccount();
        var card = fixture.Cluster.Client.GetGrain<ICardGrain>(id);
        await card.RegisterAsync(new CardSpec(id, CardKind.Telegram, last4, null, null, TelegramCluster.BankBot));
        await Eventually.WaitAsync(card.GetInfoAsync, i => i?.Status == CardStatus.LoginRequired, TimeSpan.FromSeconds(20), "new card login_required");
        return last4;
    }
}
