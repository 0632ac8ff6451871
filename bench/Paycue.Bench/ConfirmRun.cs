namespace Paycue.Bench;

/// <summary>One confirm → webhook run: how many confirms were sent and matched, at what pace, and each webhook's latency (sorted).</summary>
public sealed record ConfirmRun(int Confirms, int Matched, double OfferedRate, double[] Latencies);
