using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Paycue.Gateway.Tests.PayPage;

/// <summary>
/// The built <c>paycue</c> program as a child process on real Kestrel ports, in a temporary working directory (so no
/// <c>.env</c> leaks in). A browser needs a real TCP port, which TestServer does not open.
/// </summary>
public sealed class PaycueProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly string directory;
    private readonly StringBuilder log = new();

    private PaycueProcess(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        BaseUrl = $"http://127.0.0.1:{port}";
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PaycueApp.User}:{PaycueApp.Password}")));
    }

    public string BaseUrl { get; }

    /// <summary>The merchant's authorized client.</summary>
    public HttpClient Api { get; }

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

    public static async Task<PaycueProcess> StartAsync(IDictionary<string, string>? overrides = null)
    {
        var port = FreePort.Next();
        var directory = Directory.CreateTempSubdirectory("paycue-browser-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "paycue.dll") },
        };
        var settings = new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(),
            ["SILO_PORT"] = FreePort.Next().ToString(),
            ["GATEWAY_PORT"] = FreePort.Next().ToString(),
            ["SANDBOX"] = "true",
            ["API_USERNAME"] = PaycueApp.User,
            ["API_PASSWORD"] = PaycueApp.Password,
            ["SERVICE_ID"] = $"browser-{Guid.NewGuid():N}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var child = new PaycueProcess(Process.Start(start)!, directory, port);
        child.process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child.process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        try
        {
            await child.WaitUntilHealthyAsync();
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }

        return child;
    }

    /// <summary>Creates a transaction on <paramref name="cardId"/> and returns its <c>data</c>.</summary>
    public async Task<JsonElement> CreateTransactionAsync(string amount, string cardId = "sandbox-1")
    {
        var response = await Api.PostAsync("/api/transactions", PaycueApp.Json($"{{\"amount\": {amount}, \"card_id\": \"{cardId}\"}}"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await PaycueApp.DataAsync(response);
    }

    /// <summary>Tells the sandbox feed that <paramref name="amount"/> so'm arrived on the card; true when it matched.</summary>
    public async Task<bool> PaySandboxAsync(string amount, string cardId = "sandbox-1")
    {
        var response = await Api.PostAsync("/api/sandbox/payments", PaycueApp.Json($"{{\"amount\": {amount}, \"card_id\": \"{cardId}\"}}"));
        return (await PaycueApp.DataAsync(response)).GetProperty("matched").GetBoolean();
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
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
            if (log.Length < 64 * 1024)
            {
                log.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var probe = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"paycue exited with code {process.ExitCode} before answering:\n{Log}");
            }

            try
            {
                if ((await probe.GetAsync("/health/")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"paycue did not answer /health/ on {BaseUrl} within {StartTimeout}:\n{Log}");
    }
}
