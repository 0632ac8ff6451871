using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Paycue.Grains.Hosting;

/// <summary>
/// Bounds a stop. With Redis unreachable (a hung server, dropped packets), Orleans' graceful shutdown waits on one
/// Redis timeout after another (membership, reminders, storage) and a SIGTERM took well over 35 s: past systemd's or
/// docker's patience, and past what a deploy script waits for. The host gives its services
/// <see cref="HostTimeout"/>; if the stop has still not finished at <see cref="Limit"/>, the process ends itself as a
/// crash would. That is safe by construction: nothing is acknowledged before it is durable, and a silo that vanishes
/// is declared dead by the others, whose cards then move, exactly as after kill -9.
/// </summary>
public sealed partial class ShutdownWatchdog(IHostApplicationLifetime lifetime, ILogger<ShutdownWatchdog> logger) : IHostedService, IDisposable
{
    /// <summary>What the host gives its services to stop, Orleans' silo among them.</summary>
    public static readonly TimeSpan HostTimeout = TimeSpan.FromSeconds(18);

    /// <summary>When a stop still running is cut short.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(25);

    private readonly Lock gate = new();
    private Timer? timer;
    private bool stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(Arm);

        // A stop that finished disarms it: several hosts share one process in tests, and a late timer would end them all.
        lifetime.ApplicationStopped.Register(Dispose);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        lock (gate)
        {
            stopped = true;
            timer?.Dispose();
            timer = null;
        }
    }

    private void Arm()
    {
        lock (gate)
        {
            if (!stopped)
            {
                timer ??= new Timer(_ => GiveUp(), null, Limit, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void GiveUp()
    {
        lock (gate)
        {
            if (stopped)
            {
                return;
            }
        }

        LogGaveUp(Limit.TotalSeconds);

        // Give the console logger a moment to write the line. Not Environment.Exit: its process-exit handlers wait
        // for the very host that is stuck.
        Thread.Sleep(300);
        Process.GetCurrentProcess().Kill();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Shutdown did not finish within {Seconds} s (Redis or the cluster unreachable?); ending the process without a clean stop. Other silos take its cards over as after a crash.")]
    private partial void LogGaveUp(double seconds);
}
