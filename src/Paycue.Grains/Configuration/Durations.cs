using System.Globalization;
using System.Text.RegularExpressions;

namespace Paycue.Grains.Configuration;

/// <summary>Parses the durations operators write in <c>.env</c>: <c>30m</c>, <c>45s</c>, <c>1h</c>, <c>500ms</c>, or plain minutes <c>30</c>.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^\s*(\d{1,9})\s*(ms|s|m|h|d)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (text is null)
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var value = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        duration = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "h" => TimeSpan.FromHours(value),
            "d" => TimeSpan.FromDays(value),
            _ => TimeSpan.FromMinutes(value),
        };
        return true;
    }

    /// <summary>Writes a duration back in the shortest form <see cref="TryParse"/> reads.</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalDays: >= 1 } when duration.Ticks % TimeSpan.TicksPerDay == 0 => $"{(long)duration.TotalDays}d",
        { TotalHours: >= 1 } when duration.Ticks % TimeSpan.TicksPerHour == 0 => $"{(long)duration.TotalHours}h",
        { TotalMinutes: >= 1 } when duration.Ticks % TimeSpan.TicksPerMinute == 0 => $"{(long)duration.TotalMinutes}m",
        _ when duration.Ticks % TimeSpan.TicksPerSecond == 0 => $"{(long)duration.TotalSeconds}s",
        _ => $"{(long)duration.TotalMilliseconds}ms",
    };
}
