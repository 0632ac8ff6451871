using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Paycue.Chaos;

/// <summary>
/// The system under test, all on loopback: redis-server (append-only, fsync always), three paycue-silo, one paycue
/// gateway and the webhook receiver. The gateway hosts a silo of its own (the default <c>paycue</c> role), so the
/// cards activated there take creates without a grain call (CardGrain.Direct), and killing it kills those
/// activations with their writes in flight; <c>CHAOS_GATEWAY=client</c> runs it in client mode instead. Each member
/// keeps its ports across restarts, as a restarted machine would.
/// </summary>
public sealed class Cluster(ChaosSettings settings, Action<string> say) : IAsyncDisposable
{
    public const string User = "chaos";
    public const string Password = "chaos-password";
    public const int Silos = 3;

    private readonly string redisDirectory = Path.Combine(settings.OutputDirectory, "redis");
    private readonly string logs = Path.Combine(settings.OutputDirectory, "logs");
    private readonly int redisPort = FreePort();
    private readonly int gatewayPort = FreePort();
    private readonly int receiverPort = FreePort();
    private readonly List<(int SiloPort, int GatewayPort)> siloPorts = Enumerable.Range(0, Silos).Select(_ => (FreePort(), FreePort())).ToList();
    private readonly (int SiloPort, int GatewayPort) gatewaySiloPorts = (FreePort(), FreePort());
    private readonly List<ChildProcess> everyProcess = [];
    private readonly object gate = new();

    public ChildProcess? Redis { get; private set; }

    public ChildProcess?[] SiloProcesses { get; } = new ChildProcess?[Silos];

    public ChildProcess? Gateway { get; private set; }

    public ChildProcess? ReceiverProcess { get; private set; }

    public string BaseUrl => $"http://127.0.0.1:{gatewayPort}";

    public string ReceiverUrl => $"http://127.0.0.1:{receiverPort}";

    public string DeliveriesFile => Path.Combine(settings.OutputDirectory, "deliveries.jsonl");

