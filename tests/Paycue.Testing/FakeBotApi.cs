using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Paycue.Testing;

/// <summary>One message the bot was asked to send (and the fake accepted).</summary>
public sealed record BotMessage(DateTimeOffset At, string ChatId, string Text);

/// <summary>
/// A local Telegram Bot API (Kestrel on loopback) speaking the real protocol for <c>sendMessage</c>:
/// <c>POST /bot{token}/sendMessage</c> with a JSON body <c>{chat_id, text}</c>, answered <c>{"ok":true,"result":Message}</c>,
/// or <c>{"ok":false,"error_code":..,"description":..}</c> (401 for a wrong token, 400 "chat not found", 429 with
/// <c>parameters.retry_after</c> under flood control, which it enforces: a request before retry_after passed gets
/// another 429). Tests script failures and can hold every request unanswered (to kill a process mid-send).
/// </summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    public const string Token = "123456789:AAFakeBotTokenForPaycueTests_0123456789";
    public const string ChatId = "-1001234567890";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<BotMessage> accepted = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task<bool>>> script = new();
    private readonly ConcurrentQueue<(DateTimeOffset At, bool Ok)> requests = new();
    private readonly ConcurrentDictionary<string, int> failingTexts = new();
    private readonly object gate = new();
    private TaskCompletionSource hold = Completed();
    private DateTimeOffset floodUntil = DateTimeOffset.MinValue;
    private int messageId;

    private FakeBotApi(WebApplication app) => this.app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<BotMessage> Messages => accepted.ToArray();

    /// <summary>Every request, accepted or not, with when it came: to check retry_after was honoured.</summary>
    public IReadOnlyList<(DateTimeOffset At, bool Ok)> Requests => requests.ToArray();

    /// <summary>Requests waiting behind <see cref="Hold"/>.</summary>
    public int Held;

    /// <summary>Held requests whose client went away (its process was killed) before they were answered: not sent.</summary>
    public int Aborted;

    public static async Task<FakeBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Port 0: the system picks a free port as it binds. A port found free beforehand may be taken (an outgoing
        // connection's ephemeral port) by the time Kestrel binds it, and then the fixture failed to start.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var web = builder.Build();
        var fake = new FakeBotApi(web);
        // The real API's path is /bot<token>/<method>; matched by hand (the token holds a colon).
        web.MapPost("/{**path}", (HttpContext context, string path) =>
        {
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            return path.StartsWith("bot", StringComparison.Ordinal) && slash > 3
                ? fake.HandleAsync(context, path[3..slash], path[(slash + 1)..])
                : Error(context, 404, "Not Found");
        });
        await web.StartAsync();
        fake.Url = web.Urls.Single().TrimEnd('/');
        return fake;
    }

    /// <summary>The next request gets 429 with <c>retry_after</c>; requests before that time passed get 429 again.</summary>
    public void ScriptFloodControl(int retryAfterSeconds) => script.Enqueue(context =>
    {
        lock (gate)
        {
            floodUntil = DateTimeOffset.UtcNow.AddSeconds(retryAfterSeconds);
        }

        return Task.FromResult(false);
    });

    /// <summary>The next <paramref name="times"/> requests get 500 Internal Server Error.</summary>
    public void ScriptServerErrors(int times)
    {
        for (var i = 0; i < times; i++)
        {
            script.Enqueue(async context =>
            {
                await Error(context, 500, "Internal Server Error");
                return true;
            });
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> messages whose text contains <paramref name="marker"/> get 500 Internal Server
    /// Error, whatever else is sent meanwhile (so a test's failures never land on another test's messages).
    /// </summary>
    public void FailMessagesContaining(string marker, int times) => failingTexts[marker] = times;

    /// <summary>Requests are taken but not answered until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (gate)
        {
            if (hold.Task.IsCompleted)
            {
                hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Release()
    {
        lock (gate)
        {
            hold.TrySetResult();
        }
    }

    public async Task<IReadOnlyList<BotMessage>> WaitForAsync(Func<IReadOnlyList<BotMessage>, bool> condition, TimeSpan timeout, string what) =>
        (await Eventually.WaitAsync(() => Task.FromResult(Messages), condition, timeout, what))!;

    public async ValueTask DisposeAsync()
    {
        Release();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private async Task HandleAsync(HttpContext context, string token, string method)
    {
        Task waiting;
        lock (gate)
        {
            waiting = hold.Task;
        }

        if (!waiting.IsCompleted)
        {
            Interlocked.Increment(ref Held);
            try
            {
                await waiting.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref Aborted);
                return; // the client went away (its process was killed): nothing was sent
            }
        }

        if (token != Token)
        {
            requests.Enqueue((DateTimeOffset.UtcNow, false));
            await Error(context, 401, "Unauthorized");
            return;
        }

        if (method != "sendMessage")
        {
            requests.Enqueue((DateTimeOffset.UtcNow, false));
            await Error(context, 404, "Not Found");
            return;
        }

        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(context.Request.Body)).RootElement;
        }
        catch (JsonException)
        {
            requests.Enqueue((DateTimeOffset.UtcNow, false));
            await Error(context, 400, "Bad Request: invalid JSON");
            return;
        }

        var chat = body.TryGetProperty("chat_id", out var c) ? c.ValueKind == JsonValueKind.Number ? c.GetRawText() : c.GetString() : null;
        var text = body.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (script.TryDequeue(out var scripted) && await scripted(context))
        {
            requests.Enqueue((DateTimeOffset.UtcNow, false));
            return;
        }

        if (text is not null && failingTexts.Keys.FirstOrDefault(m => text.Contains(m, StringComparison.Ordinal)) is { } marker
            && failingTexts.AddOrUpdate(marker, 0, (_, left) => left - 1) >= 0)
        {
            requests.Enqueue((DateTimeOffset.UtcNow, false));
            await Error(context, 500, "Internal Server Error");
            return;
        }

        int? flood = null;
        lock (gate)
        {
            if (DateTimeOffset.UtcNow < floodUntil)
            {
                flood = Math.Max(1, (int)Math.Ceiling((floodUntil - DateTimeOffset.UtcNow).TotalSeconds));
            }
        }

        if (flood is { } retryAfter)
        {
            requests.Enqueue((DateTimeOffset.UtcNow, false));
            await Error(context, 429, $"Too Many Requests: retry after {retryAfter}", new JsonObject { ["retry_after"] = retryAfter });
            return;
        }

        if (chat != ChatId)
        {
            requests.Enqueue((DateTimeOffset.UtcNow, false));
            await Error(context, 400, "Bad Request: chat not found");
            return;
        }

        if (string.IsNullOrEmpty(text))
        {
            requests.Enqueue((DateTimeOffset.UtcNow, false));
            await Error(context, 400, "Bad Request: message text is empty");
            return;
        }

        requests.Enqueue((DateTimeOffset.UtcNow, true));
        accepted.Enqueue(new BotMessage(DateTimeOffset.UtcNow, chat, text));
        var result = new JsonObject
        {
            ["ok"] = true,
            ["result"] = new JsonObject
            {
                ["message_id"] = Interlocked.Increment(ref messageId),
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["chat"] = new JsonObject { ["id"] = long.Parse(chat), ["type"] = "supergroup", ["title"] = "Paycue alerts" },
                ["text"] = text,
            },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(result.ToJsonString());
    }

    private static async Task Error(HttpContext context, int code, string description, JsonObject? parameters = null)
    {
        var error = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (parameters is not null)
        {
            error["parameters"] = parameters;
        }

        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(error.ToJsonString());
    }
}
