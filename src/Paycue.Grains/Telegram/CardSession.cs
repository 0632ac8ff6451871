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

    private readonly string _cardId;
    private readonly PaycueOptions _options;
    private readonly ITelegramSessionFactory _factory;
    private readonly ICardGrain _card;
    private readonly ILogger _logger;
    private readonly Channel<Func<Task>> _outbox = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private ITdClient? _client;
    private TelegramLogin? _login;
    private IDisposable? _updates;
    private Task<TelegramLoginState>? _started;
    private int _watching;
    private int _watchAgain;
    private int _wasOffline;
    private long _chatId;
    private long _lastMessageId;
    private long _catchUpFrom = long.MaxValue;

    public CardSession(string cardId, PaycueOptions options, ITelegramSessionFactory factory, ICardGrain card, ILogger logger)
    {
        _cardId = cardId;
        _options = options;
        _factory = factory;
        _card = card;
        _logger = logger;
        _ = Task.Run(PumpAsync);
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
    /// </summary>
    public Task<TelegramLoginState> StartAsync(byte[]? snapshot, long lastMessageId)
    {
        _lastMessageId = lastMessageId;
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
            if (message.ChatId == Interlocked.Read(ref _chatId))
            {
                AdvanceLastMessageId(message.MessageId);
            }

            Enqueue(() => _card.OnBankMessageAsync(message));
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
            Interlocked.Exchange(ref _wasOffline, 1);
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
        Enqueue(() => _card.OnSessionStatusAsync(status, state.Reason));
        if (state.Status == TelegramLoginStatus.Ready)
        {
            StartWatch();
        }
    }

    /// <summary>
    /// Reads the bank bot's history again from just after <paramref name="sinceMessageId"/>: the balance chain says a
    /// message in between never arrived, and it may be a payment. Replayed messages are deduplicated by the card.
    /// </summary>
    public void RequestCatchUp(long sinceMessageId)
    {
        for (var current = Interlocked.Read(ref _catchUpFrom); sinceMessageId < current; current = Interlocked.Read(ref _catchUpFrom))
        {
            if (Interlocked.CompareExchange(ref _catchUpFrom, sinceMessageId, current) == current)
            {
                break;
            }
        }

        if (State.Status == TelegramLoginStatus.Ready)
        {
            StartWatch();
        }
    }

    /// <summary>One catch-up at a time; a request while one runs is remembered and runs right after it.</summary>
    private void StartWatch()
    {
        Interlocked.Exchange(ref _watchAgain, 1);
        if (Interlocked.CompareExchange(ref _watching, 1, 0) == 0)
        {
            _ = Task.Run(WatchLoopAsync);
        }
    }

    private async Task WatchLoopAsync()
    {
        while (true)
        {
            while (Interlocked.Exchange(ref _watchAgain, 0) == 1 && !_stopping.IsCancellationRequested)
            {
                await WatchBankBotAsync().ConfigureAwait(false);
            }

            Interlocked.Exchange(ref _watching, 0);
            // A request that came between the last check and the reset would otherwise be lost.
            if (Volatile.Read(ref _watchAgain) == 0 || Interlocked.CompareExchange(ref _watching, 1, 0) != 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Finds the bank bot's chat (by <c>WATCH_ID</c>, else by its username), says <c>/start</c> when that chat is
    /// empty, and queues what arrived there since the last processed message.
    /// </summary>
    private async Task WatchBankBotAsync()
    {
        try
        {
            var chatId = await BankBotChatAsync().ConfigureAwait(false);
            Interlocked.Exchange(ref _chatId, chatId);
            var since = Interlocked.Read(ref _lastMessageId);
            var requested = Interlocked.Exchange(ref _catchUpFrom, long.MaxValue);
            if (requested < since)
            {
                since = requested;
            }

            if (since == 0 && await IsChatEmptyAsync(chatId).ConfigureAwait(false))
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

            var missed = await HistoryCatchUp.ReadSinceAsync(_client!, chatId, since, cancellationToken: _stopping.Token).ConfigureAwait(false);
            LogCaughtUp(_cardId, missed.Count);
            foreach (var message in missed)
            {
                AdvanceLastMessageId(message.MessageId);
                Enqueue(() => _card.OnBankMessageAsync(message));
            }
        }
        catch (Exception ex) when (ex is TdException or TimeoutException or OperationCanceledException or InvalidOperationException or KeyNotFoundException)
        {
            // Live updates still arrive; the next activation or reconnect reads the history again.
            LogCatchUpFailed(_cardId, ex.GetType().Name, ex.Message);
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

    private void Enqueue(Func<Task> call) => _outbox.Writer.TryWrite(call);

    private async Task PumpAsync()
    {
        await foreach (var call in _outbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await call().ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (attempt < 3 && !_stopping.IsCancellationRequested)
                {
                    LogForwardRetry(_cardId, attempt, ex.GetType().Name);
                    await Task.Delay(TimeSpan.FromSeconds(attempt)).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // The history catch-up at the next activation picks the message up again.
                    LogForwardFailed(_cardId, ex.GetType().Name);
                    break;
                }
            }
        }
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: reading the bank bot's history failed ({ErrorType}: {Reason}).")]
    private partial void LogCatchUpFailed(string cardId, string errorType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: handing a Telegram event to the card failed (attempt {Attempt}, {ErrorType}); retrying.")]
    private partial void LogForwardRetry(string cardId, int attempt, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Card {CardId}: a Telegram event could not be handed to the card ({ErrorType}).")]
    private partial void LogForwardFailed(string cardId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: Telegram log-out failed ({ErrorType}); the session files are deleted anyway.")]
    private partial void LogLogOutFailed(string cardId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: the TDLib client did not close cleanly ({ErrorType}).")]
    private partial void LogCloseFailed(string cardId, string errorType);
}
