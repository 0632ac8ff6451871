using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paycue.Telegram.Tests;

/// <summary>
/// A fake TDLib client: each request type is answered by a scripted handler (which may throw
/// <see cref="TdException"/>), and tests push updates. A request with no handler is never answered, like a
/// TDLib with no network: it ends only when the caller cancels.
/// </summary>
internal sealed class ScriptedTdClient : ITdClient
{
    private readonly ConcurrentDictionary<string, Func<JsonObject, JsonElement>> _handlers = new();
    private ImmutableList<Action<JsonElement>> _subscribers = [];

    /// <summary>Every request sent, in order, as sent.</summary>
    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    public static JsonElement Ok { get; } = ToElement(new JsonObject { ["@type"] = "ok" });

    public void On(string requestType, Func<JsonObject, JsonElement> handler) => _handlers[requestType] = handler;

    /// <summary>From now on requests of this type get no answer.</summary>
    public void Silence(string requestType) => _handlers.TryRemove(requestType, out _);

    public void Push(JsonObject update)
    {
        var element = ToElement(update);
        foreach (var subscriber in _subscribers)
        {
            subscriber(element);
        }
    }

    public Task<JsonElement> SendAsync(JsonObject request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request.DeepClone().AsObject());
        var type = request["@type"]!.GetValue<string>();
        if (!_handlers.TryGetValue(type, out var handler))
        {
            return NeverAnswerAsync(cancellationToken);
        }

        try
        {
            return Task.FromResult(handler(request));
        }
        catch (TdException ex)
        {
            return Task.FromException<JsonElement>(ex);
        }
    }

    public IDisposable Subscribe(Action<JsonElement> onUpdate)
    {
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(onUpdate));
        return new Unsubscriber(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(onUpdate)));
    }

    public IEnumerable<JsonObject> RequestsOfType(string type) => Requests.Where(r => r["@type"]!.GetValue<string>() == type);

    public static JsonElement ToElement(JsonNode node) => JsonSerializer.SerializeToElement(node);

    private static async Task<JsonElement> NeverAnswerAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("Unreachable.");
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
