using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Paycue.Testing;

/// <summary>One webhook request as a merchant's backend would receive it.</summary>
public sealed record ReceivedWebhook(DateTimeOffset At, string EventId, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Action => Json.GetProperty("action").GetString()!;

    /// <summary>The transaction, unmatched payment or alert the webhook is about; for <c>{"action":"test"}</c>, "test".</summary>
    public string TransactionId => Json.TryGetProperty("transaction_id", out var id) ? id.GetString()!
        : Json.TryGetProperty("payment_id", out var payment) ? payment.GetString()!
        : Json.TryGetProperty("alert_id", out var alert) ? alert.GetString()! : Action;
}

/// <summary>
/// A real HTTP receiver on loopback (Kestrel). Answers 200 <c>{"ok":true}</c> unless a transaction has a script of
/// responses, which lets a test make deliveries fail on purpose.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body, TimeSpan Delay)>> scripts = new();
    private readonly ConcurrentDictionary<string, string> retryAfter = new();

    private int followed;

    private WebhookReceiver(WebApplication app) => this.app = app;

    /// <summary>Where a scripted 3xx points (<see cref="RedirectUrl"/>), which answers ok to anyone following it.</summary>
    public string RedirectUrl => Url.Replace("/hook", "/moved", StringComparison.Ordinal);

    /// <summary>How many deliveries followed a scripted redirect.</summary>
    public int RedirectsFollowed => Volatile.Read(ref followed);

    public string Url { get; private set; } = "";

    public IReadOnlyCollection<ReceivedWebhook> Received => received.ToArray();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = FreePort.Next();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { Url = $"http://127.0.0.1:{port}/hook" };
        app.MapPost("/hook", receiver.HandleAsync);
        app.MapPost("/moved", () =>
        {
            Interlocked.Increment(ref receiver.followed);
            return Results.Text("{\"ok\":true}", "application/json");
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The next deliveries of this transaction get these answers, in order; after that, 200 ok.</summary>
    public void Script(string transactionId, params (int Status, string Body, TimeSpan Delay)[] responses) =>
        scripts[transactionId] = new ConcurrentQueue<(int, string, TimeSpan)>(responses);

    /// <summary>Answers the next delivery of this transaction with 429 and a Retry-After header.</summary>
    public void ScriptTooManyRequests(string transactionId, string retryAfterHeader)
    {
        retryAfter[transactionId] = retryAfterHeader;
        Script(transactionId, (429, "{}", TimeSpan.Zero));
    }

    public IReadOnlyList<ReceivedWebhook> For(string transactionId) =>
        received.Where(r => r.TransactionId == transactionId).ToList();

    /// <summary>Waits until <paramref name="condition"/> holds for this transaction's deliveries, or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string transactionId, Func<IReadOnlyList<ReceivedWebhook>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var got = For(transactionId);
            if (condition(got))
            {
                return got;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Webhooks for {transactionId} did not reach the expected state within {timeout}; got {got.Count}: {string.Join(", ", got.Select(g => g.Action))}.");
            }

            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var webhook = new ReceivedWebhook(DateTimeOffset.UtcNow, headers.GetValueOrDefault("webhook-id") ?? "", body, headers);
        received.Enqueue(webhook);
        var status = 200;
        var answer = "{\"ok\":true}";
        if (scripts.TryGetValue(webhook.TransactionId, out var script) && script.TryDequeue(out var next))
        {
            (status, answer) = (next.Status, next.Body);
            if (next.Delay > TimeSpan.Zero)
            {
                await Task.Delay(next.Delay);
            }
        }

        if (status == 429 && retryAfter.TryRemove(webhook.TransactionId, out var header))
        {
            context.Response.Headers.RetryAfter = header;
        }

        if (status is >= 300 and < 400)
        {
            context.Response.Headers.Location = RedirectUrl;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer);
    }
}
