using System.Diagnostics;
using Paycue.Grains.Interfaces;
using Paycue.Grains.Ledger;
using Paycue.Testing;

namespace Paycue.Bench;

/// <summary>
/// <c>export_100k_rows_peak_rss</c>: 100,000 ledger rows in Redis (written through the product's own ledger store),
/// exported by <c>GET /api/payments.csv</c>; the paycue process's resident memory is sampled every 20 ms while the
/// export streams, and its peak reported beside the RSS just before, so a streamed export shows as a small rise.
/// </summary>
public static class ExportScenario
{
    public const int Rows = 100_000;

    public static async Task RunAsync(string dll, Results results)
    {
        await using var redis = await RedisServer.StartAsync();
        const string serviceId = "bench-export";
        using (var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Address))
        {
            var ledger = new RedisLedgerStore(connection, serviceId);
            var start = DateTimeOffset.UtcNow.AddDays(-1);
            for (var batch = 0; batch < Rows; batch += 1_000)
            {
                await Task.WhenAll(Enumerable.Range(batch, 1_000).Select(i => ledger.RecordPaymentAsync(new PaymentRecord(
                    $"sandbox-1:1:{i}", "sandbox-1", i, 1_000_000 + i, "UZS", start.AddMilliseconds(i * 3), null, "humo", MatchOutcomes.NoOpenTransaction, null))));
            }
        }

        await using var paycue = await PaycueProcess.StartAsync(dll, new Dictionary<string, string> { ["REDIS_ADDR"] = redis.Address, ["SERVICE_ID"] = serviceId });
        var before = paycue.RssMiB();
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, paycue.RssMiB());
                await Task.Delay(20);
            }
        });

        var watch = Stopwatch.StartNew();
        using var response = await paycue.Http.GetAsync("/api/payments.csv", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var firstByteMs = watch.Elapsed.TotalMilliseconds;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = 0;
        while (await reader.ReadLineAsync() is not null)
        {
            lines++;
        }

        var seconds = watch.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        if (lines != Rows + 1)
        {
            throw new InvalidOperationException($"The export had {lines} lines; expected {Rows + 1} (a header and {Rows} rows).");
        }

        results.Add("export_100k_rows_peak_rss", peak, "MiB");
        results.Add("export_100k_rows_rss_before", before, "MiB");
        results.Add("export_100k_rows_seconds", seconds, "s");
        results.Add("export_100k_rows_first_byte", firstByteMs, "ms");
    }
}
