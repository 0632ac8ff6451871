using Paycue.Grains.Ledger;
using StackExchange.Redis;

namespace Paycue.Grains.Tests.Ledger;

/// <summary>The same behaviour from the in-memory store and the Redis store (against a real redis-server).</summary>
public sealed class LedgerStoreTests(RedisConnection redis) : IClassFixture<RedisConnection>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private ConnectionMultiplexer Connection => redis.Connection;

    private IEnumerable<ILedgerStore> Stores() => [new MemoryLedgerStore(), new RedisLedgerStore(Connection, $"ledger-{Guid.NewGuid():N}")];

    private static PaymentRecord Payment(string id, DateTimeOffset at, string outcome) =>
        new(id, "card-1", 1, 100, "UZS", at, null, null, outcome, outcome == MatchOutcomes.Confirmed ? Guid.NewGuid() : null);

    [Fact]
    public async Task PaymentsPageNewestFirstAndFilterByStatusAndTime()
    {
        foreach (var store in Stores())
        {
            for (var i = 0; i < 10; i++)
            {
                await store.RecordPaymentAsync(Payment($"p{i}", Now.AddMinutes(i), i % 2 == 0 ? MatchOutcomes.Confirmed : MatchOutcomes.NoOpenTransaction));
            }

            var unmatched = await store.PaymentsAsync(PaymentFilter.Unmatched, null, null, 3);
            Assert.Equal(["p9", "p7", "p5"], unmatched.Select(p => p.PaymentId));
            var next = await store.PaymentsAsync(PaymentFilter.Unmatched, null, unmatched[^1].ReceivedAt, 3);
            Assert.Equal(["p3", "p1"], next.Select(p => p.PaymentId));
            var since = await store.PaymentsAsync(PaymentFilter.All, Now.AddMinutes(8), null, 50);
            Assert.Equal(["p9", "p8"], since.Select(p => p.PaymentId));
        }
    }

    [Fact]
    public async Task APaymentKeepsItsBankMessageTextAndARowWrittenWithoutOneStillReads()
    {
        var text = "🎉 To'ldirish\n➕ 1.000,00 UZS\n💳 HUMOCARD *0001\n💰 99.000,00 UZS";
        foreach (var store in Stores())
        {
            await store.RecordPaymentAsync(Payment("p-text", Now, MatchOutcomes.NoOpenTransaction) with { MessageText = text });
            Assert.Equal(text, (await store.PaymentAsync("p-text"))!.MessageText);
            Assert.Equal(text, Assert.Single(await store.PaymentsAsync(PaymentFilter.All, null, null, 10)).MessageText);
        }

        // A row stored before the text was kept (its JSON has no messageText) reads with none.
        var serviceId = $"ledger-{Guid.NewGuid():N}";
        var db = Connection.GetDatabase();
        await db.HashSetAsync($"{serviceId}/paycue/payments", "p-old",
            """{"paymentId":"p-old","cardId":"card-1","messageId":7,"amountTiyin":100,"currency":"UZS","receivedAt":"2026-11-29T12:00:00+00:00","bankTime":null,"source":null,"outcome":"no_open_transaction","transactionId":null,"resolution":null,"orderId":null}""");
        await db.SortedSetAddAsync($"{serviceId}/paycue/payments/all", "p-old", Now.ToUnixTimeMilliseconds());
        var old = Assert.Single(await new RedisLedgerStore(Connection, serviceId).PaymentsAsync(PaymentFilter.All, null, null, 10));
        Assert.Equal(("p-old", 7L, (string?)null), (old.PaymentId, old.MessageId, old.MessageText));
    }

    [Fact]
    public void ARowKeepsAtMostAThousandCharactersAndNeverPrintsItsText()
    {
        Assert.Equal(PaymentRecord.MaxMessageTextLength, PaymentRecord.KeptText(new string('x', 5_000))!.Length);
        Assert.Equal("short", PaymentRecord.KeptText("short"));
        Assert.Null(PaymentRecord.KeptText(null));
        var emoji = new string('x', PaymentRecord.MaxMessageTextLength - 1) + "🎉";
        Assert.Equal(PaymentRecord.MaxMessageTextLength - 1, PaymentRecord.KeptText(emoji)!.Length);

        var printed = (Payment("p", Now, MatchOutcomes.Confirmed) with { MessageText = "💳 HUMOCARD *4321 balance 99.000,00" }).ToString();
        Assert.DoesNotContain("4321", printed, StringComparison.Ordinal);
        Assert.Contains("PaymentId = p,", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RowsOfOneMillisecondComeInDescendingIdOrderFromBothStores()
    {
        // The console's keyset cursor (millisecond, id) relies on this order: Redis's for equal scores, and the memory store's
        // too, whatever the ticks within the millisecond (here the lower ids are the later ones).
        var at = Now.AddTicks(1234);
        foreach (var store in Stores())
        {
            foreach (var i in new[] { 2, 0, 4, 1, 3 })
            {
                await store.RecordPaymentAsync(Payment($"p{i}", at.AddTicks(-i * 100), MatchOutcomes.NoOpenTransaction));
                await store.RecordDeliveryAsync(new DeliveryRecord("tx", $"evt_{i}", "cancel", WebhookStatus.Delivered, 1, 200, null, at.AddTicks(-i * 100)));
            }

            Assert.Equal(["p4", "p3", "p2", "p1", "p0"], (await store.PaymentsAsync(PaymentFilter.All, null, null, 10)).Select(p => p.PaymentId));
            Assert.Equal(["evt_4", "evt_3", "evt_2", "evt_1", "evt_0"], (await store.DeliveriesAsync(WebhookStatus.Delivered, null, 10)).Select(d => d.EventId));
        }
    }

    [Fact]
    public async Task DeliveryMovesBetweenStatusIndexes()
    {
        foreach (var store in Stores())
        {
            await store.RecordDeliveryAsync(new DeliveryRecord("tx", "evt_1", "confirm", WebhookStatus.Pending, 1, 500, "HTTP 500.", Now));
            Assert.Single(await store.DeliveriesAsync(WebhookStatus.Pending, null, 10));
            await store.RecordDeliveryAsync(new DeliveryRecord("tx", "evt_1", "confirm", WebhookStatus.Failed, 4, 500, "HTTP 500.", Now.AddMinutes(1)));
            Assert.Empty(await store.DeliveriesAsync(WebhookStatus.Pending, null, 10));
            Assert.Equal(4, Assert.Single(await store.DeliveriesAsync(WebhookStatus.Failed, null, 10)).Attempts);
        }
    }

    [Fact]
    public async Task SweepRemovesOldRecordsAndKeepsNewOnes()
    {
        foreach (var store in Stores())
        {
            var oldTx = Guid.NewGuid();
            var newTx = Guid.NewGuid();
            await store.RecordPaymentAsync(Payment("old", Now.AddDays(-91), MatchOutcomes.NoOpenTransaction));
            await store.RecordPaymentAsync(Payment("new", Now.AddDays(-1), MatchOutcomes.NoOpenTransaction));
            await store.RecordDeliveryAsync(new DeliveryRecord("tx", "evt_old", "cancel", WebhookStatus.Failed, 4, null, "x", Now.AddDays(-91)));
            await store.RecordDeliveryAsync(new DeliveryRecord("tx", "evt_new", "cancel", WebhookStatus.Failed, 4, null, "x", Now.AddDays(-1)));
            await store.RecordClosedAsync(oldTx, Now.AddDays(-91));
            await store.RecordClosedAsync(newTx, Now.AddDays(-1));

            var purge = await store.SweepAsync(Now.AddDays(-90), 0, 100);

            Assert.Equal([oldTx], purge);
            Assert.Equal(["new"], (await store.PaymentsAsync(PaymentFilter.All, null, null, 10)).Select(p => p.PaymentId));
            Assert.Equal(["evt_new"], (await store.DeliveriesAsync(WebhookStatus.Failed, null, 10)).Select(d => d.EventId));

            // Still indexed until its purge is reported done; skipped ones are paged past.
            Assert.Equal([oldTx], await store.SweepAsync(Now.AddDays(-90), 0, 100));
            Assert.Empty(await store.SweepAsync(Now.AddDays(-90), 1, 100));
            await store.ForgetClosedAsync([oldTx]);
            Assert.Empty(await store.SweepAsync(Now.AddDays(-90), 0, 100));
        }
    }

    [Fact]
    public async Task KeptRecordsAreListedOldestFirstUntilForgotten()
    {
        foreach (var store in Stores())
        {
            await store.RecordKeptAsync(KeptKinds.Idempotency, "b", Now.AddDays(-91));
            await store.RecordKeptAsync(KeptKinds.Idempotency, "a", Now.AddDays(-92));
            await store.RecordKeptAsync(KeptKinds.Idempotency, "new", Now.AddDays(-1));
            await store.RecordKeptAsync(KeptKinds.PaymentNotice, "p", Now.AddDays(-91));

            Assert.Equal(["a", "b"], await store.KeptBeforeAsync(KeptKinds.Idempotency, Now.AddDays(-90), 0, 10));
            Assert.Equal(["b"], await store.KeptBeforeAsync(KeptKinds.Idempotency, Now.AddDays(-90), 1, 10));
            await store.ForgetKeptAsync(KeptKinds.Idempotency, ["a"]);
            Assert.Equal(["b"], await store.KeptBeforeAsync(KeptKinds.Idempotency, Now.AddDays(-90), 0, 10));
            Assert.Equal(["p"], await store.KeptBeforeAsync(KeptKinds.PaymentNotice, Now.AddDays(-90), 0, 10));
        }
    }

    [Fact]
    public async Task MarkersWrittenBeforeTheTimeSetsExistedAreSweptARetentionPeriodAfterTheUpgrade()
    {
        var service = $"cards-{Guid.NewGuid():N}";
        // What a deployment from before the time sets holds: markers in the hash, no time entry beside them.
        await Connection.GetDatabase().HashSetAsync($"{service}/paycue/messages/card-1", [new("7", MatchOutcomes.Confirmed), new("8", MatchOutcomes.NoOpenTransaction)]);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        var store = new Paycue.Grains.Pool.RedisCardStore(Connection, service, time);
        await store.SetProcessedAsync("card-1", 9, MatchOutcomes.Confirmed);

        // The upgrade's first sweep dates them "now" and keeps them: a marker is what stops a message being
        // taken twice, so none goes before its full retention.
        Assert.Equal(0, await store.SweepProcessedAsync(Now.AddDays(-90)));
        Assert.Equal(MatchOutcomes.Confirmed, await store.GetProcessedAsync("card-1", 7));

        // A retention period later they go, with the one written since.
        Assert.Equal(3, await store.SweepProcessedAsync(Now.AddDays(1)));
        Assert.Null(await store.GetProcessedAsync("card-1", 7));
        Assert.Null(await store.GetProcessedAsync("card-1", 8));
        Assert.Equal(0, await Connection.GetDatabase().HashLengthAsync($"{service}/paycue/messages/card-1"));
    }

    [Fact]
    public async Task ProcessedMessageMarkersOlderThanTheCutoffAreSwept()
    {
        foreach (var make in new Func<TimeProvider, Paycue.Grains.Pool.ICardStore>[] { t => new Paycue.Grains.Pool.MemoryCardStore(t), t => new Paycue.Grains.Pool.RedisCardStore(Connection, $"cards-{Guid.NewGuid():N}", t) })
        {
            var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now.AddDays(-91));
            var store = make(time);
            await store.SetProcessedAsync("card-1", 1, MatchOutcomes.Confirmed);
            await store.SetProcessedAsync("card-2", 2, MatchOutcomes.NoOpenTransaction);
            time.SetUtcNow(Now.AddDays(-1));
            await store.SetProcessedAsync("card-1", 3, MatchOutcomes.Confirmed);

            Assert.Equal(2, await store.SweepProcessedAsync(Now.AddDays(-90)));

            Assert.Null(await store.GetProcessedAsync("card-1", 1));
            Assert.Null(await store.GetProcessedAsync("card-2", 2));
            Assert.Equal(MatchOutcomes.Confirmed, await store.GetProcessedAsync("card-1", 3));
        }
    }
}
