using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paycue.Chaos;

/// <summary>A transaction as the API tells it after the drill settled.</summary>
public sealed record FinalTransaction(Guid Id, bool Found, string State, string CardId, long AmountTiyin, long RequestedTiyin, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? CancelledAt, string? CancelReason, string Raw)
{
    public DateTimeOffset? ClosedAt => ConfirmedAt ?? CancelledAt;
}

/// <summary>A payments-ledger row (<c>GET /api/payments</c>).</summary>
public sealed record LedgerRow(string PaymentId, string CardId, long MessageId, long AmountTiyin, DateTimeOffset ReceivedAt, string Outcome, Guid? TransactionId);

/// <summary>
/// The whole run: start the cluster, drive the workload while faults are injected, stop, let the system settle,
/// read back every transaction, the ledger and the receiver's deliveries, check the invariants, report.
/// </summary>
public sealed class Drill(ChaosSettings settings) : IAsyncDisposable
{
    private static readonly TimeSpan SettleFor = TimeSpan.FromSeconds(120);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private Cluster? cluster;
    private Journal? journal;

    private void Say(string line) => Console.Error.WriteLine($"[chaos {clock.Elapsed:mm\\:ss}] {line}");

    /// <summary>Which cards take creates without a grain call: those the gateway's own silo hosts (see Cluster).</summary>
    private async Task SayCardsOnGatewaySiloAsync(string when)
    {
        if (await cluster!.CardsOnGatewaySiloAsync() is { } cards)
        {
            Say($"cards on the gateway's own silo {when} (creates on them skip the grain call): {(cards.Count == 0 ? "none" : string.Join(", ", cards))}");
        }
    }

    public async Task<int> RunAsync()
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        foreach (var stale in new[] { "deliveries.jsonl", "pids" })
        {
            File.Delete(Path.Combine(settings.OutputDirectory, stale));
        }

        if (Directory.Exists(Path.Combine(settings.OutputDirectory, "redis")))
        {
            Directory.Delete(Path.Combine(settings.OutputDirectory, "redis"), recursive: true);
        }

        Say($"seed {settings.Seed}, {settings.Minutes} min, {settings.CreatesPerSecond} creates/s; output in {settings.OutputDirectory}");
        journal = new Journal(settings.OutputDirectory);
        cluster = new Cluster(settings, Say);
        await cluster.StartAsync();
        await cluster.WaitReadyAsync(TimeSpan.FromSeconds(150));
        Say(settings.GatewayIsClient ? "cluster ready: 3 silos, client-mode gateway, redis, receiver" : "cluster ready: 3 silos, gateway with its own silo, redis, receiver");
        await SayCardsOnGatewaySiloAsync("at the start");

        var workload = new Workload(settings, cluster, journal);
        var faults = new Faults(settings, cluster, journal, Say);
        using var stopFaults = new CancellationTokenSource();
        var started = DateTimeOffset.UtcNow;
        var faultTask = faults.RunAsync(stopFaults.Token);
        var load = workload.RunAsync(CancellationToken.None);
        await Task.WhenAny(load, Task.Delay(settings.Duration));
        stopFaults.Cancel();
        await faultTask;
        Say("faults stopped; waiting for the last payments");
        await load;
        var loadEnded = DateTimeOffset.UtcNow;
        Say($"load done: {journal.Creates.Count} creates, {journal.Payments.Count} payment requests, {journal.Faults.Count} faults");
        await SayCardsOnGatewaySiloAsync("after the load");

        // Every process up and running before the system is asked to settle.
        foreach (var (silo, i) in cluster.SiloProcesses.Select((s, i) => (s, i)))
        {
            if (silo is null || silo.HasExited)
            {
                cluster.StartSilo(i);
            }
        }

        using var http = cluster.NewClient(TimeSpan.FromSeconds(15));
        await SettleAsync(http);
        var finals = await FinalStatesAsync(http, journal.Creates.Where(c => c.TransactionId is not null).Select(c => c.TransactionId!.Value));
        var deliveries = ReadDeliveries();
        var open = await OpenTransactionsAsync(http);
        var ledger = await LedgerAsync(http);
        var signatures = await VerifySignaturesAsync(deliveries);
        var apiSecret = (string?)JsonNode.Parse(await http.GetStringAsync("/api/webhooks/secret"))?["data"]?["secret"];
        var replays = await ReplayKeysAsync(http);

