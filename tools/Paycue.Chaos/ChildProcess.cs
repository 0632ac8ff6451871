using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Paycue.Chaos;

/// <summary>
/// One process the drill started, addressed only by its own pid (never by name): kill -9, SIGTERM, SIGSTOP and
/// SIGCONT go to exactly this process. Its output goes to a log file in the drill's folder.
/// </summary>
public sealed partial class ChildProcess
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    private readonly Process process;

    private ChildProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Starts <paramref name="file"/> with its output appended to <paramref name="log"/> (exec keeps the pid).</summary>
    public static ChildProcess Start(string name, string file, IEnumerable<string> arguments, IDictionary<string, string> environment, string log, string workingDirectory)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=$1; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(log);
        start.ArgumentList.Add(file);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start ({file}).");
        return new ChildProcess(name, process);
    }

    public void Signal(int signal)
    {
        if (!process.HasExited && Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} ({Name}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>kill -9 and wait for the exit, as when a machine dies.</summary>
    public async Task KillHardAsync()
    {
        if (!process.HasExited)
        {
            Signal(SigKill);
        }

        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM; kill -9 when it has not exited within <paramref name="timeout"/>.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        Signal(SigTerm);
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            await KillHardAsync();
        }
    }

    /// <summary>Last resort at the end of a run: a stopped process is continued first so nothing is left frozen.</summary>
    public void Reap()
    {
        try
        {
            if (!process.HasExited)
            {
                Kill(process.Id, SigKill);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
