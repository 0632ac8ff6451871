using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Paycue.Grains;

/// <summary>
/// Paycue's own instruments (meter "Paycue"). Recorded where the events happen, in the grains; exported by whatever
/// the host wires (the gateway serves them as Prometheus text on /metrics).
/// </summary>
public static class PaycueMetrics
{
    public const string MeterName = "Paycue";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, string> CardStatuses = new();

    public static readonly Counter<long> TransactionsCreated = Meter.CreateCounter<long>("paycue.transactions.created", description: "Transactions opened, by card.");
    public static readonly Counter<long> TransactionsConfirmed = Meter.CreateCounter<long>("paycue.transactions.confirmed", description: "Transactions confirmed, by card, by (payment: a matching credit; manual: a resolve) and after_cancel (a resolve of a cancelled one, which was counted cancelled too).");
    public static readonly Counter<long> TransactionsCancelled = Meter.CreateCounter<long>("paycue.transactions.cancelled", description: "Transactions cancelled, by card and reason.");
    public static readonly UpDownCounter<long> TransactionsOpen = Meter.CreateUpDownCounter<long>("paycue.transactions.open", description: "Open transactions held in this process's card pools, by card.");
    public static readonly Histogram<long> AmountOffset = Meter.CreateHistogram<long>("paycue.amount.offset", unit: "{step}", description: "Steps between requested and handed-out amount.");
    public static readonly Counter<long> BankMessages = Meter.CreateCounter<long>("paycue.bank_messages", description: "Bank-bot messages by outcome (confirmed, unmatched reasons, refusals, not a credit).");
    public static readonly Counter<long> WebhookAttempts = Meter.CreateCounter<long>("paycue.webhook.attempts", description: "Webhook delivery attempts by result.");
    public static readonly Histogram<double> WebhookLatency = Meter.CreateHistogram<double>("paycue.webhook.latency", unit: "ms", description: "Webhook attempt latency.");

    static PaycueMetrics()
    {
        Meter.CreateObservableGauge("paycue.card.status", ObserveStatuses, description: "1 for each card's current session status.");
    }

    public static void SetCardStatus(string cardId, string status) => CardStatuses[cardId] = status;

    private static IEnumerable<Measurement<int>> ObserveStatuses() =>
        CardStatuses.Select(c => new Measurement<int>(1, new KeyValuePair<string, object?>("card", c.Key), new KeyValuePair<string, object?>("status", c.Value)));

    public static KeyValuePair<string, object?> Card(string cardId) => new("card", cardId);
}
