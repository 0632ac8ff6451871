using System.Globalization;
using Paycue.Grains.Configuration;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>
/// Times as the shop reads them: in <c>Asia/Tashkent</c>, or in the zone <c>TZ</c> names, the very zone the CSV
/// exports use (<see cref="PaycueOptions.TimeZone"/>, which reads and checks <c>TZ</c> once for the process). The
/// day boundaries of the overview are this zone's midnights.
/// </summary>
public sealed class ConsoleClock(TimeProvider time, PaycueOptions options)
{
    public TimeProvider Time { get; } = time;

    public TimeZoneInfo Zone { get; } = options.TimeZone.Zone;

    /// <summary>The zone's name as <c>TZ</c> gave it, such as <c>Asia/Tashkent</c>.</summary>
    public string ZoneName { get; } = options.TimeZone.Name;

    public DateTimeOffset Now => Time.GetUtcNow();

    public DateTimeOffset Local(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone);

    /// <summary><c>2026-12-03 14:05:09</c> in the console's zone.</summary>
    public string Format(DateTimeOffset time) => Local(time).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The start of the local day <paramref name="daysBack"/> days before today, as an instant.</summary>
    public DateTimeOffset DayStart(int daysBack)
    {
        var today = Local(Now).Date.AddDays(-daysBack);
        return new DateTimeOffset(today, Zone.GetUtcOffset(today));
    }

    /// <summary>A local date from a form (<c>yyyy-MM-dd</c>) as the instant its day starts; null when empty or malformed.</summary>
    public DateTimeOffset? ParseDay(string? text)
    {
        if (!DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return null;
        }

        return new DateTimeOffset(day, Zone.GetUtcOffset(day));
    }
}
