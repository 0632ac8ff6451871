using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paycue.Telegram;

/// <summary>
/// One TDLib client as the rest of Paycue sees it: requests out, answers and updates in.
/// <see cref="TdClient"/> is the real one; tests script a fake.
/// </summary>
public interface ITdClient
{
    /// <summary>
    /// Sends a TDLib request (an object with <c>@type</c>) and returns TDLib's answer.
    /// Throws <see cref="TdException"/> when TDLib answers with an error, <see cref="TimeoutException"/> when no
    /// answer comes within <paramref name="timeout"/>, and <see cref="OperationCanceledException"/> on cancellation.
    /// The request object is not modified.
    /// </summary>
    Task<JsonElement> SendAsync(JsonObject request, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="onUpdate"/> with each update of this client, one at a time and in TDLib's order.
    /// Handlers run on the client's dispatch task: keep them short and never block in them.
    /// Dispose the result to stop receiving.
    /// </summary>
    IDisposable Subscribe(Action<JsonElement> onUpdate);
}
