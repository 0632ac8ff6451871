using System.Diagnostics;

namespace Paycue.Bench;

/// <summary>Latency and rate of a request, measured by a fixed number of workers over a fixed time.</summary>
public sealed record LoadResult(long Requests, long Failures, double PerSecond, double P50Ms, double P99Ms);

/// <summary>
/// A closed-loop driver: <c>workers</c> tasks each send the next request as soon as the previous answered, for a
/// fixed duration. The same driver, concurrency and duration measure every scenario that is compared.
/// </summary>
public static class LoadDriver
{
    public static async Task<LoadResult> RunAsync(Func<long, Task<bool>> request, int workers, TimeSpan duration, TimeSpan warmup)
    {
        long sequence = 0;
        await RunPhaseAsync(request, workers, warmup, () => Interlocked.Increment(ref sequence), null);
        var latencies = new List<double>[workers];
        var failures = 0L;
        var stopwatch = Stopwatch.StartNew();
        await RunPhaseAsync(request, workers, duration, () => Interlocked.Increment(ref sequence), (worker, ms, ok) =>
        {
            (latencies[worker] ??= []).Add(ms);
            if (!ok)
            {
                Interlocked.Increment(ref failures);
            }
        });
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length, failures, all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    /// <summary>Measures <paramref name="count"/> requests one after another with <paramref name="workers"/> in parallel.</summary>
    public static async Task<double[]> LatenciesAsync(Func<long, Task<bool>> request, int count, int workers, long firstSequence)
    {
        var next = firstSequence - 1;
        var results = new double[count];
        var index = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (true)
            {
                var i = Interlocked.Increment(ref index);
                if (i >= count)
                {
                    return;
                }

                var started = Stopwatch.GetTimestamp();
                await request(Interlocked.Increment(ref next));
                results[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        return results.Order().ToArray();
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(p * sorted.Length))];

    private static async Task RunPhaseAsync(Func<long, Task<bool>> request, int workers, TimeSpan duration, Func<long> next, Action<int, double, bool>? record)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await request(next());
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                record?.Invoke(worker, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ok);
            }
        }));
    }
}
