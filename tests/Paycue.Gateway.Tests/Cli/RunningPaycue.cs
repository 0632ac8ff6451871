using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Paycue.Gateway.Tests.Cli;

/// <summary>
/// An all-in-one <c>paycue</c> (silo + HTTP, one sandbox card) running as a child process on free ports, because the
/// command line needs a real TCP endpoint. Started once per test class, killed with its process tree on dispose.
/// </summary>
public sealed class RunningPaycue : IAsyncLifetime
{
    public const string User = "operator";
    public const string Password = "cli-test-Secret-7f3a";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly StringBuilder log = new();
    private Process? process;
    private string workingDirectory = "";

    public string Url { get; private set; } = "";

    /// <summary>An HttpClient with the API credentials, to set up and cross-check what the command line shows.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>What the command line needs to reach this service, as an operator would export it.</summary>
    public IReadOnlyDictionary<string, string> CliEnvironment => new Dictionary<string, string>
    {
        ["PAYCUE_URL"] = Url,
        ["API_USERNAME"] = User,
        ["API_PASSWORD"] = Password,
    };

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        Url = $"http://127.0.0.1:{port}";
        workingDirectory = Directory.CreateTempSubdirectory("paycue-service-").FullName;
        var env = new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(),
            ["SANDBOX"] = "true",
            ["SANDBOX_CARDS"] = "1",
            ["API_USERNAME"] = User,
            ["API_PASSWORD"] = Password,
            ["SILO_PORT"] = FreePort.Next().ToString(),
            ["GATEWAY_PORT"] = FreePort.Next().ToString(),
            ["SERVICE_ID"] = $"cli-test-{Guid.NewGuid():N}",
        };

        process = Process.Start(PaycueProcess.StartInfo(env, workingDirectory, []))!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        Api = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(10) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        await WaitUntilHealthyAsync();
    }

    public Task<CliResult> RunAsync(params string[] args) => PaycueProcess.RunAsync(CliEnvironment, args);

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.WaitForExitAsync(timeout.Token);
            }

            process.Dispose();
        }

        if (Directory.Exists(workingDirectory))
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"paycue exited with {process.ExitCode} before it was healthy:\n{Log()}");
            }

            try
            {
                using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
                if ((await probe.GetAsync($"{Url}/health/")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"paycue did not answer GET /health/ within {StartTimeout}:\n{Log()}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private string Log()
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
