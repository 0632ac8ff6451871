namespace Paycue.Telegram;

/// <summary>
/// TDLib answered a request with an <c>error</c> object. <see cref="Exception.Message"/> is TDLib's message
/// verbatim (for example <c>PHONE_CODE_INVALID</c> or <c>Too Many Requests: retry after 30</c>).
/// </summary>
public sealed class TdException(int code, string message) : Exception(message)
{
    /// <summary>TDLib's error code: 400 for a bad request, 401 for authorization, 429 for flood waits, 5xx for server trouble.</summary>
    public int Code { get; } = code;
}
