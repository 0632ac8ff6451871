using System.Globalization;
using System.Text.Json;

namespace Paycue.Bench;

/// <summary>Figures as they are measured: one "name value unit" line each, and the same in bench/results.json.</summary>
public sealed class Results
{
    private readonly List<Dictionary<string, object>> figures = [];

    public void Add(string name, double value, string unit)
    {
        var rounded = Math.Round(value, 3);
        figures.Add(new Dictionary<string, object> { ["name"] = name, ["value"] = rounded, ["unit"] = unit });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {rounded} {unit}"));
    }

    public void Write(string path, IDictionary<string, string> machine)
    {
        // Repeated at the end, together, because BenchmarkDotNet's own output runs in between.
        Console.WriteLine("== figures");
        foreach (var f in figures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{f["name"]} {f["value"]} {f["unit"]}"));
        }

        var document = new Dictionary<string, object>
        {
            ["measured_at"] = DateTimeOffset.UtcNow.ToString("O"),
            ["machine"] = machine,
            ["figures"] = figures,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }
}
