using System.Globalization;
using System.Text.Json;

namespace Paycue.Chaos;

/// <summary>
/// <c>name value unit</c> lines (as ./bench.sh prints), <c>results.json</c>, and for each violation the
/// transaction's journal lines and the faults around it, so a failure can be debugged from the output alone.
/// </summary>
public static class Report
{
    public static readonly string[] InvariantNames =
        ["lifecycle", "paid_in_time_confirmed", "one_amount_one_open_transaction", "webhooks", "ledger", "idempotency"];

    public static int Write(ChaosSettings settings, Journal journal, CheckResult result, Action<string> say)
    {
        for (var i = 1; i <= 6; i++)
        {
            result.Figures[$"violations_{i}"] = result.Violations.Count(v => v.Invariant == i);
        }

        foreach (var violation in result.Violations.Take(25))
        {
            Console.WriteLine();
            Console.WriteLine($"VIOLATION of invariant {violation.Invariant} ({InvariantNames[violation.Invariant - 1]}): {violation.Message}");
            Console.WriteLine($"  transactions: {string.Join(", ", violation.Transactions.Select(t => t.ToString("D")))}{(violation.Key is null ? "" : $"; key {violation.Key}")}");
            var needles = violation.Transactions.Where(t => t != Guid.Empty).Select(t => t.ToString("D")).ToList();
            if (violation.Key is not null)
            {
                needles.Add($"\"{violation.Key}\"");
            }

            var lines = journal.Lines.Where(l => needles.Any(n => l.Contains(n, StringComparison.Ordinal))).Take(40).ToList();
            foreach (var line in lines)
            {
                Console.WriteLine($"  journal: {line}");
            }

            var times = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("t").GetDateTimeOffset()).ToList();
            if (times.Count > 0)
            {
                var from = times.Min().AddSeconds(-30);
                var to = times.Max().AddSeconds(40);
                foreach (var fault in journal.Faults.Where(f => f.Ended >= from && f.Started <= to))
                {
                    Console.WriteLine($"  fault: {fault.Started:HH:mm:ss.fff}-{fault.Ended:HH:mm:ss.fff} {fault.Kind} {fault.Target} {fault.Note}");
                }
            }
        }

        if (result.Violations.Count > 25)
        {
            Console.WriteLine($"... and {result.Violations.Count - 25} more violations (all in {Path.Combine(settings.OutputDirectory, "results.json")})");
        }

        Console.WriteLine();
        Console.WriteLine("fault log:");
        foreach (var fault in journal.Faults)
        {
            Console.WriteLine($"  {fault.Started:HH:mm:ss.fff}-{fault.Ended:HH:mm:ss.fff} {fault.Kind} {fault.Target} {fault.Note}");
        }

        Console.WriteLine();
        foreach (var (name, value) in result.Figures)
        {
            Console.WriteLine($"{name} {value.ToString(CultureInfo.InvariantCulture)} {Unit(name)}");
        }

        var invariants = Enumerable.Range(1, 6).Select(i => new { invariant = i, name = InvariantNames[i - 1], violations = result.Violations.Count(v => v.Invariant == i) }).ToList();
        foreach (var invariant in invariants)
        {
            Console.WriteLine($"invariant {invariant.invariant} {invariant.name}: {(invariant.violations == 0 ? "PASS" : $"FAIL ({invariant.violations})")}");
        }

        var json = new
        {
            seed = settings.Seed,
            minutes = settings.Minutes,
            creates_per_second = settings.CreatesPerSecond,
            finished_at = DateTimeOffset.UtcNow,
            figures = result.Figures,
            invariants,
            violations = result.Violations.Select(v => new { v.Invariant, v.Message, v.Transactions, v.Key }),
            faults = journal.Faults.ToList(),
        };
        File.WriteAllText(Path.Combine(settings.OutputDirectory, "results.json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
        say(result.Violations.Count == 0 ? "no violations" : $"{result.Violations.Count} violations");
        return result.Violations.Count == 0 ? 0 : 1;
    }

    private static string Unit(string name) => name switch
    {
        _ when name.StartsWith("webhook_p", StringComparison.Ordinal) => "ms",
        "max_active_past_deadline" or "load_seconds" => "s",
        _ => "count",
    };
}
