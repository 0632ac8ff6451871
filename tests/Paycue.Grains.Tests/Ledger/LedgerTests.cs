using Paycue.Grains.Configuration;
using Paycue.Grains.Tests.Cluster;

namespace Paycue.Grains.Tests.Ledger;

/// <summary>The lifecycle cluster plus WEBHOOK_UNMATCHED, so unmatched credits are announced.</summary>
public sealed class LedgerCluster : PaycueCluster
{
    protected override PaycueOptions Configure(string webhookUrl) => new()
    {
        TransactionTimeout = TimeSpan.FromSeconds(2),
        ExpiryGrace = TimeSpan.Zero,
        AmountCooldown = TimeSpan.FromMinutes(5),
        WebhookUrl = new Uri(webhookUrl),
        WebhookBackoff = TimeSpan.FromMilliseconds(200),
        WebhookUnmatched = true,
    };
}

public sealed class LedgerTests(LedgerCluster fixture) : IClassFixture<LedgerCluster>
{
    private static long messageIds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static long NextMessageId() => Interlocked.Increment(ref messageIds);

    private async Task<PaymentRecord> PaymentAsync(string outcome, CardSpec card)
    {
        var payments = await fixture.Client.GetGrain<ILedgerGrain>(0).PaymentsAsync(PaymentFilter.All, null, null, 500);
        return Assert.Single(payments, p => p.CardId == card.CardId && p.Outcome == outcome);
    }

    [Fact]
    public async Task EveryOutcomeIsRecordedFromARealScenario()
    {
        var card = await fixture.NewCardAsync(last4: "5555");
        var grain = fixture.Client.GetGrain<ICardGrain>(card.CardId);
        var paid = await fixture.CreateAsync(card.CardId, 1_000_000);
        var early = await fixture.CreateAsync(card.CardId, 2_000_000);
        var late = await fixture.CreateAsync(card.CardId, 3_000_000);

        var confirm = PaycueCluster.Credit(card, paid.AmountTiyin, NextMessageId());
        Assert.Equal(MatchOutcomes.Confirmed, (await grain.OnBankMessageAsync(confirm)).Outcome);
        Assert.Equal(MatchOutcomes.Duplicate, (await grain.OnBankMessageAsync(confirm)).Outcome); // one message, one row: no row of its own
        await grain.OnBankMessageAsync(PaycueCluster.Credit(card, paid.AmountTiyin, NextMessageId()));
        await grain.OnBankMessageAsync(PaycueCluster.Credit(card, 9_999_900, NextMessageId()));
        await grain.OnBankMessageAsync(PaycueCluster.Credit(card, early.AmountTiyin, NextMessageId(), at: early.CreatedAt.AddMinutes(-5)));
        await grain.OnBankMessageAsync(PaycueCluster.Credit(card with { Last4 = "0000" }, early.AmountTiyin, NextMessageId()));
        await grain.OnBankMessageAsync(PaycueCluster.Credit(card, early.AmountTiyin, NextMessageId(), sender: 4242));
        await Testing.Eventually.WaitAsync(() => fixture.Client.GetGrain<ITransactionGrain>(late.TransactionId).GetAsync(), v => v!.State == TransactionState.Cancelled, TimeSpan.FromSeconds(10), "expiry");
        await grain.OnBankMessageAsync(PaycueCluster.Credit(card, late.AmountTiyin, NextMessageId(), at: late.ExpiresAt.AddSeconds(1)));

        Assert.Equal(paid.TransactionId, (await PaymentAsync(MatchOutcomes.Confirmed, card)).TransactionId);
        foreach (var outcome in new[] { MatchOutcomes.InCooldown, MatchOutcomes.NoOpenTransaction, MatchOutcomes.BeforeCreation, MatchOutcomes.WrongCard, MatchOutcomes.UntrustedSender, MatchOutcomes.Expired })
        {
            var record = await PaymentAsync(outcome, card) ?? throw new InvalidOperationException(outcome);
            Assert.Null(record.TransactionId);
        }

        var unmatched = await fixture.Client.GetGrain<ILedgerGrain>(0).PaymentsAsync(PaymentFilter.Unmatched, null, null, 500);
        Assert.DoesNotContain(unmatched, p => p.Outcome == MatchOutcomes.Confirmed);
        Assert.Equal(6, unmatched.Count(p => p.CardId == card.CardId));
        Assert.DoesNotContain(await fixture.Client.GetGrain<ILedgerGrain>(0).PaymentsAsync(PaymentFilter.All, null, null, 500), p => p.Outcome == MatchOutcomes.Duplicate);
    }

    [Fact]
    public async Task CreditAfterExpiryIsRecordedAsExpired()
    {
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 4_000_000);
        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(card, tx.AmountTiyin, NextMessageId(), at: tx.ExpiresAt.AddSeconds(1)));
        Assert.Equal(MatchOutcomes.Expired, result.Outcome);
        Assert.Equal(MatchOutcomes.Expired, (await PaymentAsync(MatchOutcomes.Expired, card)).Outcome);
    }

    [Fact]
    public async Task UnmatchedCreditSendsAnUnmatchedWebhook()
    {
        var card = await fixture.NewCardAsync();
        await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(card, 5_000_100, NextMessageId()));
        var payment = await PaymentAsync(MatchOutcomes.NoOpenTransaction, card);

        var hooks = await fixture.Receiver.WaitForAsync(payment.PaymentId, h => h.Count >= 1, TimeSpan.FromSeconds(5));
        Assert.Equal("unmatched", hooks[0].Action);
        Assert.Equal(50001, hooks[0].Json.GetProperty("amount").GetInt64());
        Assert.Equal(card.CardId, hooks[0].Json.GetProperty("card_id").GetString());
        Assert.False(string.IsNullOrEmpty(hooks[0].Headers["webhook-signature"]));
    }

    [Fact]
    public async Task ClosedTransactionCanBePurgedActiveOneCannot()
    {
        var card = await fixture.NewCardAsync();
        var active = await fixture.CreateAsync(card.CardId, 6_000_000);
        var closed = await fixture.CreateAsync(card.CardId, 6_000_000);
        var closedGrain = fixture.Client.GetGrain<ITransactionGrain>(closed.TransactionId);
        await closedGrain.CancelAsync("test");
        await Testing.Eventually.WaitAsync(() => closedGrain.GetAsync(), v => v!.LastWebhook!.Status == WebhookStatus.Delivered, TimeSpan.FromSeconds(5), "delivery");

        Assert.False(await fixture.Client.GetGrain<ITransactionGrain>(active.TransactionId).PurgeAsync());
        Assert.True(await closedGrain.PurgeAsync());
        Assert.Null(await closedGrain.GetAsync());
    }
}
