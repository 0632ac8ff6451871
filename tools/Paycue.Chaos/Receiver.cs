using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Paycue.Chaos;

/// <summary>
/// The merchant's webhook endpoint, in its own process: records every delivery (time, headers, raw body, what it
/// answered) as one JSON line, then answers 200 <c>{"ok":true}</c>, or 500, or hangs, as <c>/control</c> sets it.
/// </summary>
public static class Receiver
{
    private static readonly object Gate = new();
    private static string mode = "ok";
    private static DateTimeOffset modeUntil = DateTimeOffset.MinValue;

    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        await using var output = new StreamWriter(new FileStream(args[1], FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/control", (string mode, long ms) =>
        {
            lock (Gate)
            {
                Receiver.mode = mode;
                modeUntil = DateTimeOffset.UtcNow.AddMilliseconds(ms);
            }

            return Results.Ok();
        });
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var at = DateTimeOffset.UtcNow;
            string current;
            DateTimeOffset until;
            lock (Gate)
            {
                current = at < modeUntil ? mode : "ok";
                until = modeUntil;
            }

            var status = current switch { "fail" => 500, "hang" => 0, _ => 200 };
            var line = JsonSerializer.Serialize(new Delivery(
                at.ToUnixTimeMilliseconds(),
                status,
                context.Request.Headers["webhook-id"].ToString(),
                context.Request.Headers["webhook-timestamp"].ToString(),
                context.Request.Headers["webhook-signature"].ToString(),
                Encoding.UTF8.GetString(buffer.ToArray())));
            lock (Gate)
            {
                output.WriteLine(line);
            }

            if (current == "hang")
            {
                try
                {
                    await Task.Delay(until - at, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return Results.Empty;
                }

                return Results.StatusCode(503);
            }

            return status == 200 ? Results.Text("{\"ok\":true}", "application/json") : Results.Text("{\"ok\":false}", "application/json", statusCode: 500);
        });
        await app.RunAsync();
        return 0;
    }
}

/// <summary>One delivery as the receiver saw it; <c>Status</c> 0 means it hung (no answer before the sender gave up).</summary>
public sealed record Delivery(long AtMs, int Status, string Id, string Timestamp, string Signature, string Body);
