using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Paycue.Telegram;

namespace Paycue.Testing.Telegram;

/// <summary>
/// A scripted stand-in for TDLib logging in one account and holding its bank-bot chat. Authorization states move as
/// TDLib moves them (update first, then "ok"); refusals carry Telegram's error names. One account outlives many
/// clients, as a Telegram account outlives a card's activations. Every request any of its clients was sent is kept,
/// in order, in <see cref="Requests"/>.
/// </summary>
public sealed class FakeTdAccount
{
    public const string Code = "24680";
    public const string Password = "correct horse battery";
    public const string EmailCode = "97531";

    /// <summary>Telegram asks this account for a login e-mail after the phone number, then for the code it mails there.</summary>
    public bool RequiresEmail { get; init; }

    /// <summary>The e-mail addresses given with <c>setAuthenticationEmailAddress</c>, in order.</summary>
    public ConcurrentQueue<string> Emails { get; } = new();

    /// <summary>
    /// The account owner ends this session in a Telegram app (or Telegram revokes it): TDLib logs the current client out,
    /// wipes its data and closes it (<c>authorizationStateLoggingOut</c>, <c>Closing</c>, <c>Closed</c>).
    /// </summary>
    public void EndSessionFromOutside() => (Current ?? throw new InvalidOperationException("No client yet.")).EndFromOutside();

    /// <summary>@HUMOcardbot's user id, which is also its private chat's id.</summary>
    public const long BankBotId = 856254490;

    /// <summary>@CardXabarBot as this fake knows it (found by username; the real id is not hard-coded in Paycue).</summary>
    public const long UzcardBotId = 915326936;

    /// <summary>The session is already logged in (a restored snapshot).</summary>
    public bool LoggedIn { get; set; }

    public bool HasPassword { get; init; }

    /// <summary><c>createPrivateChat</c> fails (the user is not known to this session yet), so the bot must be found by username.</summary>
    public bool PrivateChatFails { get; init; }

    /// <summary>Who @HUMOcardbot's username resolves to (<c>searchPublicChat</c>); the bank bot unless a test hands it to someone else.</summary>
    public long UsernameOwner { get; set; } = BankBotId;

    /// <summary>Telegram cannot be reached: login requests time out (as TDLib's request timeout would, only at once).</summary>
    public bool Unreachable { get; set; }

    /// <summary>The bank bot's chat, any order; getChatHistory answers newest first.</summary>
    public ConcurrentDictionary<long, JsonObject> History { get; } = new();

    /// <summary>Every request, as sent, oldest first.</summary>
    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    /// <summary>Every request with the time it was sent, oldest first.</summary>
    public ConcurrentQueue<(string Type, DateTimeOffset At)> RequestLog { get; } = new();

    public FakeTdClient? Current { get; private set; }

    private readonly Lock _failures = new();
    private int _historyPassesLeft;
    private int _historyFailuresLeft;
    private int? _historyRetryAfter;

    /// <summary>
    /// The next <paramref name="times"/> <c>getChatHistory</c> requests fail, after <paramref name="afterPages"/> more
    /// succeed (1 fails the second page of a read): with Telegram's flood wait "retry after N" (code 429) when
    /// <paramref name="retryAfterSeconds"/> is set, else as a server error.
    /// </summary>
    public void FailHistory(int times = 1, int afterPages = 0, int? retryAfterSeconds = null)
    {
        lock (_failures)
        {
            _historyPassesLeft = afterPages;
            _historyFailuresLeft = times;
            _historyRetryAfter = retryAfterSeconds;
        }
    }

    /// <summary>How many <c>getChatHistory</c> requests have failed by <see cref="FailHistory"/>.</summary>
    public int HistoryFailures { get; private set; }

    internal TdException? NextHistoryFailure()
    {
        lock (_failures)
        {
            if (_historyPassesLeft > 0)
            {
                _historyPassesLeft--;
                return null;
            }

            if (_historyFailuresLeft == 0)
            {
                return null;
            }

            _historyFailuresLeft--;
            HistoryFailures++;
            return _historyRetryAfter is { } seconds
                ? new TdException(429, $"Too Many Requests: retry after {seconds}")
                : new TdException(500, "Internal Server Error");
        }
    }

