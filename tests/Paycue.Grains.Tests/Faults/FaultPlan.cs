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

    private readonly ConcurrentDictionary<string, ConcurrentQueue<HeldCall>> held = new();
    private readonly ConcurrentDictionary<string, int> refused = new();

    /// <summary>
    /// The next call of <paramref name="operation"/> waits before reaching storage until the returned call is
    /// released: a write in flight for as long as a test needs it to be.
    /// </summary>
    public HeldCall HoldNext(string operation)
    {
        var call = new HeldCall();
        held.GetOrAdd(operation, _ => new ConcurrentQueue<HeldCall>()).Enqueue(call);
        return call;
    }

    /// <summary>The next call of <paramref name="operation"/> does not reach storage and answers the default (false: "Redis refused it").</summary>
    public void RefuseNext(string operation) => refused.AddOrUpdate(operation, 1, (_, n) => n + 1);

    public void Clear()
    {
        armed.Clear();
        refused.Clear();
        foreach (var queue in held.Values)
        {
            while (queue.TryDequeue(out var call))
            {
                call.Release();
            }
        }
    }

    internal async Task<T> RunAsync<T>(string operation, Func<Task<T>> call)
    {
        if (held.TryGetValue(operation, out var queue) && queue.TryDequeue(out var hold))
        {
            await hold.WaitAsync();
        }

        if (refused.TryGetValue(operation, out var refusals) && refusals > 0 && refused.TryUpdate(operation, refusals - 1, refusals))
        {
            Injected.Enqueue(operation + " (refused)");
            return default!;
        }

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
