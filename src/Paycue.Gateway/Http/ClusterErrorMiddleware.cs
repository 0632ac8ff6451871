using Orleans.Runtime;
using StackExchange.Redis;

namespace Paycue.Gateway.Http;

/// <summary>
/// Turns "the cluster or Redis is unreachable" into 503 with a sentence, and anything else unexpected into 500
/// without a stack trace on the wire.
/// </summary>
public sealed partial class ClusterErrorMiddleware(RequestDelegate next, ILogger<ClusterErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && IsUnavailable(e, context.RequestAborted.IsCancellationRequested))
        {
            LogUnavailable(e.GetType().Name, context.Request.Path);
            // A timeout or a lost connection can come after the write landed, so the answer must not promise that
            // nothing changed: it says how to retry safely instead.
            await Envelope.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable,
                "Paycue's cluster or its Redis is unreachable right now and the request may not have completed; retry in a few seconds (a create with the same Idempotency-Key returns the same transaction).");
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            LogFailed(e, context.Request.Path);
            await Envelope.WriteErrorAsync(context, StatusCodes.Status500InternalServerError,
                "Paycue failed on this request; the error is in the service log.");
        }
    }

    /// <summary>
    /// Whether <paramref name="e"/> says the cluster or Redis could not be reached in time. A cancellation the client
    /// did not ask for (<paramref name="clientGone"/> false) is a timeout inside: the Redis reminder table, for one,
    /// reports a timed-out call as a cancelled task wrapped in its own exception, which answered 500 before.
    /// </summary>
    internal static bool IsUnavailable(Exception e, bool clientGone) => e switch
    {
        SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException => true,
        RedisException or TimeoutException => true,
        OperationCanceledException => !clientGone,
        OrleansException { InnerException: { } inner } => IsUnavailable(inner, clientGone),
        AggregateException aggregate => aggregate.InnerExceptions.Any(x => IsUnavailable(x, clientGone)),
        _ when e.InnerException is { } inner => IsUnavailable(inner, clientGone),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster unavailable ({Error}) while serving {Path}.")]
    private partial void LogUnavailable(string error, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request to {Path} failed.")]
    private partial void LogFailed(Exception exception, string path);
}
