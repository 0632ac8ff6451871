namespace Paycue.Grains.Telegram;

/// <summary>A session write refused because this process does not (or no longer) hold the account's session lease.</summary>
public sealed class SessionLeaseLostException(string message, Exception? innerException = null) : IOException(message, innerException);
