using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Paycue.Chaos;

/// <summary>
/// The merchant and the payers: a steady stream of creates (each with an Idempotency-Key, retried with the same key
/// on timeouts and 5xx), and for each transaction a seeded plan of sandbox payments. Every request and answer is
/// journaled with its times. The same seed gives the same plans and amounts; timing under faults varies.
/// </summary>
public sealed class Workload(ChaosSettings settings, Cluster cluster, Journal journal)
{
    /// <summary>The drill's bank message ids: unique per payment, never reused by a retry's new message.</summary>
    private static long lastBankMessageId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    private static readonly TimeSpan CreateRetryFor = TimeSpan.FromSeconds(30);
    private readonly HttpClient http = cluster.NewClient(TimeSpan.FromSeconds(10));
    private readonly List<Task> running = [];

    public async Task RunAsync(CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds(1.0 / settings.CreatesPerSecond);
        var started = DateTimeOffset.UtcNow;
        var index = 0;
        while (!stop.IsCancellationRequested && DateTimeOffset.UtcNow - started < settings.Duration)
        {
            var i = index++;
            running.Add(Task.Run(() => TransactionAsync(i)));
            var next = started + interval * index;
            var wait = next - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, CancellationToken.None);
            }
        }

        await Task.WhenAll(running);
    }

    /// <summary>The plan of transaction <paramref name="index"/>: the same for a seed whatever the timing.</summary>
    private (long PriceTiyin, string Plan, Random Random) PlanOf(int index)
    {
        var random = new Random(HashCode.Combine(settings.Seed, index));
        var price = ChaosSettings.PricesSom[random.Next(ChaosSettings.PricesSom.Length)] * 100;
        var roll = random.Next(100);
        var plan = roll switch
        {
            < 44 => "exact",
            < 50 => settings.DatedPayments ? "dated" : "exact",
            < 62 => "last_second",
            < 70 => "late",
            < 78 => "wrong_amount",
            < 86 => "duplicate",
            _ => "none",
        };
        return (price, plan, random);
    }

    private async Task TransactionAsync(int index)
    {
        var (price, plan, random) = PlanOf(index);
        var create = new CreateRecord(index, $"chaos-{settings.Seed}-{index}", price, plan);
        journal.Creates.Add(create);
        if (!await CreateAsync(create) || plan == "none")
        {
            return;
        }

        var timeout = ChaosSettings.TransactionTimeout.TotalSeconds;
        var expires = create.ExpiresAt;
        var created = create.CreatedAt;
        DateTimeOffset Between(double fromSeconds, double toSeconds, DateTimeOffset origin) => origin.AddSeconds(fromSeconds + random.NextDouble() * (toSeconds - fromSeconds));
        switch (plan)
        {
            case "exact":
                await PayAsync(create, plan, Between(0.5, timeout - 1.5, created), create.AmountTiyin, null, retryUntil: expires.AddSeconds(-0.3));
                break;
            case "last_second":
                await PayAsync(create, plan, Between(-0.9, -0.1, expires), create.AmountTiyin, null, retryUntil: expires.AddSeconds(-0.05));
                break;
            case "late":
                await PayAsync(create, plan, Between(0.5, 3, expires + ChaosSettings.ExpiryGrace), create.AmountTiyin, null, retryUntil: null);
                break;
            case "wrong_amount":
                // 37 tiyin more: no transaction ever holds it (AMOUNT_PRECISION=som hands out whole so'm only).
                await PayAsync(create, plan, Between(0.5, timeout - 1.5, created), create.AmountTiyin + 37, null, retryUntil: null);
                break;
            case "duplicate":
                var first = await PayAsync(create, "duplicate_first", Between(0.5, timeout - 6, created), create.AmountTiyin, null, retryUntil: expires.AddSeconds(-0.3));
                if (first)
                {
                    await PayAsync(create, "duplicate_second", DateTimeOffset.UtcNow.AddSeconds(0.3 + random.NextDouble()), create.AmountTiyin, null, retryUntil: null);
                }

                break;
            case "dated":
                // The bank bot's message arrives after the deadline but says it was sent before it (issue 14, 1).
                await PayAsync(create, plan, Between(0.3, ChaosSettings.ExpiryGrace.TotalSeconds - 0.7, expires), create.AmountTiyin, expires.AddSeconds(-1), retryUntil: expires + ChaosSettings.ExpiryGrace - TimeSpan.FromSeconds(0.3));
                break;
        }
    }

    private async Task<bool> CreateAsync(CreateRecord create)
    {
        var first = DateTimeOffset.UtcNow;
        var attempt = 0;
        while (true)
        {
            attempt++;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/transactions")
            {
                Content = Json($"{{\"amount\": {create.RequestedTiyin / 100}}}"),
            };
            request.Headers.Add("Idempotency-Key", create.Key);
            var (answer, body) = await SendAsync(request);
            create.Attempts.Add(answer);
            Guid? id = null;
            if (answer.Status is 200 or 201 && body?["data"] is JsonObject data)
            {
                id = Guid.Parse((string)data["transaction_id"]!);
                lock (create)
                {
                    create.AnsweredIds.Add(id.Value);
                }

                if (create.TransactionId is null)
                {
                    create.TransactionId = id;
                    create.CardId = (string)data["card_id"]!;
                    create.AmountTiyin = Tiyin(data["amount"]!);
                    create.CreatedAt = DateTimeOffset.Parse((string)data["created_at"]!, CultureInfo.InvariantCulture);
                    create.ExpiresAt = DateTimeOffset.Parse((string)data["expires_at"]!, CultureInfo.InvariantCulture);
                    create.AcknowledgedAt = answer.Answered;
                }
            }

            journal.Write(new { t = answer.Sent, ms = (long)(answer.Answered - answer.Sent).TotalMilliseconds, kind = "create", key = create.Key, attempt, status = answer.Status, tx = id, amount = id is null ? (long?)null : create.AmountTiyin, card = create.CardId, error = answer.Error ?? (id is null ? answer.Body : null) });
            create.FinalStatus = answer.Status;
            if (id is not null)
            {
                return true;
            }

            var retryable = answer.Status is 0 or 408 or 429 or >= 500;
            if (!retryable || DateTimeOffset.UtcNow - first > CreateRetryFor)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 200 * attempt)));
        }
    }

    /// <summary>
    /// A sandbox payment at <paramref name="at"/>; retried while before <paramref name="retryUntil"/> when its fate is
    /// unknown (every attempt is its own journaled payment). True when one attempt was certainly made. Every attempt
    /// names the same bank message (its id and date), as Telegram delivers one message however often it is read: a
    /// retry of an attempt that landed is that message again, never a second transfer.
    /// </summary>
    private async Task<bool> PayAsync(CreateRecord create, string plan, DateTimeOffset at, long amountTiyin, DateTimeOffset? date, DateTimeOffset? retryUntil)
    {
        var wait = at - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var bankMessageId = Interlocked.Increment(ref lastBankMessageId);
        var bankDate = date ?? DateTimeOffset.UtcNow;
        while (true)
        {
            var json = new StringBuilder($"{{\"card_id\": \"{create.CardId}\", \"amount\": {amountTiyin / 100}.{amountTiyin % 100:00}");
            json.Append($", \"date\": \"{bankDate.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\", \"message_id\": {bankMessageId}");
            json.Append('}');
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sandbox/payments") { Content = Json(json.ToString()) };
            var (answer, body) = await SendAsync(request);
            var certainty = answer.Status switch
            {
                200 => Certainty.Made,
                400 or 404 or 415 => Certainty.NotMade,
                _ => Certainty.Unknown,
            };
            string? outcome = null;
            Guid? matched = null;
            long? messageId = bankMessageId;
            if (certainty == Certainty.Made && body?["data"] is JsonObject data)
            {
                outcome = (string?)data["outcome"];
                matched = (string?)data["transaction_id"] is { } m ? Guid.Parse(m) : null;
                messageId = (long?)data["message_id"];
            }

            var record = new PaymentRecord(create.Index, create.TransactionId, plan, create.CardId!, amountTiyin, date, answer.Sent, answer.Answered, answer.Status, certainty, outcome, matched, messageId, answer.Error);
            journal.Payments.Enqueue(record);
            journal.Write(new { t = answer.Sent, ms = (long)(answer.Answered - answer.Sent).TotalMilliseconds, kind = "pay", plan, key = create.Key, tx = create.TransactionId, card = create.CardId, amount = amountTiyin, date, status = answer.Status, certainty = certainty.ToString(), outcome, matched, message_id = messageId, error = answer.Error ?? (certainty == Certainty.Made ? null : answer.Body) });
            if (certainty == Certainty.Made)
            {
                return true;
            }

            if (certainty == Certainty.NotMade || retryUntil is null || DateTimeOffset.UtcNow.AddMilliseconds(300) > retryUntil)
            {
                return false;
            }

            await Task.Delay(300);
        }
    }

    private async Task<(Attempt Answer, JsonNode? Body)> SendAsync(HttpRequestMessage request)
    {
        var sent = DateTimeOffset.UtcNow;
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            JsonNode? body = null;
            try
            {
                body = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
            }

            return (new Attempt(sent, DateTimeOffset.UtcNow, (int)response.StatusCode, null, text.Length > 300 ? text[..300] : text), body);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return (new Attempt(sent, DateTimeOffset.UtcNow, 0, $"{e.GetType().Name}: {e.Message}", null), null);
        }
    }

    /// <summary>A JSON body with exactly <c>Content-Type: application/json</c> (no charset parameter to trip a strict check).</summary>
    public static StringContent Json(string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>An amount in so'm as the API writes it (20001 or 20001.37) to tiyin, without floating point.</summary>
    public static long Tiyin(JsonNode amount)
    {
        var text = amount.ToJsonString().Trim('"');
        var parts = text.Split('.');
        var whole = long.Parse(parts[0], CultureInfo.InvariantCulture) * 100;
        return parts.Length == 1 ? whole : whole + long.Parse(parts[1].PadRight(2, '0')[..2], CultureInfo.InvariantCulture);
    }
}
