using System.Diagnostics;
using System.Text;

namespace Paycue.Gateway.Tests.Cli;

/// <summary>
/// <c>dotnet paycue.dll</c> from the test output directory as a child process: the program exactly as an operator
/// runs it, in a fresh temporary working directory so no <c>.env</c> leaks in. Every run is bounded and killed on timeout.
/// </summary>
public static class PaycueProcess
{
    public static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "paycue.dll");

    /// <summary>Keys a developer's shell may carry that would point the child somewhere else.</summary>
    private static readonly string[] Scrubbed = ["PAYCUE_URL", "API_USERNAME", "API_PASSWORD", "PORT", "REDIS_ADDR", "ASPNETCORE_URLS"];

    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> env, string workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in Scrubbed)
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Runs a command to its end (at most 60 s) in a fresh working directory, or <paramref name="workingDirectory"/>.</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> env, IEnumerable<string> args, string? workingDirectory = null)
    {
        var directory = workingDirectory ?? Directory.CreateTempSubdirectory("paycue-cli-").FullName;
        try
        {
            using var process = Process.Start(StartInfo(env, directory, args))!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"paycue {string.Join(' ', args)} did not finish within 60 s.");
            }

            return new CliResult(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (workingDirectory is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