    public int ClientsCreated { get; private set; }

    /// <summary>The <c>@type</c>s of the requests sent so far.</summary>
    public IReadOnlyList<string> RequestTypes => Requests.Select(r => r["@type"]!.GetValue<string>()).ToList();

    public FakeTdClient NewClient()
    {
        ClientsCreated++;
        return Current = new FakeTdClient(this);
    }
}

public sealed class FakeTdClient(FakeTdAccount account) : ITdClient
{
    private ImmutableList<Action<JsonElement>> _subscribers = [];
    private string _state = "authorizationStateWaitTdlibParameters";
    private long _sentMessageId = 1_000_000;
    private volatile bool _closed;

    /// <summary>TDLib with its chat-info database off knows no user after a start until it hears of one (loadChats, searchPublicChat).</summary>
    private volatile bool _botKnown = !account.PrivateChatFails;

    /// <summary>TDLib's authorization state of this client.</summary>
    public string State => _state;

    internal void EndFromOutside()
    {
        MoveTo("authorizationStateLoggingOut");
        MoveTo("authorizationStateClosing");
        _closed = true;
        MoveTo("authorizationStateClosed");
    }

    public IDisposable Subscribe(Action<JsonElement> onUpdate)
    {
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(onUpdate));
        return new Unsubscriber(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(onUpdate)));
    }

    public void Push(JsonObject update)
    {
        var element = JsonSerializer.SerializeToElement(update);
        foreach (var subscriber in _subscribers)
        {
            subscriber(element);
        }
    }

    /// <summary>TDLib's <c>updateConnectionState</c>, e.g. <c>connectionStateConnecting</c> then <c>connectionStateReady</c>.</summary>
    public void PushConnectionState(string state) =>
        Push(new JsonObject { ["@type"] = "updateConnectionState", ["state"] = new JsonObject { ["@type"] = state } });

    public async Task<JsonElement> SendAsync(JsonObject request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        account.Requests.Enqueue((JsonObject)request.DeepClone());
        await Task.Yield();
        var type = request["@type"]!.GetValue<string>();
        account.RequestLog.Enqueue((type, DateTimeOffset.UtcNow));
        if (_closed)
        {
            throw new InvalidOperationException("TDLib client is closed."); // as TdClient says for a dead client id
        }

        if (type == "getChatHistory" && account.NextHistoryFailure() is { } failure)
        {
            throw failure;
        }

        if (account.Unreachable && type.StartsWith("setAuthentication", StringComparison.Ordinal) | type.StartsWith("checkAuthentication", StringComparison.Ordinal))
        {
            throw new TimeoutException($"No answer to {type}.");
        }

        JsonNode answer = type switch
        {
            "getAuthorizationState" => new JsonObject { ["@type"] = _state },
            "setTdlibParameters" => MoveTo(account.LoggedIn ? "authorizationStateReady" : "authorizationStateWaitPhoneNumber"),
            "setAuthenticationPhoneNumber" => MoveTo(account.RequiresEmail ? "authorizationStateWaitEmailAddress" : "authorizationStateWaitCode"),
            // td_api.tl 1.8.67: setAuthenticationEmailAddress email_address:string = Ok;
            "setAuthenticationEmailAddress" when _state != "authorizationStateWaitEmailAddress" => throw new TdException(400, "Call to setAuthenticationEmailAddress unexpected"),
            "setAuthenticationEmailAddress" when request["email_address"]?.GetValue<string>() is not { } email || !email.Contains('@') => throw new TdException(400, "EMAIL_INVALID"),
            "setAuthenticationEmailAddress" => EmailSet(request["email_address"]!.GetValue<string>()),
            // checkAuthenticationEmailCode code:EmailAddressAuthentication = Ok; emailAddressAuthenticationCode code:string
            "checkAuthenticationEmailCode" when _state != "authorizationStateWaitEmailCode" => throw new TdException(400, "Call to checkAuthenticationEmailCode unexpected"),
            "checkAuthenticationEmailCode" when request["code"] is not JsonObject { } code || code["@type"]?.GetValue<string>() != "emailAddressAuthenticationCode" || code["code"] is null
                => throw new TdException(400, "Failed to parse JSON object as TDLib request: wrong EmailAddressAuthentication"),
            "checkAuthenticationEmailCode" when request["code"]!["code"]!.GetValue<string>() != FakeTdAccount.EmailCode => throw new TdException(400, "EMAIL_CODE_INVALID"),
            "checkAuthenticationEmailCode" => MoveTo(account.HasPassword ? "authorizationStateWaitPassword" : "authorizationStateReady"),
            "checkAuthenticationCode" when request["code"]!.GetValue<string>() != FakeTdAccount.Code => throw new TdException(400, "PHONE_CODE_INVALID"),
            "checkAuthenticationCode" => MoveTo(account.HasPassword ? "authorizationStateWaitPassword" : "authorizationStateReady"),
            "checkAuthenticationPassword" when request["password"]!.GetValue<string>() != FakeTdAccount.Password => throw new TdException(400, "PASSWORD_HASH_INVALID"),
            "checkAuthenticationPassword" => MoveTo("authorizationStateReady"),
            "createPrivateChat" when !_botKnown => throw new TdException(400, "Chat info not found"),
            "createPrivateChat" => Chat(request["user_id"]!.GetValue<long>()),
            "loadChats" => ChatsLoaded(),
            "searchPublicChat" when request["username"]!.GetValue<string>() == "HUMOcardbot" => Found(account.UsernameOwner),
            "searchPublicChat" when request["username"]!.GetValue<string>() == "CardXabarBot" => Chat(FakeTdAccount.UzcardBotId),
            "searchPublicChat" => throw new TdException(400, "USERNAME_NOT_OCCUPIED"),
            "getChatHistory" => History(request["chat_id"]?.GetValue<long>(), request["from_message_id"]!.GetValue<long>(), request["limit"]!.GetValue<int>()),
            "sendMessage" => new JsonObject
            {
                ["@type"] = "message",
                ["id"] = Interlocked.Increment(ref _sentMessageId),
                ["chat_id"] = request["chat_id"]!.GetValue<long>(),
                ["is_outgoing"] = true,
            },
            "logOut" => MoveTo("authorizationStateLoggingOut"),
            var other => throw new TdException(400, $"The fake does not know {other}"),
        };
        return JsonSerializer.SerializeToElement(answer);
    }

    private JsonObject EmailSet(string email)
    {
        account.Emails.Enqueue(email);
        return MoveTo("authorizationStateWaitEmailCode");
    }

    /// <summary>A private chat as TDLib describes it: its id is the user's, and its type names the user.</summary>
    private static JsonObject Chat(long id) => new()
    {
        ["@type"] = "chat",
        ["id"] = id,
        ["type"] = new JsonObject { ["@type"] = "chatTypePrivate", ["user_id"] = id },
    };

    private JsonObject Found(long userId)
    {
        _botKnown |= userId == FakeTdAccount.BankBotId;
        return Chat(userId);
    }

    private JsonObject ChatsLoaded()
    {
        _botKnown = true; // the bot's chat is in the account's chat list
        return new JsonObject { ["@type"] = "ok" };
    }

    private JsonObject MoveTo(string state)
    {
        _state = state;
        account.LoggedIn = state == "authorizationStateReady";
        Push(new JsonObject { ["@type"] = "updateAuthorizationState", ["authorization_state"] = new JsonObject { ["@type"] = state } });
        return new JsonObject { ["@type"] = "ok" };
    }

    private JsonObject History(long? chatId, long fromMessageId, int limit)
    {
        var page = account.History.Values
            .Where(m => chatId is null || m["chat_id"] is null || m["chat_id"]!.GetValue<long>() == chatId)
            .Where(m => fromMessageId == 0 || m["id"]!.GetValue<long>() < fromMessageId)
            .OrderByDescending(m => m["id"]!.GetValue<long>())
            .Take(limit)
            .Select(m => (JsonNode)m.DeepClone())
            .ToArray();
        return new JsonObject { ["@type"] = "messages", ["total_count"] = page.Length, ["messages"] = new JsonArray(page) };
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
