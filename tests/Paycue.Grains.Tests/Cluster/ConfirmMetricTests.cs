using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Paycue.Grains.Configuration;
using Paycue.Testing;

namespace Paycue.Grains.Tests.Cluster;

/// <summary>
/// The confirm and cancel counters (issue 18 leftover): a resolve of a cancelled transaction is a confirm, counted once
/// with <c>by="manual"</c> and <c>after_cancel="true"</c> however often the resolve is repeated or retried, and an
/// automatic confirm is <c>by="payment"</c>. The silos run in this process, so a listener sees their measurements;
/// each test's fresh card keeps other tests' measurements apart.
/// </summary>
[Collection(MoneySafetyCollection.Name)]
public sealed class ConfirmMetricTests(MoneySafetyCluster fixture) : IDisposable
{
    private static long messageIds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 10 + 7_000_000;

    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, string?> Tags)> measured = new();

    public void Dispose()
    {
        listener.Dispose();
        fixture.Faults.Clear();
    }

    private void Listen()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PaycueMetrics.MeterName && instrument.Name is "paycue.transactions.confirmed" or "paycue.transactions.cancelled")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString();
            }

            measured.Enqueue((instrument.Name, value, copy));
        });
        listener.Start();
    }

    private List<Dictionary<string, string?>> Counted(string instrument, CardSpec card) =>
        measured.Where(m => m.Instrument == instrument && m.Tags.GetValueOrDefault("card") == card.CardId)
            .SelectMany(m => Enumerable.Repeat(m.Tags, (int)m.Value)).ToList();

    private async Task<(string PaymentId, MatchResult Result)> PayAsync(CardSpec card, long amountTiyin, DateTimeOffset? at = null)
    {
        var messageId = Interlocked.Increment(ref messageIds);
        var result = await fixture.Client.GetGrain<ICardGrain>(card.CardId).OnBankMessageAsync(PaycueCluster.Credit(card, amountTiyin, messageId, at));
        return ($"{card.CardId}:{PaycueOptions.SandboxSenderId}:{messageId}", result);
    }

    [Fact]
    public async Task AResolveOfACancelledTransactionCountsOneManualConfirmAfterCancelHoweverOftenItIsRepeated()
    {
        Listen();
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 83_000_000);
        var grain = fixture.Client.GetGrain<ITransactionGrain>(tx.TransactionId);
        Assert.Equal(CancelOutcome.Cancelled, await grain.CancelAsync("merchant"));
        var (paymentId, paid) = await PayAsync(card, tx.AmountTiyin, tx.CreatedAt.AddSeconds(1));
        Assert.Equal(MatchOutcomes.PaidAfterCancel, paid.Outcome);

        var resolver = fixture.Client.GetGrain<IPaymentResolverGrain>(paymentId);
        Assert.Equal(ResolveStatus.Done, (await resolver.ResolveAsync(tx.TransactionId, "shop", "late")).Status);
        Assert.Equal(ResolveStatus.Done, (await resolver.ResolveAsync(tx.TransactionId, "shop", "late")).Status);
        Assert.Equal(CancelOutcome.AlreadyClosed, await grain.CancelAsync("merchant"));
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(ResolveStatus.Done, (await resolver.ResolveAsync(tx.TransactionId, "shop", "late")).Status);

        var confirm = Assert.Single(Counted("paycue.transactions.confirmed", card));
        Assert.Equal(("manual", "true"), (confirm["by"], confirm["after_cancel"]));
        Assert.Equal("merchant", Assert.Single(Counted("paycue.transactions.cancelled", card))["reason"]);
    }

    [Fact]
    public async Task AMatchingCreditCountsOnePaymentConfirmAndAFailedSaveCountsNothingUntilItsRetryLands()
    {
        Listen();
        var card = await fixture.NewCardAsync();
        var tx = await fixture.CreateAsync(card.CardId, 84_000_000);
        var open = await fixture.CreateAsync(card.CardId, 85_000_000);
        var (_, paid) = await PayAsync(card, tx.AmountTiyin);
        Assert.Equal(MatchOutcomes.Confirmed, paid.Outcome);
        var confirm = Assert.Single(Counted("paycue.transactions.confirmed", card));
        Assert.Equal(("payment", "false"), (confirm["by"], confirm["after_cancel"]));

        // A resolve of an open transaction whose first save fails: nothing is counted for it until the retry saves.
        var (paymentId, _) = await PayAsync(card, open.AmountTiyin - 300);
        // That transaction's save only: the first transaction's webhook delivery saves in the background and would
        // otherwise take the fault (the resolve then saved and the test saw no exception, now and then).
        fixture.Faults.FailNext($"transactions.save:{open.TransactionId}");
        var resolver = fixture.Client.GetGrain<IPaymentResolverGrain>(paymentId);
        await Assert.ThrowsAnyAsync<Exception>(() => resolver.ResolveAsync(open.TransactionId, "shop", null));
        Assert.Single(Counted("paycue.transactions.confirmed", card));
        Assert.Equal(ResolveStatus.Done, (await resolver.ResolveAsync(open.TransactionId, "shop", null)).Status);
        var confirms = Counted("paycue.transactions.confirmed", card);
        Assert.Equal(2, confirms.Count);
        Assert.Equal(("manual", "false"), (confirms[1]["by"], confirms[1]["after_cancel"]));
        Assert.Empty(Counted("paycue.transactions.cancelled", card));
    }
}
