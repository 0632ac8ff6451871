using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Paycue.Telegram;

/// <summary>
/// One TDLib client (one Telegram account) on the process-wide <see cref="TdReceiveLoop"/>.
/// Answers and updates arrive on the receive thread, which only queues them here; a dispatch task per client
/// then completes the waiting requests and runs the update handlers in TDLib's order. No caller thread ever
/// waits on TDLib: <see cref="SendAsync"/> queues the request and returns a task.
/// Create one with <see cref="TdReceiveLoop.CreateClient"/>.
/// </summary>
public sealed class TdClient : ITdClient, IAsyncDisposable
{
    private readonly TdReceiveLoop _loop;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<JsonElement> _inbox =
        Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _subscribersGate = new();
    private ImmutableArray<Action<JsonElement>> _subscribers = [];
    private readonly Task _dispatch;
    private long _lastRequestId;
    private volatile string _authorizationState = "none yet";

    internal TdClient(TdReceiveLoop loop, int clientId, TimeProvider timeProvider, ILogger logger)
    {
        _loop = loop;
        ClientId = clientId;
        _timeProvider = timeProvider;
        _logger = logger;
        _dispatch = Task.Run(DispatchAsync);
    }

    /// <summary>TDLib's id of this client.</summary>
    public int ClientId { get; }

    /// <summary>Completes when TDLib reports <c>authorizationStateClosed</c>: the database is flushed and the id is dead.</summary>
    public Task Closed => _closed.Task;

    /// <summary>
    /// The type of the last authorization state TDLib reported for this client (for example
    /// <c>authorizationStateClosing</c>), or "none yet". Named in a close that times out, so the log says how far it got.
    /// </summary>
    public string LastAuthorizationState => _authorizationState;

    /// <inheritdoc />
    public async Task<JsonElement> SendAsync(JsonObject request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_closed.Task.IsCompleted)
        {
            throw new InvalidOperationException($"TDLib client {ClientId} is closed.");
        }

        var requestType = request["@type"]?.GetValue<string>() ?? "request";
        var extra = Interlocked.Increment(ref _lastRequestId).ToString(CultureInfo.InvariantCulture);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[extra] = answer;
        try
        {
            if (_closed.Task.IsCompleted)
            {
                // Closed between the check above and registering: nothing would ever fail this request.
                throw new InvalidOperationException($"TDLib client {ClientId} is closed.");
            }

            TdJsonNative.Send(ClientId, Serialize(request, extra));
            return await answer.Task.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"TDLib did not answer {requestType} within {timeout.TotalSeconds:0.#} seconds.");
        }
        finally
        {
            _pending.TryRemove(extra, out _);
        }
    }

    /// <inheritdoc />
    public IDisposable Subscribe(Action<JsonElement> onUpdate)
    {
        ArgumentNullException.ThrowIfNull(onUpdate);
        lock (_subscribersGate)
        {
            _subscribers = _subscribers.Add(onUpdate);
        }

        return new Subscription(this, onUpdate);
    }

    /// <summary>
    /// Asks TDLib to close the client (flushing its database) and waits for <c>authorizationStateClosed</c>.
    /// Required before the database directory is snapshotted or deleted.
    /// </summary>
    public async Task CloseAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!_closed.Task.IsCompleted)
        {
            // Not through SendAsync: TDLib may answer "ok" after the Closed update, when nobody listens any more.
            TdJsonNative.Send(ClientId, """{"@type":"close"}""");
        }

        try
        {
            await _closed.Task.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"TDLib client {ClientId} did not close within {timeout.TotalSeconds:0.#} seconds; its last authorization state was {_authorizationState}.");
        }
    }

    /// <summary>Closes the client if it is still open (waiting up to the loop's close timeout) and stops dispatching.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync(_loop.Options.CloseTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning(
                "TDLib client {ClientId} did not close within {Timeout}; its last authorization state was {AuthorizationState}.",
                ClientId,
                _loop.Options.CloseTimeout,
                _authorizationState);
            MarkClosed();
        }

        await _dispatch.ConfigureAwait(false);
    }

    /// <summary>Called by the receive thread: queue only, never run handlers there.</summary>
    internal void Post(JsonElement message) => _inbox.Writer.TryWrite(message);

    /// <summary>Called when the receive loop stops: nothing more will arrive for this client.</summary>
    internal void Abandon() => MarkClosed();

    private async Task DispatchAsync()
    {
        await foreach (var message in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (message.TryGetProperty("@extra", out var extra))
            {
                CompleteRequest(extra, message);
                continue;
            }

            if (TdJson.TypeOf(message) == "updateAuthorizationState"
                && message.TryGetProperty("authorization_state", out var state))
            {
                _authorizationState = TdJson.TypeOf(state) ?? "unknown";
            }

            foreach (var subscriber in _subscribers)
            {
                try
                {
                    subscriber(message);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "An update handler of TDLib client {ClientId} failed.", ClientId);
                }
            }

            if (IsClosedUpdate(message))
            {
                MarkClosed();
            }
        }
    }

    private void CompleteRequest(JsonElement extra, JsonElement message)
    {
        var key = extra.ValueKind == JsonValueKind.String ? extra.GetString()! : extra.GetRawText();
        if (!_pending.TryRemove(key, out var answer))
        {
            return; // The caller gave up (timeout or cancellation) before TDLib answered.
        }

        if (TdJson.TypeOf(message) == "error")
        {
            var code = message.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 0;
            var text = message.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            answer.TrySetException(new TdException(code, text));
        }
        else
        {
            answer.TrySetResult(message);
        }
    }

    private void MarkClosed()
    {
        if (!_closed.TrySetResult())
        {
            return;
        }

        _loop.Unregister(ClientId);
        _inbox.Writer.TryComplete();
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var answer))
            {
                answer.TrySetException(new InvalidOperationException($"TDLib client {ClientId} closed before answering."));
            }
        }
    }

    private static bool IsClosedUpdate(JsonElement update) =>
        TdJson.TypeOf(update) == "updateAuthorizationState"
        && update.TryGetProperty("authorization_state", out var state)
        && TdJson.TypeOf(state) == "authorizationStateClosed";

    private static string Serialize(JsonObject request, string extra)
    {
        // Written field by field so the caller's object is left as it was (no @extra added to it).
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in request)
            {
                if (name is "@extra" or "@client_id")
                {
                    continue;
                }

                writer.WritePropertyName(name);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }

            writer.WriteString("@extra", extra);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private void Unsubscribe(Action<JsonElement> onUpdate)
    {
        lock (_subscribersGate)
        {
            _subscribers = _subscribers.Remove(onUpdate);
        }
    }

    private sealed class Subscription(TdClient client, Action<JsonElement> onUpdate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                client.Unsubscribe(onUpdate);
            }
        }
    }
}