        // Transactions no create was answered with: found by their webhooks, among the cards' open ones (one placed
        // late in the load may not have closed yet), and those the given-up keys named (placed during the drill: 200).
        var orphanIds = deliveries.Select(d => TransactionIdOf(d.Body)).OfType<Guid>().Concat(open)
            .Concat(replays.Where(r => r.Create.TransactionId is null && r.Status == 200).Select(r => r.Replayed).OfType<Guid>())
            .Where(id => !finals.ContainsKey(id)).Distinct().ToList();
        foreach (var (id, tx) in await FinalStatesAsync(http, orphanIds))
        {
            finals[id] = tx;
        }

        // What the checker judged, on disk beside the journal, to debug a violation after the cluster is gone.
        await File.WriteAllLinesAsync(Path.Combine(settings.OutputDirectory, "transactions.jsonl"), finals.Values.Select(t => JsonSerializer.Serialize(t with { Raw = "" })));
        await File.WriteAllLinesAsync(Path.Combine(settings.OutputDirectory, "ledger.jsonl"), ledger.Select(r => JsonSerializer.Serialize(r)));

        var checker = new Checker(journal, finals, ledger, deliveries, signatures, replays, started, loadEnded);
        var result = checker.Check();
        if (apiSecret != cluster.WebhookSecret)
        {
            result.Violations.Add(new Violation(4, "GET /api/webhooks/secret does not answer the WEBHOOK_SECRET the cluster was started with.", []));
        }

