using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Paycue.Grains.Configuration;
using Paycue.Telegram;

namespace Paycue.Grains.Telegram;

/// <summary>
/// The TDLib side of one Telegram card, owned by its CardGrain: the session directory, the client, the login and
/// the watch on the bank bot's chat. TDLib's callbacks never touch grain code: whatever they produce (status changes,
/// bank messages, the history catch-up) goes into one queue that a pump hands to the grain through its grain
/// reference, one call at a time and in order. The grain awaits only login steps and closing, which are async and
/// bounded by <see cref="LoginTimeout"/>.
/// <para>
/// No payment is lost on the way: a history read that fails is retried (with backoff, honouring Telegram's flood
/// waits) from a start point kept until a read succeeds; the cursor (<see cref="_lastMessageId"/>, where the next
/// read stops) moves past a message only once the card has processed it; a hand-off that keeps failing leaves the
/// message to be read again. Only the watched bank-bot chats reach the card. The card is told, in order with the
/// messages, whether its feed is live (<see cref="ICardGrain.OnFeedStateAsync"/>).
/// </para>
/// </summary>
public sealed partial class CardSession : IAsyncDisposable
{
    /// <summary>Each TDLib request of a login, the log-out and the bank-bot chat set-up.</summary>
    public static readonly TimeSpan LoginTimeout = TimeSpan.FromSeconds(50);

    /// <summary>
    /// A whole login step, including waiting for the client to start: the "gives up within 60 s", with room
    /// for the grain to save the outcome. The grain methods that await it carry a longer Orleans response timeout
    /// (<c>[ResponseTimeout]</c> on <see cref="ICardGrain"/>), so the step reports "unreachable" itself.
    /// </summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(55);

    /// <summary>The bank bot's public username, for sessions that cannot open its chat by <c>WATCH_ID</c> alone.</summary>
    public const string BankBotUsername = "HUMOcardbot";

    /// <summary>The card's <c>status_reason</c> after the account owner (or Telegram) ended the session from outside.</summary>
    public const string SessionEndedReason = "session ended from another device";

    /// <summary>Uzcard's notification bot, found by this username when <c>UZCARD_WATCH_ID</c> is not set.</summary>
    public const string UzcardBotUsername = "CardXabarBot";

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Telegram dates come from Telegram's clock, the registration time from ours.</summary>
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromSeconds(5);

    private readonly string _cardId;
    private readonly PaycueOptions _options;
    private readonly ITelegramSessionFactory _factory;
    private readonly ICardGrain _card;
    private readonly ILogger _logger;
    private readonly CardSessionRetries _retries;
    private readonly Channel<Outgoing> _outbox = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _catchUpGate = new();
    private volatile ITdClient? _client;
    private volatile TelegramLogin? _login;
    private IDisposable? _updates;
    private volatile Task<TelegramLoginState>? _started;

    /// <summary>1 while we close or log out the client ourselves: a close then is ours, not the session ending from outside.</summary>
    private int _closingByUs;

    /// <summary>1 from a session ended from outside until the new login moves past <c>login_required</c>.</summary>
    private int _endedFromOutside;
    private int _watchAgain;
    private int _wasOffline;
    private long _lastMessageId;
    private DateTimeOffset? _notBefore;

    /// <summary>Each watched bank bot's chat as found before (bot user id → chat id), from the card's state and this session.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, long> _botChats = new();

    /// <summary>Chats whose messages go to the card: the bank bot's (a private chat's id is the user id, so known before it is resolved).</summary>
    private ImmutableHashSet<long> _watchedChats;

    /// <summary>The bank bots whose chats this session reads, Humo's first; set by the account's grain.</summary>
    private WatchedBot[] _bankBots;

    /// <summary>Each watched bank's bot chat (a private chat's id is the bot's user id), once found.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _resolvedBots = new(StringComparer.Ordinal);

    /// <summary>The oldest point a catch-up must read back to; kept until a read from it succeeded. Under <see cref="_catchUpGate"/>.</summary>
    private long _catchUpFrom = long.MaxValue;

