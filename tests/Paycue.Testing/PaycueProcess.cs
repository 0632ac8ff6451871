using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Paycue.Testing;

/// <summary>
/// A real <c>paycue</c> or <c>paycue-silo</c> as a child process on loopback ports, in a temporary working
/// directory (so no <c>.env</c> leaks in), configured through environment variables as an operator's <c>.env</c>
/// would. Browsers, load drivers and failover drills need real TCP ports, which TestServer does not open.
/// </summary>
public sealed class PaycueProcess : IAsyncDisposable
{
    public const string User = "operator";
    public const string Password = "operator-password";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const int MaxLogChars = 64 * 1024;

    private readonly Process process;
    private readonly string directory;
    private readonly StringBuilder log = new();

    private PaycueProcess(Process process, string directory, int port, string user, string password)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
        BaseUrl = $"http://127.0.0.1:{port}";
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    public int Port { get; }

    public string BaseUrl { get; }

    /// <summary>A client with the API credentials.</summary>
    public HttpClient Http { get; }

    public bool HasExited => process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>
    /// Waits until the process has exited and all it printed is in <see cref="Log"/>: <see cref="HasExited"/> turns
    /// true before the reader threads have handed over the last lines, so a check of the log right after it can miss
    /// the very line that explains the exit.
    /// </summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
    }

    /// <summary>What the process printed (the first 64 KiB), to explain a failed start.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>Starts the <c>paycue</c> built beside the calling test and waits until it is ready.</summary>
    public static Task<PaycueProcess> StartAsync(IDictionary<string, string>? settings = null) =>
        StartAsync(Path.Combine(AppContext.BaseDirectory, "paycue.dll"), settings ?? new Dictionary<string, string>());

    /// <summary>
    /// Starts <c>paycue</c> (the HTTP program) and waits until it is ready: <c>/health/ready</c> with sandbox cards,
    /// else <c>/health/</c>.
    /// </summary>
    public static async Task<PaycueProcess> StartAsync(string dll, IDictionary<string, string> settings)
    {
        // The ports come from FreePort, free a moment ago: on a loaded machine another process can take one before
        // paycue binds it. A start that failed on a taken port is started again on fresh ports (when the caller did
        // not fix the ports itself), so that race cannot fail a test.
        var portsChosenHere = !settings.Keys.Any(k => k is "PORT" or "SILO_PORT" or "GATEWAY_PORT");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(dll, settings);
            }
            catch (PortTakenException) when (portsChosenHere && attempt < 5)
            {
            }
        }
    }

    /// <summary>A start-up that failed because a port was taken between choosing and binding it.</summary>
    private sealed class PortTakenException(string message) : InvalidOperationException(message);

    private static bool PortTaken(string log) =>
        log.Contains("address already in use", StringComparison.OrdinalIgnoreCase) || log.Contains("Failed to bind to address", StringComparison.OrdinalIgnoreCase);

    private static async Task<PaycueProcess> StartOnceAsync(string dll, IDictionary<string, string> settings)
    {
        var paycue = Launch(dll, settings);
        var probe = settings.TryGetValue("SANDBOX", out var sandbox) && sandbox == "false" ? "/health/" : "/health/ready";
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (paycue.process.HasExited)
            {
                // Every line it printed, the one that says why included, before the log is read.
                await paycue.WaitForExitAsync(TimeSpan.FromSeconds(10));
                var code = paycue.process.ExitCode;
                await paycue.DisposeAsync();
                var message = $"{Path.GetFileName(dll)} exited with {code} during start-up:\n{paycue.Log}";
                throw PortTaken(paycue.Log) ? new PortTakenException(message) : new InvalidOperationException(message);
            }

            try
            {
                if ((await paycue.Http.GetAsync(probe)).IsSuccessStatusCode)
                {
                    return paycue;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        var output = paycue.Log;
        await paycue.DisposeAsync();
        throw new TimeoutException($"{Path.GetFileName(dll)} was not ready within {StartTimeout}:\n{output}");
    }

    /// <summary>Starts a process without waiting for it (a silo has no HTTP to ask).</summary>
    public static PaycueProcess Launch(string dll, IDictionary<string, string> settings)
    {
        var port = FreePort.Next();
        var directory = Directory.CreateTempSubdirectory("paycue-process-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(),
            ["SILO_PORT"] = FreePort.Next().ToString(),
            ["GATEWAY_PORT"] = FreePort.Next().ToString(),
            ["API_USERNAME"] = User,
            ["API_PASSWORD"] = Password,
            ["SANDBOX"] = "true",
            ["LOG_FORMAT"] = "text",
            ["DASHBOARD"] = "false",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var paycue = new PaycueProcess(process, directory, port, environment["API_USERNAME"], environment["API_PASSWORD"]);
        process.OutputDataReceived += (_, e) => paycue.Append(e.Data);
        process.ErrorDataReceived += (_, e) => paycue.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return paycue;
    }

    /// <summary>CPU time the process has used so far (user and kernel), for a cost per request between two readings.</summary>
    public TimeSpan CpuTime()
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>Resident memory of the process, in MiB, from /proc.</summary>
    public double RssMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
            }
        }

        return double.NaN;
    }

    /// <summary>kill -9: no shutdown, no handover, as when a machine dies.</summary>
    public void KillHard() => process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as <c>systemctl stop</c> sends it; true when the process exited within <paramref name="timeout"/>.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]);
        await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }

        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            // Enough to explain a failed start; a long run must not grow without bound.
            if (log.Length < MaxLogChars)
            {
                log.AppendLine(line);
            }

            if (Environment.GetEnvironmentVariable("PAYCUE_TEST_OUTPUT") == "1")
            {
                Console.Error.WriteLine(line);
            }
        }
    }
}