        return Report.Write(settings, journal, result, Say);
    }

    /// <summary>Until every acknowledged transaction is closed and its webhook was answered 200, or <see cref="SettleFor"/>.</summary>
    private async Task SettleAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + SettleFor;
        var open = journal!.Creates.Where(c => c.TransactionId is not null).Select(c => c.TransactionId!.Value).ToHashSet();
        while (DateTime.UtcNow < deadline)
        {
            var states = await FinalStatesAsync(http, open);
            var delivered = ReadDeliveries().Where(d => d.Status == 200).Select(d => TransactionIdOf(d.Body)).OfType<Guid>().ToHashSet();
            open.RemoveWhere(id => states.TryGetValue(id, out var s) && s.Found && s.State != "active" && delivered.Contains(id));
            Say($"settling: {open.Count} transactions not yet closed and delivered");
            if (open.Count == 0)
            {
                return;
            }

            await Task.Delay(3000);
        }
    }

    private static Guid? TransactionIdOf(string body)
    {
        try
        {
            return (string?)JsonNode.Parse(body)?["transaction_id"] is { } id ? Guid.Parse(id) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<Dictionary<Guid, FinalTransaction>> FinalStatesAsync(HttpClient http, IEnumerable<Guid> ids)
    {
        var result = new System.Collections.Concurrent.ConcurrentDictionary<Guid, FinalTransaction>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                try
                {
                    using var response = await http.GetAsync($"/api/transactions/{id:D}");
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
                    {
                        result[id] = new FinalTransaction(id, false, "missing", "", 0, 0, default, default, null, null, null, text);
                        return;
                    }

                    if (response.IsSuccessStatusCode)
                    {
                        var d = JsonNode.Parse(text)!["data"]!;
                        static DateTimeOffset? Time(JsonNode? n) => (string?)n is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : null;
                        result[id] = new FinalTransaction(id, true, (string)d["state"]!, (string)d["card_id"]!, Workload.Tiyin(d["amount"]!), Workload.Tiyin(d["requested_amount"]!),
                            Time(d["created_at"])!.Value, Time(d["expires_at"])!.Value, Time(d["confirmed_at"]), Time(d["cancelled_at"]), (string?)d["cancel_reason"], text);
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                }

                await Task.Delay(500);
            }
        });
        return new Dictionary<Guid, FinalTransaction>(result);
    }

    /// <summary>The ids of the cards' open transactions (<c>GET /api/transactions?state=active</c>, up to 500 per card).</summary>
    private static async Task<List<Guid>> OpenTransactionsAsync(HttpClient http)
    {
        var data = JsonNode.Parse(await http.GetStringAsync("/api/transactions?state=active&limit=500"))!["data"]!.AsArray();
        return [.. data.Select(t => Guid.Parse((string)t!["transaction_id"]!))];
    }

    /// <summary>The whole ledger, newest first, paged by <c>before</c> (overlapping by 1 ms so rows sharing a millisecond are never skipped).</summary>
    private static async Task<List<LedgerRow>> LedgerAsync(HttpClient http)
    {
        var rows = new Dictionary<string, LedgerRow>();
        string? before = null;
        while (true)
        {
            var url = "/api/payments?status=all&limit=500" + (before is null ? "" : $"&before={Uri.EscapeDataString(before)}");
            var data = JsonNode.Parse(await http.GetStringAsync(url))!["data"]!;
            var added = 0;
            foreach (var item in data["items"]!.AsArray())
            {
                var id = (string)item!["payment_id"]!;
                if (rows.TryAdd(id, new LedgerRow(id, (string)item["card_id"]!, (long)item["message_id"]!, Workload.Tiyin(item["amount"]!),
                        DateTimeOffset.Parse((string)item["received_at"]!, CultureInfo.InvariantCulture), (string)item["outcome"]!,
                        (string?)item["transaction_id"] is { } t ? Guid.Parse(t) : null)))
                {
                    added++;
                }
            }

            if ((string?)data["next_before"] is not { } next || added == 0)
            {
                return [.. rows.Values];
            }

            before = DateTimeOffset.Parse(next, CultureInfo.InvariantCulture).AddMilliseconds(1).ToString("O", CultureInfo.InvariantCulture);
        }
    }

    private List<Delivery> ReadDeliveries()
    {
        var file = cluster!.DeliveriesFile;
        if (!File.Exists(file))
        {
            return [];
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var list = new List<Delivery>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line.EndsWith('}'))
            {
                list.Add(JsonSerializer.Deserialize<Delivery>(line)!);
            }
        }

        return list;
    }

    /// <summary>One verdict per delivery from Node.js running the official <c>standardwebhooks</c> package.</summary>
    private async Task<List<(bool Ok, string? Error)>> VerifySignaturesAsync(List<Delivery> deliveries)
    {
        var copy = Path.Combine(settings.OutputDirectory, "deliveries-checked.jsonl");
        await File.WriteAllLinesAsync(copy, deliveries.Select(d => JsonSerializer.Serialize(d)));
        var start = new ProcessStartInfo("node", [settings.VerifierScript, copy]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["CHAOS_NODE_MODULES"] = settings.NodeModules;
        start.Environment["CHAOS_WEBHOOK_SECRET"] = cluster!.WebhookSecret;
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"node verify-webhooks.mjs failed ({node.ExitCode}): {await stderr}");
        }

        var verdicts = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        return verdicts.Select(v => ((bool)v["ok"]!, (string?)v["error"])).ToList();
    }

    /// <summary>
    /// Replays up to 100 acknowledged keys once more, after their transactions closed (a merchant's late retry): each
    /// must answer the same transaction, never create a second. Then asks every key whose create was given up (no
    /// attempt answered) which transaction it names: an attempt may have placed one whose answer was lost, and the
    /// checker ties such an orphan to its key by this id. A key whose attempts placed nothing places now; that
    /// transaction is cancelled at once.
    /// </summary>
    private async Task<List<(CreateRecord Create, Guid? Replayed, int Status)>> ReplayKeysAsync(HttpClient http)
    {
        var acknowledged = journal!.Creates.Where(c => c.TransactionId is not null).OrderBy(c => c.Index).Where((_, i) => i % 7 == 0).Take(100);
        var givenUp = journal.Creates.Where(c => c.TransactionId is null).OrderBy(c => c.Index);
        var result = new List<(CreateRecord, Guid?, int)>();
        foreach (var create in acknowledged.Concat(givenUp))
        {
            var (id, status) = await ReplayKeyAsync(http, create);
            journal.Write(new { t = DateTimeOffset.UtcNow, kind = "replay", key = create.Key, status, tx = id, expected = create.TransactionId });
            result.Add((create, id, status));
            if (id is { } created && status == 201)
            {
                await http.DeleteAsync($"/api/transactions/{created:D}");
            }
        }

        return result;
    }

    /// <summary>One key asked again, retried (with the same key: safe) while the answer is lost or a 5xx, as a merchant would.</summary>
    private static async Task<(Guid? Id, int Status)> ReplayKeyAsync(HttpClient http, CreateRecord create)
    {
        var status = 0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/transactions")
            {
                Content = Workload.Json($"{{\"amount\": {create.RequestedTiyin / 100}}}"),
            };
            request.Headers.Add("Idempotency-Key", create.Key);
            try
            {
                using var response = await http.SendAsync(request);
                status = (int)response.StatusCode;
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                if (response.IsSuccessStatusCode || status < 500)
                {
                    return (response.IsSuccessStatusCode && (string?)body?["data"]?["transaction_id"] is { } s ? Guid.Parse(s) : null, status);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                status = 0;
            }

            await Task.Delay(1000);
        }

        return (null, status);
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        journal?.Dispose();
    }
}
