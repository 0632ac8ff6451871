using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Paycue.Grains.Tests.Faults;

/// <summary>
/// Which store calls fail next, as a Redis blip would make them: a chosen operation throws once (or N times) with
/// the exception StackExchange.Redis raises for a timeout. <see cref="After"/> makes the failure land after the
/// write went through (a timeout whose command Redis did execute), the case that tempts code to believe the
/// opposite of what storage holds.
/// </summary>
public sealed class FaultPlan
{
    private readonly ConcurrentDictionary<string, (int Count, bool After)> armed = new();

    public ConcurrentQueue<string> Injected { get; } = new();

    /// <summary>The next <paramref name="times"/> calls of <paramref name="operation"/> fail before reaching storage.</summary>
    public void FailNext(string operation, int times = 1) => armed[operation] = (times, false);

    /// <summary>The next call of <paramref name="operation"/> reaches storage, then fails as a timeout would.</summary>
    public void FailNextAfterWrite(string operation) => armed[operation] = (1, true);

    public void Clear() => armed.Clear();

    internal async Task<T> RunAsync<T>(string operation, Func<Task<T>> call)
    {
        var after = false;
        if (armed.TryGetValue(operation, out var fault) && fault.Count > 0)
        {
            armed[operation] = (fault.Count - 1, fault.After);
            after = fault.After;
            if (!after)
            {
                Injected.Enqueue(operation);
                throw Timeout(operation);
            }
        }

        var result = await call();
        if (after)
        {
            Injected.Enqueue(operation + " (after the write)");
            throw Timeout(operation);
        }

        return result;
    }

    internal async Task RunAsync(string operation, Func<Task> call) =>
        await RunAsync(operation, async () => { await call(); return true; });

    private static RedisTimeoutException Timeout(string operation) =>
        new($"Injected fault: Timeout performing {operation} (5000ms)", CommandStatus.Unknown);
}
