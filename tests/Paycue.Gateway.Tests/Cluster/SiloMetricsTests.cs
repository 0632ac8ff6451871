namespace Paycue.Gateway.Tests.Cluster;

public sealed class SiloMetricsTests
{
    [Fact]
    public async Task SiloServesPrometheusMetricsOnItsMetricsPort()
    {
        var metricsPort = FreePort.Next();
        await using var silo = PaycueProcess.Launch(SiloBinary.Path(), new Dictionary<string, string> { ["METRICS_PORT"] = metricsPort.ToString(), ["SANDBOX_CARDS"] = "1" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = TimeSpan.FromSeconds(5) };

        var text = await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    return await http.GetStringAsync("/metrics");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return "";
                }
            },
            t => t.Contains("orleans_", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), $"silo metrics (log: {silo.Log})");
        Assert.Contains("orleans_", text);
        Assert.False(silo.HasExited);
    }
}
