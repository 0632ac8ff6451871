using System.Globalization;
using System.Text.RegularExpressions;

namespace Paycue.Grains.Configuration;

/// <summary>Parses the durations operators write in <c>.env</c>: <c>30m</c>, <c>45s</c>, <c>1h</c>, <c>500ms</c>, or plain minutes <c>30</c>.</summary>
public static partial class Durations
{
    /// <summary>
    /// The longest duration any key takes: ten years. Longer ones (999999999d) overflowed TimeSpan or the date
    /// arithmetic done with them; nothing in Paycue needs more.
    /// </summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(3650);

    [GeneratedRegex(@"^\s*(\d{1,9})\s*(ms|s|m|h|d)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    /// <summary>Reads a duration of at most <see cref="Maximum"/>; false for anything else, longer ones included.</summary>
    public static bool TryParse(string? text, out TimeSpan duration) => TryParse(text, out duration, out var tooLong) && !tooLong;

    /// <summary>Like <see cref="TryParse(string?, out TimeSpan)"/>, but tells a well-formed duration beyond <see cref="Maximum"/> apart.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out bool tooLong)
    {
        duration = default;
        tooLong = false;
        if (text is null)
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        // At most nine digits: even 999999999d is 8.6e16 ms, well inside a long, so this product cannot overflow.
        var value = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var milliseconds = value * match.Groups[2].Value.ToLowerInvariant() switch
        {
            "ms" => 1L,
            "s" => 1_000L,
            "h" => 3_600_000L,
            "d" => 86_400_000L,
            _ => 60_000L,
        };
        if (milliseconds > (long)Maximum.TotalMilliseconds)
        {
            tooLong = true;
            return true;
        }

        duration = TimeSpan.FromMilliseconds(milliseconds);
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
