using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace Paycue.Telegram.Tests;

/// <summary>
/// A close TDLib does not finish in time says how far the client got, so an operator (or a failed test on another
/// machine) can tell a close stuck in <c>authorizationStateClosing</c> from one TDLib never started.
/// The client runs on a loop whose <c>td_receive</c> stand-in returns nothing, so TDLib's answer never comes; its id is
/// one TDLib never handed out, so the close request TDLib does receive touches no real client.
/// </summary>
public sealed class TdClientCloseTests
{
    [Fact]
    public async Task ACloseThatTimesOutNamesTheLastAuthorizationState()
    {
        using var loop = new TdReceiveLoop(
            new TdReceiveLoopOptions { ReceiveTimeout = TimeSpan.FromMilliseconds(20), CloseTimeout = TimeSpan.FromMilliseconds(100) },
            null,
            null,
            receive: _ =>
            {
                Thread.Sleep(20);
                return null;
            },
            guard: new TdReceiveLoop.ReceiveGuard(),
            joinTimeout: TimeSpan.FromSeconds(5));
        await using var client = new TdClient(loop, int.MaxValue, TimeProvider.System, NullLogger.Instance);
        Assert.Equal("none yet", client.LastAuthorizationState);

        client.Post(Update("authorizationStateReady"));
        client.Post(Update("authorizationStateClosing"));
        for (var i = 0; i < 100 && client.LastAuthorizationState != "authorizationStateClosing"; i++)
        {
            await Task.Delay(10);
        }

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => client.CloseAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Equal("authorizationStateClosing", client.LastAuthorizationState);
        Assert.Contains($"TDLib client {int.MaxValue} did not close", timeout.Message);
        Assert.Contains("last authorization state was authorizationStateClosing", timeout.Message);
        Assert.False(client.Closed.IsCompleted);
    }

    private static JsonElement Update(string state) =>
        JsonDocument.Parse($$$"""{"@type":"updateAuthorizationState","authorization_state":{"@type":"{{{state}}}"}}""").RootElement.Clone();
}
