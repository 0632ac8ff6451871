namespace Paycue.Chaos;

/// <summary>What one drill run does, from <c>CHAOS_*</c> environment variables (chaos.sh sets the paths).</summary>
public sealed record ChaosSettings(
    int Seed,
    double Minutes,
    int CreatesPerSecond,
    bool DatedPayments,
    string SiloDll,
    string GatewayDll,
    string ReceiverDll,
    string VerifierScript,
    string NodeModules,
    string OutputDirectory,
    bool GatewayIsClient = false)
{
    /// <summary>Cluster settings the drill runs with; the checker's bounds derive from them.</summary>
    public static readonly TimeSpan TransactionTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan ExpiryGrace = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan AmountCooldown = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a killed or frozen silo may hold its cards before the others declare it dead and take them over
    /// (Orleans' membership probes): added to deadline + grace + REMINDER_PERIOD for "never active too long".
    /// </summary>
    public static readonly TimeSpan FailoverAllowance = TimeSpan.FromSeconds(45);

    /// <summary>Requested prices (so'm): few, so that amounts collide on the two cards and drift upwards.</summary>
    public static readonly long[] PricesSom = [10_000, 15_000, 20_000, 25_000, 50_000];

    public TimeSpan Duration => TimeSpan.FromMinutes(Minutes);

    public static ChaosSettings FromEnvironment()
    {
        static string Need(string key) => Environment.GetEnvironmentVariable(key) is { Length: > 0 } v
            ? v
            : throw new InvalidOperationException($"{key} is not set; run the drill through ./chaos.sh.");

        var seedText = Environment.GetEnvironmentVariable("CHAOS_SEED");
        var seed = string.IsNullOrEmpty(seedText) ? Random.Shared.Next(1, 1_000_000) : int.Parse(seedText, System.Globalization.CultureInfo.InvariantCulture);
        var minutesText = Environment.GetEnvironmentVariable("CHAOS_MINUTES");
        var minutes = string.IsNullOrEmpty(minutesText) ? 5 : double.Parse(minutesText, System.Globalization.CultureInfo.InvariantCulture);
        if (minutes is <= 0 or > 60)
        {
            throw new InvalidOperationException("CHAOS_MINUTES must be more than 0 and at most 60.");
        }

        var rateText = Environment.GetEnvironmentVariable("CHAOS_RATE");
        var rate = string.IsNullOrEmpty(rateText) ? 20 : int.Parse(rateText, System.Globalization.CultureInfo.InvariantCulture);
        return new ChaosSettings(seed, minutes, rate, Environment.GetEnvironmentVariable("CHAOS_DATED") == "true",
            Need("CHAOS_SILO_DLL"), Need("CHAOS_GATEWAY_DLL"), typeof(ChaosSettings).Assembly.Location,
            Path.Combine(AppContext.BaseDirectory, "verify-webhooks.mjs"), Need("CHAOS_NODE_MODULES"), Need("CHAOS_OUT"),
            Environment.GetEnvironmentVariable("CHAOS_GATEWAY") == "client");
    }
}