    /// <summary>Counts catch-up requests, so a read that succeeded clears only the start point it read from. Under <see cref="_catchUpGate"/>.</summary>
    private int _catchUpRequests;

    /// <summary>Bumped whenever the feed stops being live; a "live" report made before the bump is stale.</summary>
    private int _feedVersion;

    /// <summary>What the card was last told about its feed; the pump's alone.</summary>
    private bool? _feedReported;

    public CardSession(string cardId, PaycueOptions options, ITelegramSessionFactory factory, ICardGrain card, ILogger logger)
    {
        _cardId = cardId;
        _options = options;
        _factory = factory;
        _card = card;
        _logger = logger;
        _retries = factory.Retries;
        _bankBots = [new WatchedBot("humo", options.WatchId, BankBotUsername)];
        _watchedChats = [options.WatchId];
        FeedDown(); // not live until this session has caught up
        _ = Task.Run(PumpAsync);
        _ = Task.Run(WatchLoopAsync);
    }

    /// <summary><c>SESSION_DIR/&lt;card-id&gt;</c>: the TDLib database while this card is active on this silo.</summary>
    public string DatabaseDirectory => Path.GetFullPath(Path.Combine(_options.SessionDirectory, _cardId));

    public TelegramLoginState State => _login?.State ?? TelegramLoginState.Connecting;

    /// <summary>
    /// The bank bots whose chats the account's cards need (Humo's first). A bot added later is read from the cursor
    /// on the next catch-up, which this starts.
    /// </summary>
    public void WatchBanks(IReadOnlyList<WatchedBot> bots)
    {
        var next = bots.ToArray();
        var before = Volatile.Read(ref _bankBots);
        if (before.SequenceEqual(next))
        {
            return;
        }

        Volatile.Write(ref _bankBots, next);
        ImmutableInterlocked.Update(ref _watchedChats, chats => chats.Union(next.Where(b => b.UserId != 0).Select(b => b.UserId)));
        if (next.Any(b => !before.Contains(b)))
        {
            lock (_catchUpGate)
            {
                _catchUpRequests++;
            }

            FeedDown();
            StartWatch();
        }
    }

    /// <summary>The user id of a watched bank's bot as this session found it (by id or username); null before it is found.</summary>
    public long? BotUserId(string bank) => _resolvedBots.TryGetValue(bank, out var id) ? id : null;

    /// <summary>Why a Telegram card cannot run at all with these settings; null when it can.</summary>
    public static string? MissingSetting(PaycueOptions options) =>
        string.IsNullOrEmpty(options.SessionKey) ? "SESSION_KEY is not set; Telegram cards need it to encrypt their session (any secret of 16 or more characters)."
        : options.SessionKey.Length < TdlibKeys.MinimumSessionKeyLength ? $"SESSION_KEY must be at least {TdlibKeys.MinimumSessionKeyLength} characters long."
        : options.AppId is null || string.IsNullOrEmpty(options.AppHash) ? "APP_ID and APP_HASH are not set; get them at https://my.telegram.org."
        : null;

    /// <summary>
    /// Restores the snapshot (when there is one) and starts the client, off the caller's thread; idempotent.
    /// Without a snapshot an existing directory is kept: <c>paycue --telegram</c> may have logged in there.
    /// <paramref name="botChats"/> are the bank bots' chats found before (bot user id → chat id).
    /// <paramref name="lastMessageId"/> is the newest message the card processed; while it is 0, the catch-up reads
    /// nothing dated before <paramref name="registeredAt"/>: a new card does not replay its chat's old credits.
    /// </summary>
    public Task<TelegramLoginState> StartAsync(
        byte[]? snapshot, long lastMessageId, DateTimeOffset? registeredAt = null, IReadOnlyDictionary<long, long>? botChats = null)
    {
        foreach (var (bot, chat) in botChats ?? new Dictionary<long, long>())
        {
            _botChats.TryAdd(bot, chat);
        }

        Interlocked.Exchange(ref _lastMessageId, lastMessageId);
        _notBefore = registeredAt - ClockTolerance;
        return _started ??= Task.Run(() => StartCoreAsync(snapshot));
    }

