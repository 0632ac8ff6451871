using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Paycue.Telegram;

/// <summary>
/// The login of one Telegram account, driven by TDLib's authorization states: start the client, then phone
/// number, login code and (when the account has one) the two-step verification password. The same class serves
/// the interactive command line, <c>paycue card add</c> and the HTTP API.
/// <para>
/// Every step gives up after one overall timeout (60 s by default) with <see cref="TelegramUnreachableException"/>.
/// A step Telegram refuses throws <see cref="TelegramLoginException"/> with a plain sentence and leaves
/// <see cref="State"/> as it was, so the user can retry. Steps are not concurrent: one at a time per login.
/// Phone numbers, codes, passwords and keys are never logged.
/// </para>
/// </summary>
public sealed class TelegramLogin : IDisposable
{
    /// <summary>How long a login step waits for Telegram by default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// TDLib takes a phone number in every login state (td_api.tl, <c>setAuthenticationPhoneNumber</c>), so the user can
    /// start again from any of them: a wrong number, an expired code, an e-mail they cannot reach.
    /// </summary>
    private static readonly TelegramLoginStatus[] PhoneSteps =
    [
        TelegramLoginStatus.LoginRequired, TelegramLoginStatus.CodeRequired, TelegramLoginStatus.PasswordRequired,
        TelegramLoginStatus.EmailRequired, TelegramLoginStatus.EmailCodeRequired,
    ];

    private readonly ITdClient _client;
    private readonly TdlibSettings _settings;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IDisposable _subscription;
    private readonly Lock _gate = new();
    private TelegramLoginState _state = TelegramLoginState.Connecting;
    private string? _authorizationState;
    private bool _startFailed;
    private long _version;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stepRunning;

    public TelegramLogin(
        ITdClient client,
        TdlibSettings settings,
        TimeSpan? timeout = null,
        TimeProvider? timeProvider = null,
        ILogger<TelegramLogin>? logger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _timeout = timeout ?? DefaultTimeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<TelegramLogin>.Instance;
        _subscription = client.Subscribe(OnUpdate);
    }

    /// <summary>The current status, following TDLib's authorization state.</summary>
    public TelegramLoginState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Raised after every change of <see cref="State"/>, on the client's dispatch task or the caller's thread.</summary>
    public event Action<TelegramLoginState>? StateChanged;

    /// <summary>
    /// Starts the client: hands TDLib its parameters (databases off, the encryption key from the settings)
    /// and returns the first state that needs nobody's input: <c>login_required</c> for a new session,
    /// <c>ready</c> for a restored one. A database the key does not open leaves the login in <c>error</c>.
    /// </summary>
    public Task<TelegramLoginState> StartAsync(CancellationToken cancellationToken = default) =>
        RunStepAsync(async token =>
        {
            var before = CurrentVersion();
            var current = await _client.SendAsync(new JsonObject { ["@type"] = "getAuthorizationState" }, _timeout, token).ConfigureAwait(false);
            Apply(current, onlyIfVersion: before);

            while (CurrentAuthorizationState() == "authorizationStateWaitTdlibParameters")
            {
                before = CurrentVersion();
                try
                {
                    await _client.SendAsync(_settings.ToRequest(), _timeout, token).ConfigureAwait(false);
                }
                catch (TdException ex)
                {
                    var reason = TelegramErrorText.Describe(ex);
                    _logger.LogWarning("TDLib refused its parameters ({TdlibErrorCode}).", ex.Code);
                    FailStart(reason);
                    throw new TelegramLoginException(reason, ex);
                }

                await WaitForChangeAsync(before, token).ConfigureAwait(false);
            }

            return State;
        }, cancellationToken);

