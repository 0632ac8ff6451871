namespace Paycue.Telegram;

/// <summary>A session snapshot could not be made or restored; the message says why in plain words.</summary>
public sealed class SessionSnapshotException(string message, Exception? innerException = null) : Exception(message, innerException);
