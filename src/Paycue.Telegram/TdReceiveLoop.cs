using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Paycue.Telegram;

/// <summary>
/// The one <c>td_receive</c> loop of the process. TDLib hands every answer and update of every client of the
/// process to whoever calls <c>td_receive</c>, and that call must not run on two threads at once, so a process
/// has exactly one loop, on a dedicated thread (never an Orleans scheduler or thread-pool thread, which it would
/// hold for up to <see cref="TdReceiveLoopOptions.ReceiveTimeout"/>). The thread only parses and routes by
/// <c>@client_id</c>; each <see cref="TdClient"/> dispatches its own messages.
/// It also routes TDLib's internal log into our logging at a verbosity that keeps secrets out.
/// </summary>
public sealed class TdReceiveLoop : IAsyncDisposable, IDisposable
{
    private static readonly ReceiveGuard ProcessGuard = new();

    /// <summary>The idle clients that keep TDLib's schedulers alive (see <see cref="AnchorSchedulers"/>): their messages are dropped.</summary>
    private static readonly ConcurrentDictionary<int, bool> Anchors = new();
    private static int s_anchored;

    private readonly ConcurrentDictionary<int, TdClient> _clients = new();
    private readonly ReceiveGuard _guard;
    private readonly Func<double, string?> _receive;
    private readonly bool _native;
    private readonly TimeSpan _joinTimeout;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _disposed;

    /// <summary>Starts the loop. Throws when another loop of this process is still running.</summary>
    public TdReceiveLoop(TdReceiveLoopOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(options, loggerFactory, timeProvider, receive: null, guard: null, joinTimeout: null)
    {
    }

    /// <summary>
    /// Tests: <paramref name="receive"/> stands in for <c>td_receive</c> (TDLib's log is then left alone) and
    /// <paramref name="guard"/> for the process-wide one, so the rule "one receiver at a time" can be watched without
    /// TDLib aborting the test process.
    /// </summary>
    internal TdReceiveLoop(
        TdReceiveLoopOptions? options,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        Func<double, string?>? receive,
        ReceiveGuard? guard,
        TimeSpan? joinTimeout)
    {
        Options = options ?? new TdReceiveLoopOptions();
        if (Options.TdlibLogVerbosity is < 0 or > TdReceiveLoopOptions.MaxSafeTdlibLogVerbosity)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                $"TDLib log verbosity must be between 0 and {TdReceiveLoopOptions.MaxSafeTdlibLogVerbosity}: higher levels log phone numbers, codes and passwords.");
        }

        _guard = guard ?? ProcessGuard;
        _native = receive is null;
        _receive = receive ?? TdJsonNative.Receive;
        _joinTimeout = joinTimeout ?? Options.ReceiveTimeout + TimeSpan.FromSeconds(5);
        if (!_guard.TryEnter())
        {
            throw new InvalidOperationException(_guard.Draining
                ? "The previous TdReceiveLoop of this process was stopped but its td_receive call has not returned yet; TDLib aborts the process when two threads receive at once. Try again in a moment."
                : "A TdReceiveLoop is already running in this process; share it. td_receive serves all TDLib clients of a process, so a second loop would steal the first one's answers.");
        }

