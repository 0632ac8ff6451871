namespace Paycue.Grains.Configuration;

/// <summary>
/// The deployment's time zone (<c>TZ</c>, an IANA name; default <c>Asia/Tashkent</c>), for times people read in
/// exports. Without tzdata on the machine, Asia/Tashkent falls back to a fixed +05:00 (Uzbekistan has kept no
/// daylight saving time since 1992, so nothing is lost); any other zone then cannot be honoured and is an error.
/// </summary>
public sealed record ReportTimeZone(string Name, TimeZoneInfo Zone, bool IsFallback)
{
    public const string Default = "Asia/Tashkent";

    public static readonly ReportTimeZone Tashkent = Resolve(Default);

    public static ReportTimeZone Resolve(string name)
    {
        // ":/etc/localtime" is the C library's way to say "the system's zone file"; exports then use the default.
        name = name.StartsWith(':') ? Default : name;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
        {
            return new ReportTimeZone(name, zone, false);
        }

        if (name == Default)
        {
            return new ReportTimeZone(name, TimeZoneInfo.CreateCustomTimeZone(Default, TimeSpan.FromHours(5), "Tashkent (+05:00, no tzdata)", "UZT"), true);
        }

        throw new PaycueConfigException($"TZ: '{name}' is not a time zone this machine knows; use an IANA name such as Asia/Tashkent "
            + "(install the tzdata package for zones other than Asia/Tashkent).");
    }

    /// <summary>ISO 8601 with this zone's offset at that instant, to the millisecond.</summary>
    public string Format(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, Zone).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
}