    /// <summary>
    /// Sends the account's phone number (international format); Telegram then sends a login code.
    /// Also accepted while a code or password is awaited, to start over (for example after an expired code).
    /// </summary>
    public Task<TelegramLoginState> SubmitPhoneAsync(string phoneNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phoneNumber);
        var request = new JsonObject { ["@type"] = "setAuthenticationPhoneNumber", ["phone_number"] = phoneNumber.Trim() };
        return RunStepAsync(async token =>
        {
            var next = await SubmitAsync(request, "a phone number", PhoneSteps, token).ConfigureAwait(false);
            if (CurrentAuthorizationState() == "authorizationStateWaitRegistration")
            {
                // Paycue never signs up new accounts; TDLib accepts another number from this state.
                throw new TelegramLoginException(TelegramErrorText.PhoneNumberUnregistered);
            }

            return next;
        }, cancellationToken);
    }

    /// <summary>Sends the login code; the result is <c>password_required</c> or <c>ready</c>.</summary>
    public Task<TelegramLoginState> SubmitCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var request = new JsonObject { ["@type"] = "checkAuthenticationCode", ["code"] = code.Trim() };
        return RunStepAsync(token => SubmitAsync(request, "a login code", [TelegramLoginStatus.CodeRequired], token), cancellationToken);
    }

    /// <summary>
    /// Sends the login e-mail address Telegram asked for (<c>setAuthenticationEmailAddress email_address:string</c>);
    /// Telegram then mails a code and the result is <c>email_code_required</c>.
    /// </summary>
    public Task<TelegramLoginState> SubmitEmailAsync(string emailAddress, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(emailAddress);
        var request = new JsonObject { ["@type"] = "setAuthenticationEmailAddress", ["email_address"] = emailAddress.Trim() };
        return RunStepAsync(token => SubmitAsync(request, "an e-mail address", [TelegramLoginStatus.EmailRequired], token), cancellationToken);
    }

    /// <summary>
    /// Sends the code Telegram mailed (<c>checkAuthenticationEmailCode code:EmailAddressAuthentication</c>, as
    /// <c>emailAddressAuthenticationCode code:string</c>); the result is <c>code_required</c>, <c>password_required</c> or <c>ready</c>.
    /// </summary>
    public Task<TelegramLoginState> SubmitEmailCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var request = new JsonObject
        {
            ["@type"] = "checkAuthenticationEmailCode",
            ["code"] = new JsonObject { ["@type"] = "emailAddressAuthenticationCode", ["code"] = code.Trim() },
        };
        return RunStepAsync(token => SubmitAsync(request, "an e-mail code", [TelegramLoginStatus.EmailCodeRequired], token), cancellationToken);
    }

    /// <summary>Sends the two-step verification password; the result is <c>ready</c>.</summary>
    public Task<TelegramLoginState> SubmitPasswordAsync(string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var request = new JsonObject { ["@type"] = "checkAuthenticationPassword", ["password"] = password };
        return RunStepAsync(token => SubmitAsync(request, "a password", [TelegramLoginStatus.PasswordRequired], token), cancellationToken);
    }

    /// <summary>Stops following the client's updates; the client itself belongs to the caller.</summary>
    public void Dispose() => _subscription.Dispose();

    private async Task<TelegramLoginState> SubmitAsync(
        JsonObject request, string expecting, TelegramLoginStatus[] allowed, CancellationToken token)
    {
        var current = State;
        if (!allowed.Contains(current.Status))
        {
            throw new TelegramLoginException($"Telegram is not waiting for {expecting} now (status: {current.WireName}).");
        }

        var before = CurrentVersion();
        try
        {
            await _client.SendAsync(request, _timeout, token).ConfigureAwait(false);
        }
        catch (TdException ex)
        {
            // The request type and error code only: the request itself carries the secret.
            _logger.LogInformation("Telegram refused {LoginStep} ({TdlibErrorCode}).", request["@type"]?.GetValue<string>(), ex.Code);
            throw new TelegramLoginException(TelegramErrorText.Describe(ex), ex);
        }

        // TDLib answers "ok" and announces the next authorization state as an update; wait for that update.
        return await WaitForChangeAsync(before, token).ConfigureAwait(false);
    }

    private async Task<TelegramLoginState> RunStepAsync(Func<CancellationToken, Task<TelegramLoginState>> step, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stepRunning, 1) != 0)
        {
            throw new InvalidOperationException("Another login step of this account is still running.");
        }

        try
        {
            using var deadline = new CancellationTokenSource(_timeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
            try
            {
                return await step(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TelegramUnreachableException(_timeout, ex);
            }
            catch (TimeoutException ex)
            {
                throw new TelegramUnreachableException(_timeout, ex);
            }
        }
        finally
        {
            Volatile.Write(ref _stepRunning, 0);
        }
    }

    private async Task<TelegramLoginState> WaitForChangeAsync(long before, CancellationToken token)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_version > before)
                {
                    return _state;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(token).ConfigureAwait(false);
        }
    }

    private void OnUpdate(JsonElement update)
    {
        if (TdJson.TypeOf(update) == "updateAuthorizationState" && update.TryGetProperty("authorization_state", out var state))
        {
            Apply(state, onlyIfVersion: null);
        }
    }

    private void Apply(JsonElement authorizationState, long? onlyIfVersion)
    {
        var type = TdJson.TypeOf(authorizationState);
        TelegramLoginState next;
        lock (_gate)
        {
            if (onlyIfVersion is { } expected && _version != expected)
            {
                return; // An update newer than this answer has already been applied.
            }

            if (_startFailed && type is "authorizationStateClosing" or "authorizationStateClosed")
            {
                return; // Keep the reason the start failed rather than "closed".
            }

            _authorizationState = type;
            next = TelegramLoginState.FromAuthorizationState(type);
            SetLocked(next);
        }

        Announce(next);
    }

    private void FailStart(string reason)
    {
        var next = new TelegramLoginState(TelegramLoginStatus.Error, reason);
        lock (_gate)
        {
            _startFailed = true;
            SetLocked(next);
        }

        Announce(next);
    }

    private void SetLocked(TelegramLoginState next)
    {
        _state = next;
        _version++;
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private void Announce(TelegramLoginState next)
    {
        _logger.LogInformation("Telegram login is {LoginStatus}.", next.WireName);
        StateChanged?.Invoke(next);
    }

    private long CurrentVersion()
    {
        lock (_gate)
        {
            return _version;
        }
    }

    private string? CurrentAuthorizationState()
    {
        lock (_gate)
        {
            return _authorizationState;
        }
    }
}
