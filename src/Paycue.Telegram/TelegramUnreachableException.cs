namespace Paycue.Telegram;

/// <summary>
/// Telegram did not answer a login step in time (no network, Telegram down). The HTTP API answers 503 for this
/// and 400 for every other <see cref="TelegramLoginException"/>.
/// </summary>
public sealed class TelegramUnreachableException(TimeSpan timeout, Exception? innerException = null)
    : TelegramLoginException($"Telegram could not be reached within {timeout.TotalSeconds:0} seconds.", innerException)
{
    /// <summary>How long the step waited.</summary>
    public TimeSpan Timeout { get; } = timeout;
}
