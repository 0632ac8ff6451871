using System.Collections.Concurrent;
using System.Text.Json;

namespace Paycue.Chaos;

/// <summary>One HTTP attempt: when it left, when its answer came (or the error), and what it said.</summary>
public sealed record Attempt(DateTimeOffset Sent, DateTimeOffset Answered, int Status, string? Error, string? Body);

/// <summary>A create as the merchant's backend made it: one key, one or more attempts, maybe one transaction.</summary>
public sealed class CreateRecord(int index, string key, long requestedTiyin, string plan)
{
    public int Index { get; } = index;
    public string Key { get; } = key;
    public long RequestedTiyin { get; } = requestedTiyin;
    public string Plan { get; } = plan;
    public List<Attempt> Attempts { get; } = [];

    /// <summary>Every transaction id a 2xx answer named (more than one is an idempotency violation).</summary>
    public List<Guid> AnsweredIds { get; } = [];
    public Guid? TransactionId { get; set; }
    public string? CardId { get; set; }
    public long AmountTiyin { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset AcknowledgedAt { get; set; }
    public int FinalStatus { get; set; }
}

public enum Certainty
{
    /// <summary>2xx: the card processed it; the answer names its outcome and message id.</summary>
    Made,

    /// <summary>4xx before the card was asked (bad request): no bank message exists.</summary>
    NotMade,

    /// <summary>Timeout, refused connection or 5xx: it may or may not have reached the card.</summary>
    Unknown,
}

/// <summary>One sandbox payment request: one bank message if <see cref="Certainty.Made"/>.</summary>
public sealed record PaymentRecord(
    int Index, Guid? ForTransaction, string Plan, string CardId, long AmountTiyin, DateTimeOffset? Date,
    DateTimeOffset Sent, DateTimeOffset Answered, int Status, Certainty Certainty, string? Outcome, Guid? MatchedTransaction, long? MessageId, string? Error);

/// <summary>A fault: what, which process, from when to when (the end is when everything was back).</summary>
public sealed record FaultRecord(string Kind, string Target, DateTimeOffset Started, DateTimeOffset Ended, string Note);

/// <summary>
/// Everything the drill did and heard, in memory for the checker and as JSON lines on disk
/// (<c>journal.jsonl</c>, <c>faults.jsonl</c>) so a failure can be read afterwards.
/// </summary>
public sealed class Journal : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly StreamWriter journal;
    private readonly StreamWriter faultLog;
    private readonly object gate = new();

    public Journal(string directory)
    {
        journal = new StreamWriter(Path.Combine(directory, "journal.jsonl"), append: false) { AutoFlush = true };
        faultLog = new StreamWriter(Path.Combine(directory, "faults.jsonl"), append: false) { AutoFlush = true };
    }

    public ConcurrentBag<CreateRecord> Creates { get; } = [];

    public ConcurrentQueue<PaymentRecord> Payments { get; } = new();

    public ConcurrentQueue<FaultRecord> Faults { get; } = new();

    /// <summary>Journal lines kept in memory too, to print those of a violating transaction.</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Write(object entry)
    {
        var line = JsonSerializer.Serialize(entry, Json);
        Lines.Enqueue(line);
        lock (gate)
        {
            journal.WriteLine(line);
        }
    }

    public void Fault(FaultRecord fault)
    {
        Faults.Enqueue(fault);
        lock (gate)
        {
            faultLog.WriteLine(JsonSerializer.Serialize(fault, Json));
        }
    }

    public void Dispose()
    {
        journal.Dispose();
        faultLog.Dispose();
    }
}
