using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paycue.Grains.Alerts;

/// <summary>One sendMessage call: sent, or why not, and when to try again.</summary>
/// <param name="RetryAfter">The Bot API's <c>parameters.retry_after</c> on a 429 (flood control).</param>
/// <param name="Retryable">False when only a configuration change helps (a wrong token, a chat the bot cannot write to); still retried, slowly.</param>
public sealed record BotApiResult(bool Sent, string? Error, TimeSpan? RetryAfter, bool Retryable)
{
    public static readonly BotApiResult Ok = new(true, null, null, true);
}

/// <summary>
/// The Telegram Bot API client: <c>POST {TELEGRAM_BOT_API_URL}/bot{token}/sendMessage</c> with <c>{chat_id, text}</c>,
/// answered <c>{"ok":true,...}</c> or <c>{"ok":false,"error_code":..,"description":..,"parameters":{"retry_after":N}}</c>.
/// The token is in the URL, so no URL is ever logged (the HTTP client is built without loggers) and every error text
/// has the token cut out.
/// </summary>
public sealed class BotApiNotifier(HttpClient http, AlertOptions options)
{
    public const string HttpClientName = "paycue-alerts";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public bool Configured => options.TelegramConfigured;

    public async Task<BotApiResult> SendAsync(string text, CancellationToken cancellationToken)
    {
        if (!options.TelegramConfigured)
        {
            return new BotApiResult(false, "ALERT_BOT_TOKEN and ALERT_CHAT_ID are not set; set both to get alerts in Telegram.", null, false);
        }

        var url = new Uri(options.BotApiUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/bot" + options.BotToken + "/sendMessage");
        object chat = long.TryParse(options.ChatId, out var numeric) ? numeric : options.ChatId!;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var response = await http.PostAsJsonAsync(url, new JsonObject
            {
                ["chat_id"] = JsonValue.Create(chat),
                ["text"] = text,
            }, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return Read((int)response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new BotApiResult(false, $"the Bot API did not answer within {(int)Timeout.TotalSeconds} s.", null, true);
        }
        catch (HttpRequestException e)
        {
            return new BotApiResult(false, "the Bot API could not be reached: " + Scrub(e.Message), null, true);
        }
    }

    private BotApiResult Read(int status, string body)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return new BotApiResult(false, $"the Bot API answered HTTP {status} without JSON.", null, true);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
        {
            return BotApiResult.Ok;
        }

        var code = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error_code", out var c) && c.TryGetInt32(out var n) ? n : status;
        var description = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String
            ? Scrub(d.GetString()!)
            : $"HTTP {status}";
        TimeSpan? retryAfter = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("retry_after", out var r) && r.TryGetInt32(out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(Math.Min(seconds, 3600))
                : null;
        var hint = code switch
        {
            401 or 404 => " (check ALERT_BOT_TOKEN: copy it again from @BotFather)",
            400 or 403 => " (check ALERT_CHAT_ID, and that the bot was started in that chat or added to the group)",
            _ => "",
        };
        return new BotApiResult(false, $"the Bot API refused: {code} {description}{hint}", retryAfter, code is 429 or >= 500);
    }

    private string Scrub(string text) => options.BotToken is { } token ? text.Replace(token, "[token]", StringComparison.Ordinal) : text;
}
