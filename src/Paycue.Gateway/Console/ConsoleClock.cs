using System.Globalization;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>
/// Times as the shop reads them: in <c>Asia/Tashkent</c>, or in the zone <c>TZ</c> names. The day boundaries of the
/// overview are this zone's midnights.
/// </summary>
public sealed class ConsoleClock
{
    /// <param name="configuration">Where <c>TZ</c> is read: the environment or <c>.env</c>.</param>
    public ConsoleClock(TimeProvider time, IConfiguration configuration)
    {
        Time = time;
        var name = configuration["TZ"] is { Length: > 0 } tz ? tz.TrimStart(':') : "Asia/Tashkent";
        try
        {
            Zone = TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // No tz database (a slim container) or a TZ that names none: Tashkent has kept UTC+5 without daylight
            // saving since 1992.
            Zone = TimeZoneInfo.CreateCustomTimeZone("Asia/Tashkent", TimeSpan.FromHours(5), "Asia/Tashkent", "Asia/Tashkent");
        }
    }

    public TimeProvider Time { get; }

    public TimeZoneInfo Zone { get; }

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
