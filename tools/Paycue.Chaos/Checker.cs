using System.Text.Json.Nodes;

namespace Paycue.Chaos;

/// <summary>One broken promise: which invariant, what happened, the transactions (and keys) to look up.</summary>
public sealed record Violation(int Invariant, string Message, IReadOnlyList<Guid> Transactions, string? Key = null);

public sealed class CheckResult
{
    public List<Violation> Violations { get; } = [];
    public Dictionary<string, double> Figures { get; } = [];
    public Dictionary<string, string> Notes { get; } = [];
}

/// <summary>
/// The six invariants of issue 15, checked against what the API, the ledger and the receiver say after the system
/// settled, and what the journal says the drill asked and was answered.
/// </summary>
public sealed class Checker(
    Journal journal,
    Dictionary<Guid, FinalTransaction> finals,
    List<LedgerRow> ledger,
    List<Delivery> deliveries,
    List<(bool Ok, string? Error)> signatures,
    List<(CreateRecord Create, Guid? Replayed, int Status)> replays,
    DateTimeOffset loadStarted,
    DateTimeOffset loadEnded)
{
    private static readonly TimeSpan LateBound = ChaosSettings.ExpiryGrace + ChaosSettings.ReminderPeriod + ChaosSettings.FailoverAllowance;
    private readonly CheckResult result = new();
    private readonly List<CreateRecord> acknowledged = journal.Creates.Where(c => c.TransactionId is not null).OrderBy(c => c.Index).ToList();
    private readonly List<PaymentRecord> payments = [.. journal.Payments];

    public CheckResult Check()
    {
        var parsed = deliveries.Select((d, i) => (Delivery: d, Json: Parse(d.Body), Signature: i < signatures.Count ? signatures[i] : (false, "not verified"))).ToList();
        var byTransaction = parsed.Where(p => p.Json?["transaction_id"] is not null)
            .GroupBy(p => Guid.Parse((string)p.Json!["transaction_id"]!)).ToDictionary(g => g.Key, g => g.ToList());

        Lifecycle(byTransaction);
        Payments();
        Overlaps();
        Webhooks(byTransaction);
        Ledger();
        Idempotency();
        Figures();
        return result;
    }

    private void Violate(int invariant, string message, params Guid[] ids) => result.Violations.Add(new Violation(invariant, message, ids));

    /// <summary>1. Every acknowledged create exists and ends exactly once, in time.</summary>
    private void Lifecycle(Dictionary<Guid, List<(Delivery Delivery, JsonNode? Json, (bool Ok, string? Error) Signature)>> hooks)
    {
        var maxOverdue = TimeSpan.Zero;
        if (acknowledged.Count == 0)
        {
            // A drill in which nothing was created checked nothing; that is a failure, not a pass.
            Violate(1, $"no create was acknowledged ({journal.Creates.Count} tried; see the journal for their answers)");
        }

        foreach (var create in acknowledged)
        {
            var id = create.TransactionId!.Value;
            if (!finals.TryGetValue(id, out var tx) || !tx.Found)
            {
                Violate(1, $"created with {create.FinalStatus} for key {create.Key} but GET /api/transactions/{id:D} does not find it", id);
                continue;
            }

            if (tx.State == "active")
            {
                Violate(1, $"still active {(DateTimeOffset.UtcNow - tx.ExpiresAt).TotalSeconds:0} s after its deadline, after the system settled", id);
            }

            if (tx.ConfirmedAt is not null && tx.CancelledAt is not null)
            {
                Violate(1, $"both confirmed ({tx.ConfirmedAt:O}) and cancelled ({tx.CancelledAt:O})", id);
            }

            if (hooks.TryGetValue(id, out var got) && got.Select(h => (string?)h.Json!["action"]).Distinct().Count() > 1)
            {
                Violate(1, $"webhooks with both actions: {string.Join(", ", got.Select(h => (string?)h.Json!["action"]).Distinct())}", id);
            }

            if (tx.CancelledAt is { } cancelled && cancelled > tx.ExpiresAt)
            {
                var overdue = cancelled - tx.ExpiresAt;
                maxOverdue = overdue > maxOverdue ? overdue : maxOverdue;
                if (overdue > LateBound)
                {
                    Violate(1, $"active {overdue.TotalSeconds:0.0} s past its deadline (bound: grace + REMINDER_PERIOD + {ChaosSettings.FailoverAllowance.TotalSeconds:0} s failover = {LateBound.TotalSeconds:0} s)", id);
                }
            }
        }

        result.Figures["max_active_past_deadline"] = Math.Round(maxOverdue.TotalSeconds, 2);
    }

    /// <summary>2. Paid in time with the exact amount: confirmed. Confirmed: by exactly one payment of its own amount, made before its deadline.</summary>
    private void Payments()
    {
        var byCardAmount = payments.Where(p => p.Certainty == Certainty.Made).ToLookup(p => (p.CardId, p.AmountTiyin));
        var madeByMessage = payments.Where(p => p.MessageId is not null).GroupBy(p => (p.CardId, p.MessageId!.Value)).ToDictionary(g => g.Key, g => g.First());
        foreach (var create in acknowledged)
        {
            if (!finals.TryGetValue(create.TransactionId!.Value, out var tx) || !tx.Found || tx.State == "active")
            {
                continue;
            }

            // In time: made before the deadline, or (CHAOS_DATED) dated before it and arrived before the cancel was due.
            var inTime = byCardAmount[(tx.CardId, tx.AmountTiyin)].FirstOrDefault(p => p.Sent >= tx.CreatedAt
                && (p.Answered <= tx.ExpiresAt || p.Date is { } date && date <= tx.ExpiresAt && p.Answered <= tx.ExpiresAt + ChaosSettings.ExpiryGrace));
            if (inTime is not null && tx.State != "confirmed")
            {
                Violate(2, $"paid {tx.AmountTiyin} tiyin on {tx.CardId} at {inTime.Sent:HH:mm:ss.fff} (answered {inTime.Status} {inTime.Outcome} at {inTime.Answered:HH:mm:ss.fff}), before its deadline {tx.ExpiresAt:HH:mm:ss.fff}, yet {tx.State} ({tx.CancelReason})", tx.Id);
            }

            if (tx.State != "confirmed")
            {
                continue;
            }

            var rows = ledger.Where(r => r.Outcome == "confirmed" && r.TransactionId == tx.Id).ToList();
            if (rows.Count != 1)
            {
                // The payment that confirmed it landed (the transaction says so) but is not in the ledger once.
                Violate(5, $"confirmed at {tx.ConfirmedAt:HH:mm:ss.fff}, but {rows.Count} ledger rows say they confirmed it", tx.Id);
                continue;
            }

            var row = rows[0];
            if (row.AmountTiyin != tx.AmountTiyin || row.CardId != tx.CardId)
            {
                Violate(2, $"confirmed by a payment of {row.AmountTiyin} tiyin on {row.CardId}; it asked for {tx.AmountTiyin} on {tx.CardId}", tx.Id);
            }

            if (madeByMessage.TryGetValue((row.CardId, row.MessageId), out var made))
            {
                var dated = made.Date is { } date && date <= tx.ExpiresAt;
                if (made.Sent > tx.ExpiresAt && !dated)
                {
                    Violate(2, $"confirmed by a payment made at {made.Sent:HH:mm:ss.fff}, after its deadline {tx.ExpiresAt:HH:mm:ss.fff} (plan {made.Plan})", tx.Id);
                }
            }
            else if (!payments.Any(p => p.Certainty == Certainty.Unknown && p.CardId == row.CardId && p.AmountTiyin == row.AmountTiyin && p.Sent <= tx.ExpiresAt
                         && row.ReceivedAt >= p.Sent.AddSeconds(-1) && row.ReceivedAt <= p.Sent.AddSeconds(60)))
            {
                Violate(2, $"confirmed by ledger row {row.PaymentId} (message {row.MessageId}), which no payment made before its deadline explains", tx.Id);
            }
        }
    }

    /// <summary>3. No two open transactions held one amount on one card at one moment.</summary>
    private void Overlaps()
    {
        foreach (var group in finals.Values.Where(t => t.Found).GroupBy(t => (t.CardId, t.AmountTiyin)))
        {
            FinalTransaction? holder = null;
            foreach (var tx in group.OrderBy(t => t.CreatedAt))
            {
                if (holder is not null && (holder.ClosedAt is null || tx.CreatedAt < holder.ClosedAt))
                {
                    Violate(3, $"{tx.CardId} amount {tx.AmountTiyin} tiyin: opened at {tx.CreatedAt:HH:mm:ss.fff} while {holder.Id:D} held it ({holder.CreatedAt:HH:mm:ss.fff} to {holder.ClosedAt:HH:mm:ss.fff})", holder.Id, tx.Id);
                }

                if (holder is null || holder.ClosedAt is not null && (tx.ClosedAt is null || tx.ClosedAt > holder.ClosedAt))
                {
                    holder = tx;
                }
            }
        }
    }

    /// <summary>4. One event id per transaction, its action the final state, signed (standardwebhooks), delivered.</summary>
    private void Webhooks(Dictionary<Guid, List<(Delivery Delivery, JsonNode? Json, (bool Ok, string? Error) Signature)>> hooks)
    {
        var outside = new List<double>();
        var during = new List<double>();
        var faults = journal.Faults.ToList();
        foreach (var (delivery, index) in deliveries.Select((d, i) => (d, i)))
        {
            if (index >= signatures.Count || !signatures[index].Ok)
            {
                var id = Parse(delivery.Body)?["transaction_id"] is { } t ? Guid.Parse((string)t!) : Guid.Empty;
                Violate(4, $"delivery {delivery.Id} at {DateTimeOffset.FromUnixTimeMilliseconds(delivery.AtMs):HH:mm:ss.fff}: standardwebhooks refused it: {(index < signatures.Count ? signatures[index].Error : "not verified")}", id);
            }
        }

        foreach (var create in acknowledged)
        {
            var id = create.TransactionId!.Value;
            if (!finals.TryGetValue(id, out var tx) || !tx.Found || tx.State == "active")
            {
                continue;
            }

            var got = hooks.GetValueOrDefault(id) ?? [];
            var eventIds = got.Select(h => h.Delivery.Id).Distinct().ToList();
            if (eventIds.Count != 1)
            {
                Violate(4, $"{tx.State}, and the receiver got {eventIds.Count} event ids ({string.Join(", ", eventIds)})", id);
            }

            var expected = tx.State == "confirmed" ? "confirm" : "cancel";
            if (got.Any(h => (string?)h.Json!["action"] != expected))
            {
                Violate(4, $"{tx.State}, but a webhook said {string.Join(", ", got.Select(h => (string?)h.Json!["action"]).Distinct())}", id);
            }

            if (got.Any(h => Workload.Tiyin(h.Json!["amount"]!) != tx.AmountTiyin))
            {
                Violate(4, "a webhook carried another amount than the transaction's", id);
            }

            var ok = got.Where(h => h.Delivery.Status == 200).OrderBy(h => h.Delivery.AtMs).FirstOrDefault();
            if (ok.Delivery is null)
            {
                Violate(4, $"{tx.State}; no delivery was answered 200 ({got.Count} attempts: {string.Join(" ", got.Select(h => h.Delivery.Status))})", id);
                continue;
            }

            var closed = tx.ClosedAt!.Value;
            var latency = ok.Delivery.AtMs - closed.ToUnixTimeMilliseconds();
            var inFault = faults.Any(f => closed >= f.Started.AddSeconds(-1) && closed <= f.Ended.AddSeconds(10));
            (inFault ? during : outside).Add(latency);
        }

        result.Figures["webhook_p50_outside_faults"] = Percentile(outside, 0.50);
        result.Figures["webhook_p99_outside_faults"] = Percentile(outside, 0.99);
        result.Figures["webhook_p50_during_faults"] = Percentile(during, 0.50);
        result.Figures["webhook_p99_during_faults"] = Percentile(during, 0.99);
        result.Figures["webhook_deliveries"] = deliveries.Count;
    }

    /// <summary>5. Every payment made is in the ledger once, with the outcome its answer gave; nothing else is.</summary>
    private void Ledger()
    {
        var rowsByMessage = ledger.GroupBy(r => (r.CardId, r.MessageId)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (key, rows) in rowsByMessage.Where(kv => kv.Value.Count > 1))
        {
            Violate(5, $"{rows.Count} ledger rows for one bank message {key.MessageId} on {key.CardId}", rows.Select(r => r.TransactionId).OfType<Guid>().ToArray());
        }

        var explained = new HashSet<string>();
        foreach (var p in payments.Where(p => p.Certainty == Certainty.Made))
        {
            var ids = new[] { p.ForTransaction, p.MatchedTransaction }.OfType<Guid>().Distinct().ToArray();
            if (p.MessageId is not { } message || !rowsByMessage.TryGetValue((p.CardId, message), out var rows))
            {
                Violate(5, $"payment ({p.Plan}, {p.AmountTiyin} tiyin on {p.CardId}, message {p.MessageId}, answered {p.Outcome}) is not in the ledger", ids);
                continue;
            }

            var row = rows[0];
            explained.Add(row.PaymentId);

            // "duplicate": an earlier attempt of this same message, whose answer was lost, landed; its row is the truth.
            var retriedAfterLanding = p.Outcome == "duplicate";
            if (retriedAfterLanding && !payments.Any(e => e.Certainty == Certainty.Unknown && e.MessageId == message && e.CardId == p.CardId && e.Sent < p.Sent))
            {
                Violate(5, $"payment message {message} was answered duplicate, but no earlier attempt of it was sent", ids);
            }
            else if (!retriedAfterLanding && (row.Outcome != p.Outcome || row.TransactionId != p.MatchedTransaction))
            {
                Violate(5, $"payment message {message} was answered {p.Outcome} {p.MatchedTransaction}, the ledger says {row.Outcome} {row.TransactionId}", ids);
            }

            var (outcome, confirmedTx) = retriedAfterLanding ? (row.Outcome, row.TransactionId) : (p.Outcome, p.MatchedTransaction);
            if (outcome == "confirmed" && (confirmedTx is not { } t || !finals.TryGetValue(t, out var tx) || tx.State != "confirmed"))
            {
                Violate(5, $"payment message {message} was confirmed {confirmedTx}, which ended {(confirmedTx is { } m && finals.TryGetValue(m, out var f) ? f.State : "unknown")}", ids);
            }
        }

        // Rows no certain payment explains: each must be one payment whose answer was lost (timeout, 5xx).
        var unknown = payments.Where(p => p.Certainty == Certainty.Unknown).OrderBy(p => p.Sent).ToList();
        var used = new HashSet<PaymentRecord>();
        foreach (var row in ledger.Where(r => !explained.Contains(r.PaymentId)).OrderBy(r => r.ReceivedAt))
        {
            // Attempts name their bank message, so a row is explained by an attempt of that very message.
            var source = unknown.FirstOrDefault(p => !used.Contains(p) && p.CardId == row.CardId && p.AmountTiyin == row.AmountTiyin
                && (p.MessageId is { } id ? id == row.MessageId : row.ReceivedAt >= p.Sent.AddSeconds(-1) && row.ReceivedAt <= p.Sent.AddSeconds(60)));
            if (source is null)
            {
                Violate(5, $"ledger row {row.PaymentId} ({row.AmountTiyin} tiyin on {row.CardId} at {row.ReceivedAt:HH:mm:ss.fff}, {row.Outcome}) matches no payment the drill made", row.TransactionId is { } t ? [t] : []);
                continue;
            }

            used.Add(source);
        }

        result.Figures["ledger_rows"] = ledger.Count;
        result.Figures["payments_unknown_that_landed"] = used.Count;
    }

    /// <summary>
    /// 6. No key produced two transactions: not in answers, not as a hidden extra, not on a late replay. A transaction
    /// no create was answered with (an orphan, found by its webhook) is tied to its key by id, never by amount and
    /// time: each key is asked again after the drill (<see cref="Drill"/> replays every create that was given up), and
    /// the id a key answers is the one it stored before placing. An orphan a given-up key names is that key's lost
    /// answer; an orphan no key names is a second transaction of some key (every create of the drill sends one).
    /// </summary>
    private void Idempotency()
    {
        foreach (var create in journal.Creates.Where(c => c.AnsweredIds.Distinct().Count() > 1))
        {
            result.Violations.Add(new Violation(6, $"key {create.Key} was answered with {create.AnsweredIds.Distinct().Count()} transactions", create.AnsweredIds.Distinct().ToList(), create.Key));
        }

        // Which key names which transaction: the id each acknowledged create was answered, and the id each key
        // answered when asked again (a given-up key's lost answer, or an acknowledged key's replay, checked below).
        var namedBy = new Dictionary<Guid, string>();
        foreach (var create in acknowledged)
        {
            namedBy.TryAdd(create.TransactionId!.Value, create.Key);
        }

        var unasked = new List<CreateRecord>();
        foreach (var (create, replayed, status) in replays)
        {
            if (create.TransactionId is null)
            {
                if (replayed is { } named && status is 200 or 201)
                {
                    namedBy.TryAdd(named, create.Key);
                }
                else
                {
                    unasked.Add(create);
                }

                continue;
            }

            if (replayed != create.TransactionId || status != 200)
            {
                result.Violations.Add(new Violation(6, $"key {create.Key} replayed after its transaction closed: answered {status} {replayed}, expected 200 {create.TransactionId}",
                    new[] { create.TransactionId, replayed }.OfType<Guid>().Distinct().ToList(), create.Key));
            }
        }

        foreach (var create in unasked)
        {
            result.Violations.Add(new Violation(6, $"key {create.Key} was given up during the drill and could not be asked afterwards which transaction it names, so its orphans cannot be tied to it", [], create.Key));
        }

        var ours = acknowledged.Select(c => c.TransactionId!.Value).ToHashSet();
        var orphans = finals.Values.Where(t => t.Found && !ours.Contains(t.Id)).ToList();
        var ofGivenUpKeys = 0;
        foreach (var orphan in orphans)
        {
            if (namedBy.TryGetValue(orphan.Id, out var key))
            {
                // Not acknowledged (ours holds every acknowledged id), so the key's every attempt went unanswered.
                ofGivenUpKeys++;
                continue;
            }

            result.Violations.Add(new Violation(6, $"transaction {orphan.Id:D} ({orphan.RequestedTiyin} tiyin requested, created {orphan.CreatedAt:HH:mm:ss.fff}) was answered to no create and no key names it: a second transaction under some key, or one placed without its key", [orphan.Id]));
        }

        result.Figures["orphan_transactions"] = orphans.Count;
        result.Figures["orphans_of_given_up_keys"] = ofGivenUpKeys;
        result.Figures["keys_replayed"] = replays.Count(r => r.Create.TransactionId is not null);
        result.Figures["given_up_keys_asked"] = replays.Count(r => r.Create.TransactionId is null);
    }

    private void Figures()
    {
        var creates = journal.Creates.ToList();
        result.Figures["load_seconds"] = Math.Round((loadEnded - loadStarted).TotalSeconds, 1);
        result.Figures["creates"] = creates.Count;
        result.Figures["transactions"] = acknowledged.Count;
        result.Figures["create_attempts"] = creates.Sum(c => c.Attempts.Count);
        result.Figures["creates_retried"] = creates.Count(c => c.Attempts.Count > 1);
        result.Figures["creates_409_no_free_amount"] = creates.Count(c => c.TransactionId is null && c.FinalStatus == 409);
        result.Figures["creates_given_up"] = creates.Count(c => c.TransactionId is null && c.FinalStatus != 409);
        result.Figures["confirmed"] = acknowledged.Count(c => finals.TryGetValue(c.TransactionId!.Value, out var t) && t.State == "confirmed");
        result.Figures["cancelled"] = acknowledged.Count(c => finals.TryGetValue(c.TransactionId!.Value, out var t) && t.State == "cancelled");
        result.Figures["payments"] = payments.Count;
        result.Figures["payments_made"] = payments.Count(p => p.Certainty == Certainty.Made);
        result.Figures["payments_unknown"] = payments.Count(p => p.Certainty == Certainty.Unknown);
        result.Figures["drifted_amounts"] = acknowledged.Count(c => c.AmountTiyin != c.RequestedTiyin);
        foreach (var kind in Faults.Kinds)
        {
            result.Figures[$"faults_{kind}"] = journal.Faults.Count(f => f.Kind == kind);
        }

        result.Figures["faults"] = journal.Faults.Count;
        for (var i = 1; i <= 6; i++)
        {
            result.Figures[$"violations_{i}"] = result.Violations.Count(v => v.Invariant == i);
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1)];
    }

    private static JsonNode? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
