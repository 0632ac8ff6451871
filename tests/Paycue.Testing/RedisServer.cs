using System.Diagnostics;

namespace Paycue.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port in a temporary folder, owned by one test fixture. Its
/// append-only file (fsync every second, as production would run it) keeps data across a kill of the process.
/// Can be stopped and started again on the same port and data, to test outages and restarts.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("paycue-redis-").FullName;
    private Process? process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        // The port was free a moment ago, but another process (an outgoing connection's ephemeral port) may take it
        // before redis-server binds it; redis-server then exits, and a new port is tried.
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(FreePort.Next());
            try
            {
                await server.StartAgainAsync();
                return server;
            }
            catch (PortTakenException) when (attempt < 5)
            {
                await server.DisposeAsync();
            }
        }
    }

    public async Task StartAgainAsync()
    {
        var binary = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList = { "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "yes", "--appendfsync", "everysec" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start; install it with apt-get install redis-server.");

        // Ready when redis-server says so: a connection that goes through may have reached another process on the
        // port, whose taking it makes redis-server exit instead.
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var taken = false;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
            else if (line.Data?.Contains("Address already in use", StringComparison.Ordinal) == true)
            {
                taken = true;
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(10)));
        if (first == ready.Task)
        {
            return;
        }

        if (first == exited)
        {
            await exited;
            var message = $"redis-server exited with {process.ExitCode} while starting on port {Port}.";
            throw taken ? new PortTakenException(message) : new InvalidOperationException(message);
        }

        throw new InvalidOperationException($"redis-server did not listen on port {Port} within 10 s.");
    }

    private sealed class PortTakenException(string message) : InvalidOperationException(message);

    private async Task SignalAsync(string signal)
    {
        if (process is not { HasExited: false } running)
        {
            return;
        }

        using var kill = Process.Start("kill", [signal, running.Id.ToString()]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Kills the server (data persisted through the append-only file stays for <see cref="StartAgainAsync"/>).</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>
    /// kill -STOP: the server keeps its connections open but answers nothing, as when its machine hangs or the network
    /// drops packets; harder on clients than a refused connection.
    /// </summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>kill -CONT after <see cref="PauseAsync"/>.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            await ResumeAsync();
        }

        await StopAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
