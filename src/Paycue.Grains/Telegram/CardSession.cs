using System.Collections.Immutable;
using System.Diagnostics;
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
    private ITdClient? _client;
    private TelegramLogin? _login;
    private IDisposable? _updates;
    private Task<TelegramLoginState>? _started;
    private int _watchAgain;
    private int _wasOffline;
    private long _lastMessageId;
    private DateTimeOffset? _notBefore;

    /// <summary>Chats whose messages go to the card: the bank bot's (a private chat's id is the user id, so known before it is resolved).</summary>
    private ImmutableHashSet<long> _watchedChats;

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
        _watchedChats = [options.WatchId];
        FeedDown(); // not live until this session has caught up
        _ = Task.Run(PumpAsync);
        _ = Task.Run(WatchLoopAsync);
    }

    /// <summary><c>SESSION_DIR/&lt;card-id&gt;</c>: the TDLib database while this card is active on this silo.</summary>
    public string DatabaseDirectory => Path.GetFullPath(Path.Combine(_options.SessionDirectory, _cardId));

    public TelegramLoginState State => _login?.State ?? TelegramLoginState.Connecting;

    /// <summary>Why a Telegram card cannot run at all with these settings; null when it can.</summary>
    public static string? MissingSetting(PaycueOptions options) =>
        string.IsNullOrEmpty(options.SessionKey) ? "SESSION_KEY is not set; Telegram cards need it to encrypt their session (any secret of 16 or more characters)."
        : options.SessionKey.Length < TdlibKeys.MinimumSessionKeyLength ? $"SESSION_KEY must be at least {TdlibKeys.MinimumSessionKeyLength} characters long."
        : options.AppId is null || string.IsNullOrEmpty(options.AppHash) ? "APP_ID and APP_HASH are not set; get them at https://my.telegram.org."
        : null;

    /// <summary>
    /// Restores the snapshot (when there is one) and starts the client, off the caller's thread; idempotent.
    /// Without a snapshot an existing directory is kept: <c>paycue --telegram</c> may have logged in there.
    /// <paramref name="lastMessageId"/> is the newest message the card processed; while it is 0, the catch-up reads
    /// nothing dated before <paramref name="registeredAt"/>: a new card does not replay its chat's old credits.
    /// </summary>
    public Task<TelegramLoginState> StartAsync(byte[]? snapshot, long lastMessageId, DateTimeOffset? registeredAt = null)
    {
        Interlocked.Exchange(ref _lastMessageId, lastMessageId);
        _notBefore = registeredAt - ClockTolerance;
        return _started ??= Task.Run(() => StartCoreAsync(snapshot));
    }

    /// <summary>Sends the phone number; an account already logged in stays as it is.</summary>
    public Task<TelegramLoginState> SubmitPhoneAsync(string phone) => StepAsync(login =>
        login.State.Status == TelegramLoginStatus.Ready ? Task.FromResult(login.State) : login.SubmitPhoneAsync(phone, _stopping.Token));

    public Task<TelegramLoginState> SubmitCodeAsync(string code) => StepAsync(login => login.SubmitCodeAsync(code, _stopping.Token));

    public Task<TelegramLoginState> SubmitPasswordAsync(string password) => StepAsync(login => login.SubmitPasswordAsync(password, _stopping.Token));

    /// <summary>Seals the database directory with SESSION_KEY; the file reads run off the caller's thread.</summary>
    public Task<byte[]> SnapshotAsync() => Task.Run(() => SessionSnapshot.Pack(DatabaseDirectory, _options.SessionKey!));

    /// <summary>Ends the Telegram session itself (Telegram forgets this device); a failure here still lets the caller delete the files.</summary>
    public async Task LogOutAsync()
    {
        if (_client is null || State.Status != TelegramLoginStatus.Ready)
        {
            return;
        }

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

    private async Task<TelegramLoginState> StartCoreAsync(byte[]? snapshot)
    {
        try
        {
            if (snapshot is not null)
            {
                if (Directory.Exists(DatabaseDirectory))
                {
                    Directory.Delete(DatabaseDirectory, recursive: true);
                }

                SessionSnapshot.Restore(snapshot, DatabaseDirectory, _options.SessionKey!);
            }

            Directory.CreateDirectory(DatabaseDirectory);
            _client = _factory.CreateClient(_cardId);
            _updates = _client.Subscribe(OnUpdate);
            _login = new TelegramLogin(_client, Settings(), LoginTimeout);
            _login.StateChanged += OnStateChanged;
            // Every state, this one included, reaches the grain through StateChanged.
            return await _login.StartAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TelegramLoginException or SessionSnapshotException or TdException or IOException or DllNotFoundException or InvalidOperationException)
        {
            // Messages of these exceptions are ours or TDLib's and name no secret.
            var failed = new TelegramLoginState(TelegramLoginStatus.Error, ex.Message);
            OnStateChanged(failed);
            return failed;
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
        var status = ToCardStatus(state.Status);
        if (state.Status != TelegramLoginStatus.Ready)
        {
            FeedDown();
        }

        Enqueue(new Outgoing(() => _card.OnSessionStatusAsync(status, state.Reason)));
        if (state.Status == TelegramLoginStatus.Ready)
        {
            StartWatch();
        }
    }

    /// <summary>
    /// Reads the bank bot's history again from just after <paramref name="sinceMessageId"/>: the balance chain says a
    /// message in between never arrived, and it may be a payment. Replayed messages are deduplicated by the card.
    /// The start point is kept until a read from it succeeded; meanwhile the feed is not live.
    /// </summary>
    public void RequestCatchUp(long sinceMessageId)
    {
        lock (_catchUpGate)
        {
            _catchUpFrom = Math.Min(_catchUpFrom, sinceMessageId);
            _catchUpRequests++;
        }

        FeedDown();
        StartWatch();
    }

    /// <summary>Asks the watch loop for a fresh read (from the newest message); one runs at a time.</summary>
    private void StartWatch()
    {
        Interlocked.Exchange(ref _watchAgain, 1);
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another request woke it first: one wake-up is enough.
        }
    }

    /// <summary>
    /// Runs the catch-ups, one at a time, for as long as the session lives: each request, and each failed read again
    /// with backoff (doubling, capped; Telegram's "retry after N" when it says so) until one succeeds. A read that
    /// failed part-way continues below what it read; a new request starts again from the newest message.
    /// </summary>
    private async Task WatchLoopAsync()
    {
        var pending = false;
        var resumeFrom = 0L;
        var backoff = _retries.CatchUpFirstDelay;
        var wait = backoff;
        var floodWaitUntil = 0L; // Environment.TickCount64; a new request does not cut Telegram's wait short
        while (true)
        {
            try
            {
                if (pending && State.Status == TelegramLoginStatus.Ready)
                {
                    await _wake.WaitAsync(wait, _stopping.Token).ConfigureAwait(false); // a new request cuts the wait short
                }
                else
                {
                    await _wake.WaitAsync(_stopping.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (State.Status != TelegramLoginStatus.Ready)
            {
                continue; // becoming ready wakes the loop again
            }

            if (Interlocked.Exchange(ref _watchAgain, 0) == 1)
            {
                resumeFrom = 0;
            }

            if (floodWaitUntil - Environment.TickCount64 is > 0 and var floodWait)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(floodWait), _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            pending = true;
            var feedVersion = Volatile.Read(ref _feedVersion);
            try
            {
                await WatchBankBotAsync(resumeFrom, feedVersion).ConfigureAwait(false);
                pending = false;
                resumeFrom = 0;
                backoff = _retries.CatchUpFirstDelay;
                continue;
            }
            catch (HistoryReadException ex) when (!_stopping.IsCancellationRequested)
            {
                // What was read is passed on; the start point stays, so the next try still covers the rest.
                foreach (var message in ex.Read)
                {
                    PassOn(message);
                }

                resumeFrom = ex.ResumeFrom;
                (wait, floodWaitUntil) = RetryDelay(ex.InnerException, backoff);
                LogCatchUpFailed(_cardId, ex.InnerException!.GetType().Name, ex.Message, wait.TotalSeconds);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                // Any failure at all: the loop must outlive it, or a payment stays unread.
                (wait, floodWaitUntil) = RetryDelay(ex, backoff);
                LogCatchUpFailed(_cardId, ex.GetType().Name, ex.Message, wait.TotalSeconds);
            }
            catch (Exception)
            {
                return; // stopping
            }

            FeedDown();
            backoff = CardSessionRetries.Next(backoff, _retries.CatchUpMaxDelay);
        }
    }

    /// <summary>Telegram's flood wait when it sent one (and the time it ends), else the backoff.</summary>
    private static (TimeSpan Wait, long FloodWaitUntil) RetryDelay(Exception? error, TimeSpan backoff) =>
        (error as TdException)?.RetryAfter is { } flood
            ? (flood, Environment.TickCount64 + (long)flood.TotalMilliseconds)
            : (backoff, 0);

    /// <summary>
    /// Finds the bank bot's chat (by <c>WATCH_ID</c>, else by its username), says <c>/start</c> when that chat is
    /// empty, and queues what arrived there since the start point, then (when nothing made the feed go down
    /// meanwhile) that the feed is live, after those messages.
    /// </summary>
    private async Task WatchBankBotAsync(long resumeFrom, int feedVersion)
    {
        var chatId = await BankBotChatAsync().ConfigureAwait(false);
        ImmutableInterlocked.Update(ref _watchedChats, chats => chats.Add(chatId));
        long since;
        int requests;
        lock (_catchUpGate)
        {
            // The start point is the cursor, or older when asked; it stays until this read succeeded.
            _catchUpFrom = Math.Min(_catchUpFrom, Interlocked.Read(ref _lastMessageId));
            since = _catchUpFrom;
            requests = _catchUpRequests;
        }

        if (since == 0 && resumeFrom == 0 && await IsChatEmptyAsync(chatId).ConfigureAwait(false))
        {
            await _client!.SendAsync(
                new JsonObject
                {
                    ["@type"] = "sendMessage",
                    ["chat_id"] = chatId,
                    ["input_message_content"] = new JsonObject
                    {
                        ["@type"] = "inputMessageText",
                        ["text"] = new JsonObject { ["@type"] = "formattedText", ["text"] = "/start" },
                    },
                },
                LoginTimeout,
                _stopping.Token).ConfigureAwait(false);
            LogStarted(_cardId);
        }

        var missed = await HistoryCatchUp.ReadSinceAsync(
            _client!, chatId, since, cancellationToken: _stopping.Token, resumeFrom: resumeFrom, notBefore: since == 0 ? _notBefore : null).ConfigureAwait(false);
        lock (_catchUpGate)
        {
            if (_catchUpRequests == requests)
            {
                _catchUpFrom = long.MaxValue;
            }
        }

        LogCaughtUp(_cardId, missed.Count);
        foreach (var message in missed)
        {
            PassOn(message);
        }

        if (Volatile.Read(ref _wasOffline) == 0)
        {
            Enqueue(new Outgoing(() => ReportFeedAsync(live: true, feedVersion)));
        }
    }

    /// <summary><c>createPrivateChat</c> with <c>WATCH_ID</c>; a session that has never seen the bot cannot, so then by username.</summary>
    private async Task<long> BankBotChatAsync()
    {
        try
        {
            var chat = await _client!.SendAsync(
                new JsonObject { ["@type"] = "createPrivateChat", ["user_id"] = _options.WatchId, ["force"] = false },
                LoginTimeout,
                _stopping.Token).ConfigureAwait(false);
            return chat.GetProperty("id").GetInt64();
        }
        catch (TdException ex)
        {
            LogResolvingByUsername(_cardId, ex.Message);
            var chat = await _client!.SendAsync(
                new JsonObject { ["@type"] = "searchPublicChat", ["username"] = BankBotUsername },
                LoginTimeout,
                _stopping.Token).ConfigureAwait(false);
            return chat.GetProperty("id").GetInt64();
        }
    }

    private async Task<bool> IsChatEmptyAsync(long chatId)
    {
        var page = await _client!.SendAsync(
            new JsonObject
            {
                ["@type"] = "getChatHistory",
                ["chat_id"] = chatId,
                ["from_message_id"] = 0L,
                ["offset"] = 0,
                ["limit"] = 1,
                ["only_local"] = false,
            },
            LoginTimeout,
            _stopping.Token).ConfigureAwait(false);
        return !page.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0;
    }

    private void AdvanceLastMessageId(long messageId)
    {
        for (var current = Interlocked.Read(ref _lastMessageId); messageId > current; current = Interlocked.Read(ref _lastMessageId))
        {
            if (Interlocked.CompareExchange(ref _lastMessageId, messageId, current) == current)
            {
                return;
            }
        }
    }

    /// <summary>Queues a bank message for the card; the cursor moves past it once the card has processed it.</summary>
    private void PassOn(BankMessage message) => Enqueue(new Outgoing(() => _card.OnBankMessageAsync(message), message.MessageId));

    /// <summary>The feed is not live (start, connection or login lost, a catch-up pending or failed): tell the card, in order.</summary>
    private void FeedDown()
    {
        var version = Interlocked.Increment(ref _feedVersion);
        Enqueue(new Outgoing(() => ReportFeedAsync(live: false, version)));
    }

    /// <summary>On the pump: only changes reach the card, and a "live" that something has overtaken since is dropped.</summary>
    private async Task ReportFeedAsync(bool live, int version)
    {
        if ((live && version != Volatile.Read(ref _feedVersion)) || _feedReported == live)
        {
            return;
        }

        await _card.OnFeedStateAsync(live).ConfigureAwait(false);
        _feedReported = live;
    }

    private void Enqueue(Outgoing call) => _outbox.Writer.TryWrite(call);

    /// <summary>
    /// Hands the queue to the card in order, each call retried with backoff for up to
    /// <see cref="CardSessionRetries.HandOffGiveUpAfter"/>. A bank message the card never took leaves the cursor
    /// before it and asks for a catch-up from there, so it is read again; after the session stopped, nothing more is
    /// handed over, and the next activation reads from what the card saved.
    /// </summary>
    private async Task PumpAsync()
    {
        await foreach (var call in _outbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var elapsed = Stopwatch.StartNew();
            var delay = _retries.HandOffFirstDelay;
            for (var attempt = 1; !_stopping.IsCancellationRequested; attempt++)
            {
                try
                {
                    await call.Send().ConfigureAwait(false);
                    if (call.MessageId != 0)
                    {
                        AdvanceLastMessageId(call.MessageId);
                    }

                    break;
                }
                catch (Exception ex) when (elapsed.Elapsed + delay < _retries.HandOffGiveUpAfter)
                {
                    LogForwardRetry(_cardId, attempt, ex.GetType().Name);
                    try
                    {
                        await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    delay = CardSessionRetries.Next(delay, _retries.HandOffMaxDelay);
                }
                catch (Exception ex)
                {
                    if (call.MessageId == 0)
                    {
                        LogForwardFailed(_cardId, ex.GetType().Name);
                    }
                    else
                    {
                        LogHandOffGaveUp(_cardId, call.MessageId, ex.GetType().Name, _retries.HandOffGiveUpAfter.TotalMinutes);
                        RequestCatchUp(call.MessageId - 1);
                    }

                    break;
                }
            }
        }
    }

    /// <summary>One call for the card; <see cref="MessageId"/> is the bank message it hands over, 0 for any other call.</summary>
    private sealed record Outgoing(Func<Task> Send, long MessageId = 0);

    public static string ToCardStatus(TelegramLoginStatus status) => status switch
    {
        TelegramLoginStatus.Ready => CardStatus.Ready,
        TelegramLoginStatus.LoginRequired => CardStatus.LoginRequired,
        TelegramLoginStatus.CodeRequired => CardStatus.CodeRequired,
        TelegramLoginStatus.PasswordRequired => CardStatus.PasswordRequired,
        TelegramLoginStatus.Connecting => CardStatus.Connecting,
        _ => CardStatus.Error,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId}: the bank bot's chat was empty; sent /start.")]
    private partial void LogStarted(string cardId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId}: the bank bot's chat could not be opened by id ({Reason}); resolving it by username.")]
    private partial void LogResolvingByUsername(string cardId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId}: Telegram connection is back; reading the bank bot's history again.")]
    private partial void LogReconnected(string cardId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId}: read {MissedCount} message(s) from the bank bot's history.")]
    private partial void LogCaughtUp(string cardId, int missedCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: reading the bank bot's history failed ({ErrorType}: {Reason}); retrying in {RetrySeconds} s.")]
    private partial void LogCatchUpFailed(string cardId, string errorType, string reason, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: handing a Telegram event to the card failed (attempt {Attempt}, {ErrorType}); retrying.")]
    private partial void LogForwardRetry(string cardId, int attempt, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Card {CardId}: a Telegram event could not be handed to the card ({ErrorType}).")]
    private partial void LogForwardFailed(string cardId, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Card {CardId}: bank message {MessageId} could not be handed to the card for {Minutes} min ({ErrorType}); it stays unprocessed and the history is read back over it.")]
    private partial void LogHandOffGaveUp(string cardId, long messageId, string errorType, double minutes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: Telegram log-out failed ({ErrorType}); the session files are deleted anyway.")]
    private partial void LogLogOutFailed(string cardId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: the TDLib client did not close cleanly ({ErrorType}).")]
    private partial void LogCloseFailed(string cardId, string errorType);
}
