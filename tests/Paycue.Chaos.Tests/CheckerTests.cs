namespace Paycue.Chaos.Tests;

/// <summary>
/// The drill's checker on made-up histories: a clean one passes, and each kind of broken promise is reported under
/// its invariant. A checker that cannot fail proves nothing about the runs it passes.
/// </summary>
public sealed class CheckerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private readonly string directory = Directory.CreateTempSubdirectory("paycue-chaos-tests-").FullName;
    private readonly Journal journal;
    private readonly Dictionary<Guid, FinalTransaction> finals = [];
    private readonly List<LedgerRow> ledger = [];
    private readonly List<Delivery> deliveries = [];
    private readonly List<(bool Ok, string? Error)> signatures = [];
    private readonly List<(CreateRecord Create, Guid? Replayed, int Status)> replays = [];
    private long nextMessage = 1000;

    public CheckerTests() => journal = new Journal(directory);

    public void Dispose()
    {
        journal.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void CleanHistoryHasNoViolations()
    {
        var paid = Created(0, "sandbox-1", 2_000_100, T0);
        Pay(paid, T0.AddSeconds(5), confirms: true);
        Closed(paid, "confirmed", T0.AddSeconds(5.1));
        var unpaid = Created(1, "sandbox-1", 2_000_200, T0);
        Closed(unpaid, "cancelled", T0.AddSeconds(23));

        Assert.Empty(Check());
    }

    [Fact]
    public void ExactPaymentBeforeTheDeadlineThatEndsCancelledBreaksInvariant2()
    {
        var tx = Created(0, "sandbox-1", 2_000_100, T0);
        Pay(tx, T0.AddSeconds(19), confirms: false, outcome: "no_open_transaction");
        Closed(tx, "cancelled", T0.AddSeconds(20));

        Assert.Contains(Check(), v => v.Invariant == 2 && v.Transactions.Contains(tx.TransactionId!.Value));
    }

    [Fact]
    public void ConfirmByAPaymentMadeAfterTheDeadlineBreaksInvariant2()
    {
        var tx = Created(0, "sandbox-1", 2_000_100, T0);
        Pay(tx, T0.AddSeconds(21), confirms: true);
        Closed(tx, "confirmed", T0.AddSeconds(21.1));

        Assert.Contains(Check(), v => v.Invariant == 2 && v.Message.Contains("after its deadline", StringComparison.Ordinal));
    }

    [Fact]
    public void TwoOpenTransactionsOnOneAmountBreakInvariant3()
    {
        var first = Created(0, "sandbox-2", 1_000_500, T0);
        Closed(first, "cancelled", T0.AddSeconds(23));
        var second = Created(1, "sandbox-2", 1_000_500, T0.AddSeconds(10));
        Closed(second, "cancelled", T0.AddSeconds(33));

        Assert.Contains(Check(), v => v.Invariant == 3 && v.Transactions.Contains(first.TransactionId!.Value) && v.Transactions.Contains(second.TransactionId!.Value));
    }

    [Fact]
    public void TwoEventIdsOrABadSignatureBreakInvariant4()
    {
        var tx = Created(0, "sandbox-1", 2_000_100, T0);
        Closed(tx, "cancelled", T0.AddSeconds(23));
        Deliver(tx, "cancel", "evt_second", T0.AddSeconds(24), signatureOk: false);

        var violations = Check();
        Assert.Contains(violations, v => v.Invariant == 4 && v.Message.Contains("2 event ids", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Invariant == 4 && v.Message.Contains("standardwebhooks refused", StringComparison.Ordinal));
    }

    [Fact]
    public void ConfirmWithoutItsLedgerRowBreaksInvariant5()
    {
        var tx = Created(0, "sandbox-1", 2_000_100, T0);
        Pay(tx, T0.AddSeconds(5), confirms: true);
        ledger.Clear();
        Closed(tx, "confirmed", T0.AddSeconds(5.1));

        var violations = Check();
        Assert.Contains(violations, v => v.Invariant == 5 && v.Message.Contains("not in the ledger", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Invariant == 5 && v.Message.Contains("0 ledger rows", StringComparison.Ordinal));
    }

    [Fact]
    public void LedgerRowNoPaymentExplainsBreaksInvariant5()
    {
        var tx = Created(0, "sandbox-1", 2_000_100, T0);
        Closed(tx, "cancelled", T0.AddSeconds(23));
        ledger.Add(new LedgerRow("sandbox-1:1:77", "sandbox-1", 77, 2_000_100, T0.AddSeconds(3), "no_open_transaction", null));

        Assert.Contains(Check(), v => v.Invariant == 5 && v.Message.Contains("matches no payment", StringComparison.Ordinal));
    }

    [Fact]
    public void KeyReplayThatCreatesASecondTransactionBreaksInvariant6()
    {
        var tx = Created(0, "sandbox-1", 2_000_100, T0);
        Closed(tx, "cancelled", T0.AddSeconds(23));
        replays.Add((tx, Guid.NewGuid(), 201));

        Assert.Contains(Check(), v => v.Invariant == 6 && v.Key == tx.Key);
    }

    [Fact]
    public void OrphanOfAGivenUpKeyIsTiedToThatKeyNotToAnotherCreateOfItsAmount()
    {
        // Under load: an acknowledged create whose retries spanned a minute, and another create of the same price
        // whose every attempt went unanswered although one placed a transaction. The orphan is the second key's
        // (its replay names it), not an extra of the first one's, however well amount and time fit.
        var answered = Created(0, "sandbox-1", 2_000_100, T0);
        answered.Attempts.Insert(0, new Attempt(T0.AddSeconds(-30), T0.AddSeconds(-20), 0, "timeout", null));
        Closed(answered, "cancelled", T0.AddSeconds(23));
        var givenUp = GivenUp(1, 2_000_000, T0.AddSeconds(-25), T0.AddSeconds(5));
        var lost = Orphan(givenUp, "sandbox-2", 2_000_000, T0.AddSeconds(-10));
        replays.Add((givenUp, lost, 200));

        Assert.Empty(Check());
    }

    [Fact]
    public void SecondTransactionUnderAGivenUpKeyBreaksInvariant6()
    {
        var givenUp = GivenUp(0, 2_000_000, T0, T0.AddSeconds(30));
        var first = Orphan(givenUp, "sandbox-1", 2_000_100, T0.AddSeconds(1));
        var second = Orphan(givenUp, "sandbox-2", 2_000_000, T0.AddSeconds(12));
        replays.Add((givenUp, second, 200));

        var violations = Check();
        Assert.Contains(violations, v => v.Invariant == 6 && v.Transactions.SequenceEqual([first]));
        Assert.DoesNotContain(violations, v => v.Transactions.Contains(second));
    }

    [Fact]
    public void ExtraTransactionBesideAnAcknowledgedOneBreaksInvariant6()
    {
        // An earlier attempt of an acknowledged key placed another transaction: no key names it.
        var tx = Created(0, "sandbox-1", 2_000_100, T0);
        Closed(tx, "cancelled", T0.AddSeconds(23));
        replays.Add((tx, tx.TransactionId, 200));
        var extra = Orphan(tx, "sandbox-2", 2_000_000, T0.AddSeconds(-1));

        Assert.Contains(Check(), v => v.Invariant == 6 && v.Transactions.SequenceEqual([extra]));
    }

    [Fact]
    public void GivenUpKeyThatCannotBeAskedBreaksInvariant6()
    {
        var givenUp = GivenUp(0, 2_000_000, T0, T0.AddSeconds(30));
        Orphan(givenUp, "sandbox-1", 2_000_000, T0.AddSeconds(1));
        replays.Add((givenUp, null, 503));

        var violations = Check();
        Assert.Contains(violations, v => v.Invariant == 6 && v.Key == givenUp.Key && v.Message.Contains("could not be asked", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Invariant == 6 && v.Message.Contains("no key names it", StringComparison.Ordinal));
    }

    private List<Violation> Check() =>
        new Checker(journal, finals, ledger, deliveries, signatures, replays, T0, T0.AddMinutes(1)).Check().Violations;

    private CreateRecord Created(int index, string card, long amountTiyin, DateTimeOffset at)
    {
        var create = new CreateRecord(index, $"key-{index}", amountTiyin / 10_000 * 10_000, "exact")
        {
            TransactionId = Guid.NewGuid(),
            CardId = card,
            AmountTiyin = amountTiyin,
            CreatedAt = at,
            ExpiresAt = at.AddSeconds(20),
            AcknowledgedAt = at.AddMilliseconds(5),
            FinalStatus = 201,
        };
        create.Attempts.Add(new Attempt(at.AddMilliseconds(-5), at.AddMilliseconds(5), 201, null, null));
        create.AnsweredIds.Add(create.TransactionId.Value);
        journal.Creates.Add(create);
        return create;
    }

    /// <summary>A create whose every attempt, from <paramref name="from"/> to <paramref name="to"/>, went unanswered.</summary>
    private CreateRecord GivenUp(int index, long requestedTiyin, DateTimeOffset from, DateTimeOffset to)
    {
        var create = new CreateRecord(index, $"key-{index}", requestedTiyin, "exact") { FinalStatus = 0 };
        for (var at = from; at < to; at = at.AddSeconds(10))
        {
            create.Attempts.Add(new Attempt(at, at.AddSeconds(10) < to ? at.AddSeconds(10) : to, 0, "TaskCanceledException: timeout", null));
        }

        journal.Creates.Add(create);
        return create;
    }

    /// <summary>A transaction answered to no create, found by its webhook; cancelled at its deadline.</summary>
    private Guid Orphan(CreateRecord by, string card, long amountTiyin, DateTimeOffset createdAt)
    {
        var id = Guid.NewGuid();
        var tx = new CreateRecord(by.Index, by.Key, by.RequestedTiyin, by.Plan) { TransactionId = id, CardId = card, AmountTiyin = amountTiyin };
        finals[id] = new FinalTransaction(id, true, "cancelled", card, amountTiyin, by.RequestedTiyin, createdAt, createdAt.AddSeconds(20), null, createdAt.AddSeconds(23), "expired", "");
        Deliver(tx, "cancel", $"evt_{id:N}", createdAt.AddSeconds(23), signatureOk: true);
        return id;
    }

    private void Pay(CreateRecord tx, DateTimeOffset at, bool confirms, string? outcome = null)
    {
        var message = nextMessage++;
        outcome ??= confirms ? "confirmed" : "no_open_transaction";
        Guid? matched = confirms ? tx.TransactionId : null;
        journal.Payments.Enqueue(new PaymentRecord(tx.Index, tx.TransactionId, "exact", tx.CardId!, tx.AmountTiyin, null, at, at.AddMilliseconds(20), 200, Certainty.Made, outcome, matched, message, null));
        ledger.Add(new LedgerRow($"{tx.CardId}:1:{message}", tx.CardId!, message, tx.AmountTiyin, at.AddMilliseconds(10), outcome, matched));
    }

    private void Closed(CreateRecord tx, string state, DateTimeOffset at)
    {
        var id = tx.TransactionId!.Value;
        finals[id] = new FinalTransaction(id, true, state, tx.CardId!, tx.AmountTiyin, tx.RequestedTiyin, tx.CreatedAt, tx.ExpiresAt,
            state == "confirmed" ? at : null, state == "cancelled" ? at : null, state == "cancelled" ? "expired" : null, "");
        Deliver(tx, state == "confirmed" ? "confirm" : "cancel", $"evt_{id:N}", at.AddMilliseconds(5), signatureOk: true);
    }

    private void Deliver(CreateRecord tx, string action, string eventId, DateTimeOffset at, bool signatureOk)
    {
        var body = $"{{\"action\":\"{action}\",\"amount\":{tx.AmountTiyin / 100},\"transaction_id\":\"{tx.TransactionId:D}\",\"card_id\":\"{tx.CardId}\",\"requested_amount\":{tx.RequestedTiyin / 100}}}";
        deliveries.Add(new Delivery(at.ToUnixTimeMilliseconds(), 200, eventId, at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "v1,x", body));
        signatures.Add((signatureOk, signatureOk ? null : "No matching signature found"));
    }
}
