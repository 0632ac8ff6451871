using System.Globalization;

namespace Paycue.Bench;

/// <summary>
/// One wrk run's totals, from the "wrk-summary" line that bench/wrk/report.lua prints. <see cref="Requests"/> counts
/// every complete response; <see cref="NonSuccess"/> those with status 400 or more (wrk's "Non-2xx or 3xx responses"),
/// which <see cref="SuccessPerSecond"/> leaves out; <see cref="SocketErrors"/> connects, reads and writes that failed
/// and requests that timed out, which never count as responses.
/// </summary>
public sealed record WrkRun(long Requests, double Seconds, long NonSuccess, long SocketErrors, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public long Succeeded => Requests - NonSuccess;

    public double SuccessPerSecond => Succeeded / Seconds;

    public long Errors => NonSuccess + SocketErrors;

    public static WrkRun Parse(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("wrk-summary ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no wrk-summary line (was bench/wrk/report.lua loaded?):\n{output}");
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => f.Split('=', 2))
            .ToDictionary(f => f[0], f => long.Parse(f[1], CultureInfo.InvariantCulture));
        long Field(string name) => fields.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"wrk-summary has no {name}: {line}");
        return new WrkRun(
            Field("requests"),
            Field("duration_us") / 1e6,
            Field("non2xx"),
            Field("connect_errors") + Field("read_errors") + Field("write_errors") + Field("timeouts"),
            Field("p50_us") / 1e3,
            Field("p90_us") / 1e3,
            Field("p99_us") / 1e3,
            Field("max_us") / 1e3);
    }
}