    /// <summary>Fixed per seed, so the checker needs no API call to know it; the API's copy is compared too.</summary>
    public string WebhookSecret { get; } = "whsec_" + Convert.ToBase64String(new Random(settings.Seed).GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 32));

    public HttpClient NewClient(TimeSpan timeout)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 128, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = new Uri(BaseUrl),
            Timeout = timeout,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        return client;
    }

    public async Task StartAsync()
    {
        Directory.CreateDirectory(redisDirectory);
        Directory.CreateDirectory(logs);
        await StartRedisAsync();
        ReceiverProcess = Track(ChildProcess.Start("receiver", "dotnet", [settings.ReceiverDll, "receiver", receiverPort.ToString(), DeliveriesFile], new Dictionary<string, string>(), Path.Combine(logs, "receiver.log"), settings.OutputDirectory));
        await WaitForPortAsync(receiverPort, TimeSpan.FromSeconds(60), "the webhook receiver");
        if (!settings.GatewayIsClient)
        {
            // First, and alone for a moment: the sandbox cards are activated on the gateway's own silo, so creates on
            // them skip the grain call from the start (until a fault moves them).
            await StartGatewayAsync();
        }

        for (var i = 0; i < Silos; i++)
        {
            StartSilo(i);
        }

        if (settings.GatewayIsClient)
        {
            await StartGatewayAsync();
        }
    }

    public async Task StartRedisAsync()
    {
        Redis = Track(ChildProcess.Start("redis", File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server",
            ["--port", redisPort.ToString(), "--bind", "127.0.0.1", "--dir", redisDirectory, "--save", "", "--appendonly", "yes", "--appendfsync", "always"],
            new Dictionary<string, string>(), Path.Combine(logs, "redis.log"), settings.OutputDirectory));
        await WaitForPortAsync(redisPort, TimeSpan.FromSeconds(20), "redis-server");
    }

    public void StartSilo(int index)
    {
        var environment = Common();
        environment["SILO_PORT"] = siloPorts[index].SiloPort.ToString();
        environment["GATEWAY_PORT"] = siloPorts[index].GatewayPort.ToString();
        environment["PORT"] = FreePort().ToString();
        SiloProcesses[index] = Track(ChildProcess.Start($"silo-{index + 1}", "dotnet", [settings.SiloDll], environment, Path.Combine(logs, $"silo-{index + 1}.log"), settings.OutputDirectory));
    }

    public async Task StartGatewayAsync()
    {
        var environment = Common();
        if (settings.GatewayIsClient)
        {
            environment["ORLEANS_ROLE"] = "client";
        }
        else
        {
            environment["SILO_PORT"] = gatewaySiloPorts.SiloPort.ToString();
            environment["GATEWAY_PORT"] = gatewaySiloPorts.GatewayPort.ToString();
        }

        environment["PORT"] = gatewayPort.ToString();
        Gateway = Track(ChildProcess.Start("gateway", "dotnet", [settings.GatewayDll], environment, Path.Combine(logs, "gateway.log"), settings.OutputDirectory));
        await WaitForPortAsync(gatewayPort, TimeSpan.FromSeconds(90), "the gateway");
    }

    /// <summary>
    /// The cards the gateway's own silo hosts now (from <c>GET /api/cluster</c>): creates on them skip the grain call.
    /// Null in client mode or when the cluster does not answer.
    /// </summary>
    public async Task<IReadOnlyList<string>?> CardsOnGatewaySiloAsync()
    {
        if (settings.GatewayIsClient)
        {
            return null;
        }

        try
        {
            using var http = NewClient(TimeSpan.FromSeconds(10));
            var silos = JsonNode.Parse(await http.GetStringAsync("/api/cluster"))!["data"]!.AsArray();
            var own = silos.FirstOrDefault(s => (string?)s!["status"] == "active" && ((string?)s!["address"])?.EndsWith($":{gatewaySiloPorts.SiloPort}", StringComparison.Ordinal) == true);
            return own?["cards"]?.AsArray().Select(c => (string)c!).ToList() ?? [];
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }

    /// <summary>Ready when the gateway answers /health/ready and /api/cluster lists every silo as active.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, int silos = Silos)
    {
        using var http = NewClient(TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var ready = await http.GetAsync("/health/ready");
                last = await ready.Content.ReadAsStringAsync();
                if (ready.IsSuccessStatusCode)
                {
                    var cluster = JsonNode.Parse(await http.GetStringAsync("/api/cluster"))!["data"]!.AsArray();
                    var active = cluster.Count(s => (string?)s!["status"] == "active");
                    last = $"{active} active silos";
                    if (active >= silos)
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
            {
                last = e.Message;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The cluster was not ready within {timeout}: {last}. Logs: {logs}");
    }

    /// <summary>Redis pause, through redis-cli (a client the drill starts and waits for).</summary>
    public async Task RedisCommandAsync(params string[] command)
    {
        using var cli = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("redis-cli", ["-h", "127.0.0.1", "-p", redisPort.ToString(), .. command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await cli.WaitForExitAsync();
    }

    /// <summary>Tells the receiver to answer 500, hang, or answer normally.</summary>
    public async Task ReceiverModeAsync(string mode, TimeSpan duration)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        (await http.PostAsync($"{ReceiverUrl}/control?mode={mode}&ms={(long)duration.TotalMilliseconds}", null)).EnsureSuccessStatusCode();
    }

    public IEnumerable<int> Pids()
    {
        lock (gate)
        {
            return everyProcess.Where(p => !p.HasExited).Select(p => p.Pid).ToList();
        }
    }

    private ChildProcess Track(ChildProcess process)
    {
        lock (gate)
        {
            everyProcess.Add(process);
        }

        File.AppendAllText(Path.Combine(settings.OutputDirectory, "pids"), $"{process.Pid}\n");
        say($"started {process.Name} (pid {process.Pid})");
        return process;
    }

    private Dictionary<string, string> Common() => new()
    {
        ["REDIS_ADDR"] = $"127.0.0.1:{redisPort}",
        ["SERVICE_ID"] = $"chaos-{settings.Seed}",
        ["CLUSTER_ID"] = "chaos",
        ["SANDBOX"] = "true",
        ["SANDBOX_CARDS"] = "2",
        ["LIMIT"] = "100",
        ["API_USERNAME"] = User,
        ["API_PASSWORD"] = Password,
        ["WEBHOOK_URL"] = $"{ReceiverUrl}/hook",
        ["WEBHOOK_SECRET"] = WebhookSecret,
        ["WEBHOOK_BACKOFF"] = "1s",
        ["WEBHOOK_RETRIES"] = "8",
        ["WEBHOOK_TIMEOUT"] = "5s",
        ["TRANSACTION_TIMEOUT"] = $"{(int)ChaosSettings.TransactionTimeout.TotalSeconds}s",
        ["EXPIRY_GRACE"] = $"{(int)ChaosSettings.ExpiryGrace.TotalSeconds}s",
        ["AMOUNT_COOLDOWN"] = $"{(int)ChaosSettings.AmountCooldown.TotalSeconds}s",
        ["REMINDER_PERIOD"] = $"{(int)ChaosSettings.ReminderPeriod.TotalSeconds}s",
        ["LOG_FORMAT"] = "text",
        ["DASHBOARD"] = "false",
        ["DOTNET_gcServer"] = "0",
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{what} did not listen on port {port} within {timeout}.");
    }

    public ValueTask DisposeAsync()
    {
        List<ChildProcess> all;
        lock (gate)
        {
            all = [.. everyProcess];
        }

        foreach (var process in all)
        {
            process.Reap();
        }

        return ValueTask.CompletedTask;
    }
}
