using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Paycue.Gateway.Http;

namespace Paycue.Gateway.Tests;

/// <summary>What a merchant's backend is told when a request fails inside: 503 "retry" for an unreachable cluster or Redis, 500 otherwise.</summary>
public sealed class ClusterErrorMiddlewareTests
{
    private static async Task<(int Status, string Detail)> AnswerAsync(Exception thrown, bool clientGone = false)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        using var aborted = new CancellationTokenSource();
        if (clientGone)
        {
            aborted.Cancel();
        }

        context.RequestAborted = aborted.Token;
        var middleware = new ClusterErrorMiddleware(_ => throw thrown, NullLogger<ClusterErrorMiddleware>.Instance);
        try
        {
            await middleware.InvokeAsync(context);
        }
        catch (Exception e) when (e == thrown)
        {
            return (-1, "");
        }

        context.Response.Body.Position = 0;
        var body = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, body.RootElement.GetProperty("data").GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task AReminderTableCallThatTimedOutAsACancelledTaskIsUnavailableNotAFailure()
    {
        // The Redis reminder table wraps a timed-out call's TaskCanceledException in its own exception type; a create
        // whose expiry reminder could not be registered answered 500 with it (seen under load by the wrk bench).
        var (status, detail) = await AnswerAsync(new InvalidOperationException("Redis reminder table call failed", new TaskCanceledException()));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Contains("retry", detail);
    }

    [Fact]
    public async Task AGenuineBugIsStillA500()
    {
        var (status, _) = await AnswerAsync(new InvalidOperationException("a bug", new NullReferenceException()));
        Assert.Equal(StatusCodes.Status500InternalServerError, status);
    }

    [Fact]
    public async Task ACancellationBecauseTheClientLeftIsNotAnsweredAsAnOutage()
    {
        var (status, _) = await AnswerAsync(new TaskCanceledException(), clientGone: true);
        Assert.Equal(-1, status);
    }
}
