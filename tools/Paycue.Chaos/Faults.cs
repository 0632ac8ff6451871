namespace Paycue.Chaos;

/// <summary>
/// One fault every 10–20 s, one at a time, drawn from a seeded shuffled bag of every kind (so even a one-minute run
/// gets different kinds, and a long run gets each about equally often). Only the drill's own processes, by pid.
/// </summary>
public sealed class Faults(ChaosSettings settings, Cluster cluster, Journal journal, Action<string> say)
{
    public static readonly string[] Kinds =
        ["silo_kill", "gateway_kill", "redis_restart", "redis_kill", "redis_pause", "silo_freeze", "receiver_500", "receiver_hang"];

    private readonly Random random = new(settings.Seed * 31 + 7);

    /// <summary>The order of fault kinds for a seed: its own generator, so it does not depend on timing.</summary>
    public static IEnumerable<string> Order(int seed)
    {
        var random = new Random(seed);
        while (true)
        {
            var kinds = Kinds.ToArray();
            random.Shuffle(kinds);
            foreach (var kind in kinds)
            {
                yield return kind;
            }
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        using var order = Order(settings.Seed).GetEnumerator();
        while (true)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10 + random.NextDouble() * 10), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // A fault, once begun, always runs to its end (the process restarted, the pause over): never cut short.
            order.MoveNext();
            await InjectAsync(order.Current);
        }
    }

    private async Task InjectAsync(string kind)
    {
        var started = DateTimeOffset.UtcNow;
        var target = "";
        var note = "";
        say($"fault {kind}");
        try
        {
            switch (kind)
            {
                case "silo_kill":
                {
                    var i = random.Next(Cluster.Silos);
                    target = $"silo-{i + 1} pid {cluster.SiloProcesses[i]!.Pid}";
                    await cluster.SiloProcesses[i]!.KillHardAsync();
                    await Task.Delay(TimeSpan.FromSeconds(3 + random.NextDouble() * 3));
                    cluster.StartSilo(i);
                    note = $"restarted as pid {cluster.SiloProcesses[i]!.Pid}";
                    break;
                }

                case "gateway_kill":
                    target = $"gateway pid {cluster.Gateway!.Pid}";
                    await cluster.Gateway.KillHardAsync();
                    await Task.Delay(TimeSpan.FromSeconds(1 + random.NextDouble() * 2));
                    await cluster.StartGatewayAsync();
                    note = $"restarted as pid {cluster.Gateway!.Pid}";
                    break;
                case "redis_restart":
                    target = $"redis pid {cluster.Redis!.Pid}";
                    await cluster.Redis.TerminateAsync(TimeSpan.FromSeconds(20));
                    await cluster.StartRedisAsync();
                    note = $"SIGTERM (graceful), restarted as pid {cluster.Redis!.Pid}";
                    break;
                case "redis_kill":
                    target = $"redis pid {cluster.Redis!.Pid}";
                    await cluster.Redis.KillHardAsync();
                    await Task.Delay(TimeSpan.FromSeconds(1 + random.NextDouble() * 2));
                    await cluster.StartRedisAsync();
                    note = $"restarted as pid {cluster.Redis!.Pid}";
                    break;
                case "redis_pause":
                    target = $"redis pid {cluster.Redis!.Pid}";
                    await cluster.RedisCommandAsync("CLIENT", "PAUSE", "3000", "ALL");
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    note = "CLIENT PAUSE 3000 ALL";
                    break;
                case "silo_freeze":
                {
                    var i = random.Next(Cluster.Silos);
                    var silo = cluster.SiloProcesses[i]!;
                    target = $"silo-{i + 1} pid {silo.Pid}";
                    silo.Signal(ChildProcess.SigStop);
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(5));
                    }
                    finally
                    {
                        silo.Signal(ChildProcess.SigCont);
                    }

                    note = "SIGSTOP 5 s, SIGCONT";
                    break;
                }

                case "receiver_500":
                    target = "receiver";
                    await cluster.ReceiverModeAsync("fail", TimeSpan.FromSeconds(10));
                    await Task.Delay(TimeSpan.FromSeconds(10));
                    note = "every delivery answered 500 for 10 s";
                    break;
                case "receiver_hang":
                    target = "receiver";
                    await cluster.ReceiverModeAsync("hang", TimeSpan.FromSeconds(15));
                    await Task.Delay(TimeSpan.FromSeconds(15));
                    note = "every delivery hung (no answer) for 15 s";
                    break;
            }
        }
        catch (Exception e)
        {
            note = $"{note} injector error: {e.GetType().Name}: {e.Message}".Trim();
            say($"fault {kind}: {e.Message}");
        }

        journal.Fault(new FaultRecord(kind, target, started, DateTimeOffset.UtcNow, note));
    }
}
