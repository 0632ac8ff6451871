using System.Diagnostics;

namespace Paycue.Gateway.Tests.Hosting;

/// <summary>systemd sends SIGTERM and, 90 s later by default (often configured shorter), SIGKILL: a stop must finish on its own.</summary>
public sealed class ShutdownTests : IAsyncLifetime
{
    private RedisServer redis = null!;

    public async Task InitializeAsync() => redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await redis.DisposeAsync();

    [Fact]
    public async Task SigtermStopsWithin30SecondsWhileRedisHangs()
    {
        await using var paycue = await PaycueProcess.StartAsync(new Dictionary<string, string>
        {
            ["REDIS_ADDR"] = redis.Address,
            ["SERVICE_ID"] = $"shutdown-{Guid.NewGuid():N}",
            ["SANDBOX_CARDS"] = "1",
        });

        await redis.PauseAsync();
        var stopwatch = Stopwatch.StartNew();
        var exited = await paycue.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.True(exited, $"still running {stopwatch.Elapsed.TotalSeconds:0} s after SIGTERM with Redis paused:\n{paycue.Log[^Math.Min(paycue.Log.Length, 4000)..]}");
    }
}