    /// <summary>Sends the phone number; an account already logged in stays as it is.</summary>
    public Task<TelegramLoginState> SubmitPhoneAsync(string phone) => StepAsync(login =>
        login.State.Status == TelegramLoginStatus.Ready ? Task.FromResult(login.State) : login.SubmitPhoneAsync(phone, _stopping.Token));

    public Task<TelegramLoginState> SubmitCodeAsync(string code) => StepAsync(login => login.SubmitCodeAsync(code, _stopping.Token));

    public Task<TelegramLoginState> SubmitPasswordAsync(string password) => StepAsync(login => login.SubmitPasswordAsync(password, _stopping.Token));

    public Task<TelegramLoginState> SubmitEmailAsync(string email) => StepAsync(login => login.SubmitEmailAsync(email, _stopping.Token));

    public Task<TelegramLoginState> SubmitEmailCodeAsync(string code) => StepAsync(login => login.SubmitEmailCodeAsync(code, _stopping.Token));

    /// <summary>Ends the Telegram session itself (Telegram forgets this device); a failure here still lets the caller delete the files.</summary>
    public async Task LogOutAsync()
    {
        if (_client is null || State.Status != TelegramLoginStatus.Ready)
        {
            return;
        }

        Volatile.Write(ref _closingByUs, 1);
        try
        {
            await _client.SendAsync(new JsonObject { ["@type"] = "logOut" }, LoginTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TdException or TimeoutException or InvalidOperationException)
        {
            LogLogOutFailed(_cardId, ex.GetType().Name);
        }
    }

    /// <summary>Deletes the database directory; call after <see cref="DisposeAsync"/>.</summary>
    public void DeleteFiles()
    {
        if (Directory.Exists(DatabaseDirectory))
        {
            Directory.Delete(DatabaseDirectory, recursive: true);
        }
    }

    /// <summary>Stops forwarding and closes the client (TDLib flushes its database). Does not wait for the pump,
    /// which may be queued behind the grain that is calling this.</summary>
    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _closingByUs, 1);
        _stopping.Cancel();
        _outbox.Writer.TryComplete();
        _updates?.Dispose();
        _login?.Dispose();
        if (_client is { } client)
        {
            try
            {
                await _factory.CloseAsync(client, CloseTimeout).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or OperationCanceledException)
            {
                LogCloseFailed(_cardId, ex.GetType().Name);
            }
        }
    }

    private async Task<TelegramLoginState> StartCoreAsync(byte[]? fromState)
    {
        // One live client per account: nothing of TDLib's starts before this process holds the account's lease.
        if (await AcquireLeaseAsync(fromState).ConfigureAwait(false) is not var (_, snapshot, authoritative))
        {
            return TelegramLoginState.Connecting;
        }

        try
        {
            if (snapshot is not null || authoritative)
            {
                if (Directory.Exists(DatabaseDirectory))
                {
                    Directory.Delete(DatabaseDirectory, recursive: true);
                }

                if (snapshot is not null)
                {
                    SessionSnapshot.Restore(snapshot, DatabaseDirectory, _options.SessionKey!);
                }
            }

            return await StartClientAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SessionSnapshotException or IOException)
        {
            return Failed(ex);
        }
    }

    /// <summary>A new client and login on <see cref="DatabaseDirectory"/>, started.</summary>
    private async Task<TelegramLoginState> StartClientAsync()
    {
        try
        {
            Directory.CreateDirectory(DatabaseDirectory);
            var client = _factory.CreateClient(_cardId);
            var login = new TelegramLogin(client, Settings(), LoginTimeout);
            _updates = client.Subscribe(OnUpdate);
            login.StateChanged += OnStateChanged;
            _client = client;
            _login = login;
            if (_stopping.IsCancellationRequested)
            {
                // Stopped while this client was being made: DisposeAsync may have missed it.
                await CloseQuietlyAsync(client).ConfigureAwait(false);
                return TelegramLoginState.Connecting;
            }

            // Every state, this one included, reaches the grain through StateChanged.
            return await login.StartAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TelegramLoginException or SessionSnapshotException or TdException or IOException or DllNotFoundException or InvalidOperationException)
        {
            return Failed(ex);
        }
    }

    private TelegramLoginState Failed(Exception ex)
    {
        // Messages of these exceptions are ours or TDLib's and name no secret.
        var failed = new TelegramLoginState(TelegramLoginStatus.Error, ex.Message);
        OnStateChanged(failed);
        return failed;
    }

    /// <summary>
    /// TDLib closed the client without our asking (<c>authorizationStateLoggingOut</c> then <c>Closed</c>): the account
    /// owner ended this session in a Telegram app, or Telegram revoked it, and TDLib wiped its data. The card forgets
    /// its snapshot (a dead session must never be restored), and a new client on an empty directory waits for a login.
    /// </summary>
    private async Task<TelegramLoginState> RestartAfterEndedAsync(ITdClient? dead, TelegramLogin? deadLogin, IDisposable? deadUpdates)
    {
        deadUpdates?.Dispose();
        if (deadLogin is not null)
        {
            deadLogin.StateChanged -= OnStateChanged;
            deadLogin.Dispose();
        }

        if (dead is not null)
        {
            await CloseQuietlyAsync(dead).ConfigureAwait(false);
        }

        if (_stopping.IsCancellationRequested)
        {
            return TelegramLoginState.Connecting;
        }

        await ForgetSnapshotAsync().ConfigureAwait(false); // a dead session must never be restored, by any process
        try
        {
            if (Directory.Exists(DatabaseDirectory))
            {
                Directory.Delete(DatabaseDirectory, recursive: true);
            }
        }
        catch (IOException ex)
        {
            return Failed(ex);
        }

        return await StartClientAsync().ConfigureAwait(false);
    }

    private async Task CloseQuietlyAsync(ITdClient client)
    {
        try
        {
            await _factory.CloseAsync(client, CloseTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            LogCloseFailed(_cardId, ex.GetType().Name);
        }
    }

    private async Task<TelegramLoginState> StepAsync(Func<TelegramLogin, Task<TelegramLoginState>> step)
    {
        try
        {
            return await StepCoreAsync(step).WaitAsync(StepTimeout, _stopping.Token).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TelegramUnreachableException(StepTimeout, ex);
        }
    }

    private async Task<TelegramLoginState> StepCoreAsync(Func<TelegramLogin, Task<TelegramLoginState>> step)
    {
        if (_leaseWait is { } waiting)
        {
            throw new TelegramLoginException(waiting);
        }

        var started = await (_started ?? throw new InvalidOperationException("The session was not started.")).ConfigureAwait(false);
        if (_login is null)
        {
            throw new TelegramLoginException(started.Reason ?? "The Telegram client could not start.");
        }

        return await step(_login).ConfigureAwait(false);
    }

    private TdlibSettings Settings() => new()
    {
        ApiId = _options.AppId!.Value,
        ApiHash = _options.AppHash!,
        DatabaseDirectory = DatabaseDirectory,
        DatabaseEncryptionKey = TdlibKeys.DatabaseEncryptionKey(_options.SessionKey!),
    };

    /// <summary>On TDLib's dispatch task: map and queue, nothing more.</summary>
    private void OnUpdate(JsonElement update)
    {
        if (TdUpdateMapper.TryMap(update, out var message))
        {
            // Chatter in the account's other chats would only queue up in front of the bank's messages.
            if (Volatile.Read(ref _watchedChats).Contains(message.ChatId))
            {
                PassOn(message);
            }

            return;
        }

        if (update.TryGetProperty("@type", out var type) && type.ValueEquals("updateConnectionState")
            && update.TryGetProperty("state", out var connection) && connection.ValueKind == JsonValueKind.Object
            && connection.TryGetProperty("@type", out var connectionState) && connectionState.ValueKind == JsonValueKind.String)
        {
            OnConnectionState(connectionState.GetString()!);
        }
    }

    /// <summary>
    /// Back online after having been offline: whatever the bank bot sent meanwhile may never come as an update, so read
    /// the history back again (dedupe makes a message that does come twice harmless).
    /// </summary>
    private void OnConnectionState(string connectionState)
    {
        if (connectionState != "connectionStateReady")
        {
            if (Interlocked.Exchange(ref _wasOffline, 1) == 0)
            {
                FeedDown();
            }

            return;
        }

        if (Interlocked.Exchange(ref _wasOffline, 0) == 1 && State.Status == TelegramLoginStatus.Ready)
        {
            LogReconnected(_cardId);
            StartWatch();
        }
    }

    private void OnStateChanged(TelegramLoginState state)
    {
        if (state.Status != TelegramLoginStatus.Ready)
        {
            FeedDown();
        }

        var ours = Volatile.Read(ref _closingByUs) == 1 || _stopping.IsCancellationRequested;
        if (state.Status is TelegramLoginStatus.LoggingOut or TelegramLoginStatus.Closing or TelegramLoginStatus.Closed && !ours)
        {
            // Ended from outside. Nothing is reported until TDLib has closed; then the card hears it once, in order.
            if (state.Status == TelegramLoginStatus.Closed && Interlocked.Exchange(ref _endedFromOutside, 1) == 0)
            {
                LogEndedFromOutside(_cardId);
                Enqueue(new Outgoing(() => _card.OnSessionEndedAsync(SessionEndedReason)));
                var (dead, deadLogin, deadUpdates) = (_client, _login, _updates);
                _started = Task.Run(() => RestartAfterEndedAsync(dead, deadLogin, deadUpdates));
            }

            return;
        }

        var reason = state.Reason;
        if (Volatile.Read(ref _endedFromOutside) == 1)
        {
            if (state.Status == TelegramLoginStatus.Connecting)
            {
                return; // the new client starting: the card stays login_required, saying why
            }

            if (state.Status == TelegramLoginStatus.LoginRequired)
            {
                reason ??= SessionEndedReason;
            }
            else
            {
                Volatile.Write(ref _endedFromOutside, 0);
            }
        }

        var status = ToCardStatus(state.Status);
        Enqueue(new Outgoing(() => _card.OnSessionStatusAsync(status, reason)));
        if (state.Status == TelegramLoginStatus.Ready)
        {
            StartWatch();
        }
    }

    public static string ToCardStatus(TelegramLoginStatus status) => status switch
    {
        TelegramLoginStatus.Ready => CardStatus.Ready,
        TelegramLoginStatus.LoginRequired => CardStatus.LoginRequired,
        TelegramLoginStatus.CodeRequired => CardStatus.CodeRequired,
        TelegramLoginStatus.PasswordRequired => CardStatus.PasswordRequired,
        TelegramLoginStatus.EmailRequired => CardStatus.EmailRequired,
        TelegramLoginStatus.EmailCodeRequired => CardStatus.EmailCodeRequired,
        TelegramLoginStatus.Connecting => CardStatus.Connecting,
        _ => CardStatus.Error,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: the Telegram session was ended from outside (another device or Telegram); its snapshot is dropped and a new login is needed.")]
    private partial void LogEndedFromOutside(string cardId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId}: Telegram connection is back; reading the bank bot's history again.")]
    private partial void LogReconnected(string cardId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: Telegram log-out failed ({ErrorType}); the session files are deleted anyway.")]
    private partial void LogLogOutFailed(string cardId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: the TDLib client did not close cleanly ({ErrorType}).")]
    private partial void LogCloseFailed(string cardId, string errorType);
}

/// <summary>A bank bot a session watches: its bank, its user id (0: find it by <paramref name="Username"/>).</summary>
public sealed record WatchedBot(string Bank, long UserId, string Username);
