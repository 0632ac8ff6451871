using System.Globalization;
using System.Text.Json;

namespace Paycue.Bench;

/// <summary>
/// Figures as they are measured: one "name value unit" line each (followed by "target ..." where the figure has
/// one), and the same in bench/results.json.
/// </summary>
public sealed class Results
{
    private readonly List<Dictionary<string, object>> figures = [];

    /// <param name="target">What the figure should be, such as "&gt;= 0.25", printed beside it; null when it has none.</param>
    public void Add(string name, double value, string unit, string? target = null)
    {
        var rounded = Math.Round(value, 3);
        var figure = new Dictionary<string, object> { ["name"] = name, ["value"] = rounded, ["unit"] = unit };
        if (target is not null)
        {
            figure["target"] = target;
        }

        figures.Add(figure);
        Console.WriteLine(Line(figure));
    }

    public void Write(string path, IDictionary<string, string> machine)
    {
        // Repeated at the end, together, because BenchmarkDotNet's own output runs in between.
        Console.WriteLine("== figures");
        foreach (var f in figures)
        {
            Console.WriteLine(Line(f));
        }

        var document = new Dictionary<string, object>
        {
            ["measured_at"] = DateTimeOffset.UtcNow.ToString("O"),
            ["machine"] = machine,
            ["figures"] = figures,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string Line(Dictionary<string, object> f) =>
        string.Create(CultureInfo.InvariantCulture, $"{f["name"]} {f["value"]} {f["unit"]}{(f.TryGetValue("target", out var target) ? $" target {target}" : "")}");
}
