using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Paycue.Testing;

namespace Paycue.Bench;

/// <summary>
/// The scale point: 100,000 open transactions over 10 sandbox cards. Create p50 next to 100,000 open (400 creates by 4
/// workers, as <c>create_p50_open10000</c> is measured), paycue's RSS and Redis memory per open transaction. No p50
/// next to 100 open here: a hundred creates after a start measure the JIT, not the pool (1.9 ms against 0.7 ms at
/// 100,000 in a trial run); <c>create_p50_ratio_10000_vs_100</c> compares on a process already warm. Every create asks for its own amount and names no card, so the placer spreads them over the
/// cards (about 10,000 each) and LIMIT is never what is measured.
/// </summary>
public static class ScaleScenario
{
    public const int Open = 100_000;
    private const int Sample = 400;
    private const int FillWorkers = 32;

    public static async Task RunAsync(string dll, Results results)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var paycue = await PaycueProcess.StartAsync(dll, new Dictionary<string, string>
        {
            ["REDIS_ADDR"] = redis.Address, ["SERVICE_ID"] = "bench-scale", ["SANDBOX_CARDS"] = "10",
        });

        async Task<bool> Create(long i)
        {
            using var response = await paycue.Http.PostAsync("/api/transactions", new StringContent($"{{\"amount\": {100_000 + i}}}", Encoding.UTF8, "application/json"));
            return response.IsSuccessStatusCode ? true : throw new InvalidOperationException($"Create {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        const int warmup = 500;
        await LoadDriver.LatenciesAsync(Create, warmup, 4, 0);
        var redisBefore = await Scenarios.RedisUsedMemoryAsync(redis);
        var filled = warmup;
        var fillStarted = DateTime.UtcNow;
        await LoadDriver.LatenciesAsync(Create, Open - filled, FillWorkers, filled);
        var fillSeconds = (DateTime.UtcNow - fillStarted).TotalSeconds;
        var redisAfter = await Scenarios.RedisUsedMemoryAsync(redis);
        var atScale = await LoadDriver.LatenciesAsync(Create, Sample, 4, Open);

        var cards = (await paycue.Http.GetFromJsonAsync<JsonElement>("/api/cards")).GetProperty("data").EnumerateArray()
            .Select(c => c.GetProperty("open_transactions").GetInt64()).ToArray();
        results.Add("scale_open_transactions", cards.Sum(), "transactions", $"{Open + Sample}");
        results.Add("scale_open_per_card_min", cards.Min(), "transactions");
        results.Add("scale_open_per_card_max", cards.Max(), "transactions");
        results.Add("scale_fill_rate", (Open - filled) / fillSeconds, "req/s");
        results.Add("create_p50_open100000", LoadDriver.Percentile(atScale, 0.5), "ms");
        results.Add("create_p99_open100000", LoadDriver.Percentile(atScale, 0.99), "ms");
        results.Add("scale_rss_open100000", paycue.RssMiB(), "MiB");
        results.Add("redis_memory_per_open_transaction", (redisAfter - redisBefore) / (double)(Open - filled), "bytes");
    }
}