        try
        {
            _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
            _logger = _loggerFactory.CreateLogger<TdReceiveLoop>();
            _timeProvider = timeProvider ?? TimeProvider.System;
            if (_native)
            {
                TdJsonNative.EnsureLoaded();
                RouteTdlibLog();
                AnchorSchedulers();
            }

            _thread = new Thread(Run) { IsBackground = true, Name = "tdlib-receive" };
            _thread.Start();
        }
        catch
        {
            _guard.Exit();
            throw;
        }
    }

    /// <summary>
    /// How many idle clients <see cref="AnchorSchedulers"/> keeps: TDLib's pool of schedulers has
    /// clamp(online CPUs, 8, 20) * 5 / 4 slots, so never more than this.
    /// </summary>
    private const int SchedulerAnchors = 25;

    /// <summary>The settings the loop runs with.</summary>
    public TdReceiveLoopOptions Options { get; }

    /// <summary>Reserves a new TDLib client on this loop; TDLib starts it when the first request is sent.</summary>
    public TdClient CreateClient()
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        var clientId = TdJsonNative.CreateClientId();
        var client = new TdClient(this, clientId, _timeProvider, _loggerFactory.CreateLogger<TdClient>());
        _clients[clientId] = client;
        _logger.LogDebug("TDLib client {ClientId} created.", clientId);
        return client;
    }

    /// <summary>Closes every client still open (so their databases are flushed), then stops the thread.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await Task.WhenAll(_clients.Values.Select(client => client.DisposeAsync().AsTask())).ConfigureAwait(false);
        Stop();
    }

    /// <summary>Stops the thread without closing clients; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => Stop();

    internal void Unregister(int clientId) => _clients.TryRemove(clientId, out _);

    private void Stop()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;
        _guard.MarkDraining();
        var joined = Thread.CurrentThread == _thread || _thread.Join(_joinTimeout);
        foreach (var client in _clients.Values)
        {
            client.Abandon();
        }

        // The process-wide guard is released by the thread itself once its last td_receive returned (see Run), never
        // here: a thread still inside td_receive after the join timed out would otherwise receive alongside the next loop.
        if (joined)
        {
            _logger.LogDebug("TDLib receive loop stopped.");
        }
        else
        {
            _logger.LogWarning("TDLib's td_receive did not return within {Timeout}; the next receive loop starts only after it has.", _joinTimeout);
        }
    }

    private void Run()
    {
        var timeoutSeconds = Options.ReceiveTimeout.TotalSeconds;
        try
        {
            while (!_stopping)
            {
                string? json;
                try
                {
                    json = _receive(timeoutSeconds);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "td_receive failed; the loop goes on.");
                    continue;
                }

                if (json is not null)
                {
                    Route(json);
                }
            }
        }
        finally
        {
            if (_native)
            {
                TdJsonNative.SetLogSink(0, null);
            }

            _guard.Exit();
        }
    }

    private void Route(string json)
    {
        JsonElement message;
        try
        {
            using var document = JsonDocument.Parse(json);
            message = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            _logger.LogError(ex, "TDLib sent JSON that does not parse; dropped.");
            return;
        }

        if (!message.TryGetProperty("@client_id", out var id) || !id.TryGetInt32(out var clientId))
        {
            _logger.LogDebug("TDLib sent {Type} without a client id; dropped.", TdJson.TypeOf(message));
            return;
        }

        if (Anchors.ContainsKey(clientId))
        {
            return;
        }

        if (_clients.TryGetValue(clientId, out var client))
        {
            client.Post(message);
        }
        else
        {
            _logger.LogDebug("TDLib sent {Type} for client {ClientId}, which is no longer registered; dropped.", TdJson.TypeOf(message), clientId);
        }
    }

    /// <summary>
    /// TDLib runs each client on one scheduler (threads of its own) out of a fixed pool, the least used one, and
    /// tears a scheduler down on the receive thread as soon as the last client on it has closed. That teardown now and
    /// then aborts the whole process (TDLib 1.8: <c>ObjectPool.h:191 storage_count_ == 0</c>; about one close in a
    /// hundred of a reopened session did it), and with fewer clients than pool slots every card's client has a
    /// scheduler to itself, so closing any card's client risked it. So the process keeps one idle client (no
    /// parameters: no database, no network) in every slot for as long as it runs, created before any card's client:
    /// a card's client always shares its scheduler with one of them, and closing it never tears a scheduler down.
    /// Anchors beyond the pool's size only share a slot. Once per process: a later loop finds them in place.
    /// </summary>
    private static void AnchorSchedulers()
    {
        if (Interlocked.Exchange(ref s_anchored, 1) != 0)
        {
            return;
        }

        for (var i = 0; i < SchedulerAnchors; i++)
        {
            var clientId = TdJsonNative.CreateClientId();
            Anchors[clientId] = true;

            // TDLib creates the client, and picks its scheduler, when the first request reaches it.
            TdJsonNative.Send(clientId, """{"@type":"getOption","name":"version"}""");
        }
    }

    private void RouteTdlibLog()
    {
        // TDLib logs to stderr at verbosity 5 by default: silence the stream and take the lines through the
        // callback instead, so they reach the host's logging and stay at the level we allow.
        TdJsonNative.Execute("""{"@type":"setLogStream","log_stream":{"@type":"logStreamEmpty"}}""");
        TdJsonNative.Execute(string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"@type":"setLogVerbosityLevel","new_verbosity_level":{{Options.TdlibLogVerbosity}}}"""));
        var tdlibLogger = _loggerFactory.CreateLogger("TDLib");
        TdJsonNative.SetLogSink(Options.TdlibLogVerbosity, (level, text) => tdlibLogger.Log(ToLogLevel(level), "{TdlibLog}", text.TrimEnd()));
    }

    private static LogLevel ToLogLevel(int verbosity) => verbosity switch
    {
        0 => LogLevel.Critical,
        1 => LogLevel.Error,
        2 => LogLevel.Warning,
        3 => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    /// <summary>Who may call <c>td_receive</c>: one loop at a time, held from its start until its thread has left <c>td_receive</c>.</summary>
    internal sealed class ReceiveGuard
    {
        private int _state; // 0 free, 1 running, 2 stopped but its thread may still be inside td_receive

        public bool Draining => Volatile.Read(ref _state) == 2;

        public bool TryEnter() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public void MarkDraining() => Interlocked.CompareExchange(ref _state, 2, 1);

        public void Exit() => Volatile.Write(ref _state, 0);
    }
}
