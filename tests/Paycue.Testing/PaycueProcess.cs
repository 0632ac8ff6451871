using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
namespace Paycue.Testing;

/// <summary>
/// A real <c>paycue</c> or <c>paycue-silo</c> as a child process on loopback, configured through environment
/// variables as an operator's <c>.env</c> would; killed (or stopped with SIGTERM) by the test that started it.
/// </summary>
public sealed class PaycueProcess : IAsyncDisposable
{
    private readonly Process process;

    private PaycueProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:operator-password")));
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public int Pid => process.Id;

    /// <summary>Starts <c>paycue</c> (the HTTP program) and waits until /health/ready answers 200.</summary>
    public static async Task<PaycueProcess> StartAsync(string dll, IDictionary<string, string> settings)
    {
        var paycue = Launch(dll, settings);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var ready = await paycue.Http.GetAsync("/health/ready");
                if (ready.IsSuccessStatusCode)
                {
                    return paycue;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (paycue.process.HasExited)
            {
                throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with {paycue.process.ExitCode} during start-up.");
            }

            await Task.Delay(200);
        }

        await paycue.DisposeAsync();
        throw new TimeoutException($"{Path.GetFileName(dll)} did not become ready within 60 s.");
    }

    /// <summary>Starts a process without waiting for it (a silo has no HTTP to ask).</summary>
    public static PaycueProcess Launch(string dll, IDictionary<string, string> settings)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory.CreateTempSubdirectory("paycue-bench-").FullName,
        };
        start.Environment["PORT"] = port.ToString();
        start.Environment["SILO_PORT"] = FreePort.Next().ToString();
        start.Environment["GATEWAY_PORT"] = FreePort.Next().ToString();
        start.Environment["API_USERNAME"] = "operator";
        start.Environment["API_PASSWORD"] = "operator-password";
        start.Environment["SANDBOX"] = "true";
        start.Environment["LOG_FORMAT"] = "text";
        start.Environment["DASHBOARD"] = "false";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => paycueOutput(e.Data);
        process.ErrorDataReceived += (_, e) => paycueOutput(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PaycueProcess(process, port);

        static void paycueOutput(string? line)
        {
            if (line is not null && Environment.GetEnvironmentVariable("PAYCUE_TEST_OUTPUT") == "1")
            {
                Console.Error.WriteLine(line);
            }
        }
    }

    public bool HasExited => process.HasExited;

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

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
