using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Paycue.Testing;

namespace Paycue.Bench;

/// <summary>
/// Create against <c>GET /health/</c> of the same process, measured by an independent load driver: Debian's
/// <c>wrk</c> (2 threads, 32 connections), each run after a 12 s wrk run whose numbers are discarded, with random
/// amounts so that nearly every create takes the fast path (its exact amount free on the first card asked). Once
/// with one sandbox card and once with ten, each on a fresh redis-server and paycue in Redis mode.
/// Health is measured before and again after create, and the ratio divides by their mean: other work on the same two
/// cores (builds, tests) drifts over the half minute between the runs and moves health more than create (health
/// 25,000-40,000 req/s from one run to the next on a busy machine, create within 5%).
/// </summary>
public static class WrkScenario
{
    private const int Threads = 2;
    private const int Connections = 32;
    private const long LowestSom = 1_000_000;
    private const long HighestSom = 100_000_000;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);

    private static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "wrk", name);

    public static async Task RunAsync(string dll, Results results)
    {
        foreach (var (cards, ratioTarget) in new[] { (1, ">= 0.25"), (10, ">= 0.30") })
        {
            var suffix = cards == 1 ? "1card" : $"{cards}cards";
            await using var redis = await RedisServer.StartAsync();
            await using var paycue = await PaycueProcess.StartAsync(dll, new Dictionary<string, string>
            {
                // LIMIT leaves room above an amount that does repeat on a card, so a repeat is a slower create, not a 409.
                ["REDIS_ADDR"] = redis.Address, ["SERVICE_ID"] = "bench-wrk", ["SANDBOX_CARDS"] = cards.ToString(), ["LIMIT"] = "1000",
            });

            var healthUrl = paycue.BaseUrl + "/health/";
            await RunWrkAsync(healthUrl, "report.lua", Warmup, []);
            var cpuBefore = paycue.CpuTime();
            var health = await RunWrkAsync(healthUrl, "report.lua", Measured, [], print: true);
            var healthCpu = paycue.CpuTime() - cpuBefore;

            var createUrl = paycue.BaseUrl + "/create/transaction/";
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PaycueProcess.User}:{PaycueProcess.Password}"));
            string[] CreateArguments() => [credentials, LowestSom.ToString(), HighestSom.ToString(), Random.Shared.Next(1, 1 << 30).ToString()];
            var warm = await RunWrkAsync(createUrl, "create.lua", Warmup, CreateArguments());
            cpuBefore = paycue.CpuTime();
            var create = await RunWrkAsync(createUrl, "create.lua", Measured, CreateArguments(), print: true);
            var createCpu = paycue.CpuTime() - cpuBefore;
            var healthAfter = await RunWrkAsync(healthUrl, "report.lua", Measured, [], print: true);
            var healthRate = (health.SuccessPerSecond + healthAfter.SuccessPerSecond) / 2;

            // Every acknowledged create must be an open transaction (none expire within TRANSACTION_TIMEOUT). A few
            // more may be open than wrk counted: requests in flight when a run ended were served but not counted.
            var cardList = await paycue.Http.GetFromJsonAsync<JsonElement>("/api/cards");
            var open = cardList.GetProperty("data").EnumerateArray().Sum(c => c.GetProperty("open_transactions").GetInt64());
            var unaccounted = open - (warm.Succeeded + create.Succeeded);

            results.Add($"wrk_health_rate_{suffix}", healthRate, "req/s");
            results.Add($"wrk_health_rate_before_create_{suffix}", health.SuccessPerSecond, "req/s");
            results.Add($"wrk_health_rate_after_create_{suffix}", healthAfter.SuccessPerSecond, "req/s");
            results.Add($"wrk_health_p99_{suffix}", Math.Max(health.P99Ms, healthAfter.P99Ms), "ms");
            results.Add($"wrk_health_errors_{suffix}", health.Errors + healthAfter.Errors, "requests", "0");
            results.Add($"wrk_create_rate_{suffix}", create.SuccessPerSecond, "req/s");
            results.Add($"wrk_create_to_health_ratio_{suffix}", create.SuccessPerSecond / healthRate, "ratio", ratioTarget);
            results.Add($"wrk_create_p50_{suffix}", create.P50Ms, "ms");
            results.Add($"wrk_create_p99_{suffix}", create.P99Ms, "ms", "<= 10");
            results.Add($"wrk_create_non2xx_{suffix}", create.NonSuccess + warm.NonSuccess, "responses", "0");
            results.Add($"wrk_create_socket_errors_{suffix}", create.SocketErrors + warm.SocketErrors, "requests", "0");
            results.Add($"wrk_create_open_minus_acknowledged_{suffix}", unaccounted, "transactions", $"0 to {2 * Connections}");
            results.Add($"wrk_create_rss_{suffix}", paycue.RssMiB(), "MiB");

            // paycue's own CPU (user and kernel) per answered request and in cores over the run: what a create costs
            // against an empty handler, and whether paycue had the CPU to go faster (wrk and redis-server take the rest).
            results.Add($"wrk_health_paycue_cpu_per_request_{suffix}", healthCpu.TotalMicroseconds / health.Requests, "us");
            results.Add($"wrk_create_paycue_cpu_per_request_{suffix}", createCpu.TotalMicroseconds / create.Requests, "us");
            results.Add($"wrk_health_paycue_cores_{suffix}", healthCpu.TotalSeconds / health.Seconds, "cores");
            results.Add($"wrk_create_paycue_cores_{suffix}", createCpu.TotalSeconds / create.Seconds, "cores");
            if (create.Errors + warm.Errors + health.Errors + healthAfter.Errors > 0 || unaccounted < 0 || unaccounted > 2 * Connections)
            {
                Console.WriteLine($"WARNING: the {suffix} wrk run had failures (see the figures above); the rates count only 2xx responses.");
                await ShowFailuresAsync(paycue);
            }
        }
    }

    /// <summary>
    /// What paycue logged about failures (it logs every 500 and 503 of a request; wrk only counts them), and what a
    /// create answers now.
    /// </summary>
    private static async Task ShowFailuresAsync(PaycueProcess paycue)
    {
        var logged = paycue.Log.Split('\n')
            .Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal))
            .Take(20);
        foreach (var line in logged)
        {
            // A failed request's line carries its whole stack trace; the exception and its first frames say enough.
            var text = line.TrimEnd();
            Console.WriteLine("WARNING: paycue logged " + (text.Length > 600 ? text[..600] + " ..." : text));
        }

        using var response = await paycue.Http.PostAsync("/create/transaction/",
            new StringContent($"{{\"amount\": {Random.Shared.NextInt64(LowestSom, HighestSom + 1)}}}", Encoding.UTF8, "application/json"));
        Console.WriteLine($"WARNING: one create now answers {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<WrkRun> RunWrkAsync(string url, string script, TimeSpan duration, string[] scriptArguments, bool print = false)
    {
        var start = new ProcessStartInfo("wrk")
        {
            ArgumentList = { $"-t{Threads}", $"-c{Connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "-s", Script(script), url },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (scriptArguments.Length > 0)
        {
            start.ArgumentList.Add("--");
            foreach (var argument in scriptArguments)
            {
                start.ArgumentList.Add(argument);
            }
        }

        Process wrk;
        try
        {
            wrk = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("wrk is not installed: ./bench.sh installs it (apt-get install wrk).", e);
        }

        using (wrk)
        {
            var output = wrk.StandardOutput.ReadToEndAsync();
            var errors = wrk.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
            await wrk.WaitForExitAsync(timeout.Token);
            var text = await output + await errors;
            if (wrk.ExitCode != 0)
            {
                throw new InvalidOperationException($"wrk exited with {wrk.ExitCode}:\n{text}");
            }

            if (print)
            {
                // wrk's own report, with its "Non-2xx or 3xx responses" and socket error lines when there were any.
                foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    Console.WriteLine("# " + line);
                }
            }

            return WrkRun.Parse(text);
        }
    }
}
