namespace Paycue.Telegram;

/// <summary>
/// A login step failed. <see cref="Exception.Message"/> is a sentence for the user (never a phone number, code
/// or password); the login state is left as it was, so the user can retry.
/// </summary>
public class TelegramLoginException(string reason, Exception? innerException = null) : Exception(reason, innerException)
{
    /// <summary>The sentence for the user; the same as <see cref="Exception.Message"/>.</summary>
    public string Reason => Message;
}
