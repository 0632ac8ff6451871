using System.Globalization;

namespace Paycue.Telegram;

/// <summary>
/// TDLib answered a request with an <c>error</c> object. <see cref="Exception.Message"/> is TDLib's message
/// verbatim (for example <c>PHONE_CODE_INVALID</c> or <c>Too Many Requests: retry after 30</c>).
/// </summary>
public sealed class TdException(int code, string message) : Exception(message)
{
    private const string RetryAfterPrefix = "retry after ";

    /// <summary>TDLib's error code: 400 for a bad request, 401 for authorization, 429 for flood waits, 5xx for server trouble.</summary>
    public int Code { get; } = code;

    /// <summary>
    /// Telegram's flood wait (code 429, <c>Too Many Requests: retry after N</c>): how long to wait before asking
    /// again, since asking sooner only prolongs the wait; null for every other error.
    /// </summary>
    public TimeSpan? RetryAfter
    {
        get
        {
            var at = Message.LastIndexOf(RetryAfterPrefix, StringComparison.OrdinalIgnoreCase);
            return Code == 429 && at >= 0
                && int.TryParse(Message.AsSpan(at + RetryAfterPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                    ? TimeSpan.FromSeconds(seconds)
                    : null;
        }
    }
}
