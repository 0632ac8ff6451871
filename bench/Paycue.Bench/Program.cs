using System.Runtime.InteropServices;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Paycue.Bench;
using Paycue.Testing;

// bench.sh builds Release and passes the paycue.dll to measure and where to write results.json.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Paycue.Bench PATH/TO/paycue.dll RESULTS.json");
    return 2;
}

// BENCH_ONLY=create, confirm, export, wrk or scale runs that scenario alone, for profiling one path.
var only = Environment.GetEnvironmentVariable("BENCH_ONLY");
if (only is not (null or "create" or "confirm" or "export" or "wrk" or "scale"))
{
    Console.Error.WriteLine($"BENCH_ONLY must be create, confirm, export, wrk or scale; got '{only}'.");
    return 2;
}

// The confirm p99 target must hold in every one of five consecutive runs, so five is the default.
var confirmRunsText = Environment.GetEnvironmentVariable("BENCH_CONFIRM_RUNS") ?? "5";
if (!int.TryParse(confirmRunsText, out var confirmRuns) || confirmRuns is < 1 or > 20)
{
    Console.Error.WriteLine($"BENCH_CONFIRM_RUNS must be a whole number from 1 to 20; got '{confirmRunsText}'.");
    return 2;
}

var dll = Path.GetFullPath(args[0]);
var results = new Results();
var scenarios = new Scenarios(dll, results, confirmRuns);
// Each scenario gets a fresh redis-server: the throughput run leaves ~70,000 transactions behind, and Redis
// rewriting that append-only file during the confirm run (a fork and a disk write on the same two cores) would
// measure the previous scenario, not this one.
await using (var receiver = await WebhookReceiver.StartAsync())
{
    if (only is null or "create")
    {
        await using var redis = await RedisServer.StartAsync();
        await Timed("create", () => scenarios.CreateThroughputAsync(redis, receiver));
    }

    if (only is null or "confirm")
    {
        await using var redis = await RedisServer.StartAsync();
        await Timed("confirm", () => scenarios.LoadAndConfirmAsync(redis, receiver));
    }
}

if (only is null or "export")
{
    await Timed("export", () => ExportScenario.RunAsync(dll, results));
}

if (only is null or "wrk")
{
    await Timed("wrk", () => WrkScenario.RunAsync(dll, results));
}

if (only is null or "scale")
{
    await Timed("scale", () => ScaleScenario.RunAsync(dll, results));
}

if (only is not null)
{
    results.Write(args[1], new Dictionary<string, string> { ["only"] = only });
    return 0;
}

await Timed("drift", scenarios.DriftAsync);

// In-process parts under BenchmarkDotNet, short runs so the whole harness stays within minutes.
var config = ManualConfig.CreateEmpty()
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .AddColumnProvider(DefaultColumnProviders.Instance)
    .AddLogger(ConsoleLogger.Default)
    .WithOptions(ConfigOptions.DisableLogFile);
var summary = BenchmarkRunner.Run<PoolBenchmarks>(config);
foreach (var report in summary.Reports)
{
    var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
    var held = report.BenchmarkCase.Parameters["Held"];
    results.Add($"inprocess_{name}_held{held}", report.ResultStatistics?.Mean ?? double.NaN, "ns");
}

results.Write(args[1], new Dictionary<string, string>
{
    ["cores"] = Environment.ProcessorCount.ToString(),
    ["os"] = RuntimeInformation.OSDescription,
    ["runtime"] = RuntimeInformation.FrameworkDescription,
});
return 0;

// How long each scenario took, as a comment line (the whole bench must stay within minutes on two cores).
static async Task Timed(string scenario, Func<Task> run)
{
    var watch = System.Diagnostics.Stopwatch.StartNew();
    await run();
    Console.WriteLine($"# {scenario} scenario took {watch.Elapsed.TotalSeconds:0} s");
}
