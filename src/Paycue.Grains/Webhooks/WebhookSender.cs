using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Paycue.Grains.Configuration;

namespace Paycue.Grains.Webhooks;

/// <summary>
/// Makes one delivery attempt. At most WORKERS attempts run at once in a process, so a slow merchant endpoint
/// cannot exhaust sockets. Success is HTTP 200 with a JSON body whose <c>ok</c> is true, as the original docs say.
/// </summary>
public sealed class WebhookSender(HttpClient http, PaycueOptions options, WebhookSecrets secrets, TimeProvider clock) : IDisposable
{
    public const string HttpClientName = "paycue-webhooks";
    private const int ExcerptBytes = 512;

    private readonly SemaphoreSlim workers = new(options.Workers, options.Workers);

    public async Task<WebhookAttempt> SendAsync(string eventId, byte[] body, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        if (options.WebhookUrl is null)
        {
            return new WebhookAttempt(at, null, 0, null, "WEBHOOK_URL is not set.", false);
        }

        var key = await secrets.KeyAsync();
        await workers.WaitAsync(cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.WebhookTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, options.WebhookUrl);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            // Standard Webhooks: the id is the same on every retry of one event; the timestamp is this attempt's.
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.TryAddWithoutValidation("webhook-id", eventId);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.Sign(key, eventId, timestamp, body));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var excerpt = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, ExcerptBytes));
            var status = (int)response.StatusCode;
            var ok = status == 200 && BodySaysOk(bytes);
            // A 4xx says "this request is wrong", and sending it again will not change that; 408 and 429 are the
            // exceptions that ask us to come back.
            var retryable = status is < 400 or >= 500 or 408 or 429;

            // Redirects are not followed (the client is built without): a signed payment event must not be re-sent
            // to wherever a receiver, or whoever took over its address, points. The attempt failed; its Location is
            // kept so the operator can fix WEBHOOK_URL.
            var location = status is >= 300 and < 400 ? response.Headers.Location?.ToString() : null;
            var error = ok ? null : location is null ? Reason(status) : $"HTTP {status} redirect to {location}; Paycue follows no redirects, so set WEBHOOK_URL to the final address.";
            return new WebhookAttempt(at, status, stopwatch.ElapsedMilliseconds, excerpt, error, ok, retryable, RetryAfter(response), location);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(at, null, stopwatch.ElapsedMilliseconds, null, $"No answer within {Durations.Format(options.WebhookTimeout)}.", false);
        }
        catch (HttpRequestException e)
        {
            return new WebhookAttempt(at, null, stopwatch.ElapsedMilliseconds, null, e.Message, false);
        }
        finally
        {
            workers.Release();
        }
    }

    public void Dispose() => workers.Dispose();

    private long? RetryAfter(HttpResponseMessage response)
    {
        if ((int)response.StatusCode != 429 || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        var delay = header.Delta ?? (header.Date is { } date ? date - clock.GetUtcNow() : null);
        return delay is { } d && d > TimeSpan.Zero ? (long)Math.Min(d.TotalMilliseconds, TimeSpan.FromHours(1).TotalMilliseconds) : null;
    }

    private static string Reason(int status) => status == 200
        ? "HTTP 200 without a JSON body whose ok is true."
        : $"HTTP {status}.";

    private static bool BodySaysOk(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("ok", out var ok)
                && ok.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
