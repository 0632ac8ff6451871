namespace Paycue.Telegram;

/// <summary>Settings of the process-wide <see cref="TdReceiveLoop"/>.</summary>
public sealed record TdReceiveLoopOptions
{
    /// <summary>
    /// TDLib's internal log verbosity routed into our logging: 0 fatal, 1 errors (default), 2 warnings.
    /// Higher levels are refused because from level 3 on TDLib prints request bodies, which carry phone
    /// numbers, login codes and passwords.
    /// </summary>
    public int TdlibLogVerbosity { get; init; } = 1;

    /// <summary>How long one <c>td_receive</c> call waits; also bounds how long stopping the loop takes.</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long disposing the loop waits for each client to close and flush its database.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The highest verbosity that keeps secrets out of TDLib's log.</summary>
    public const int MaxSafeTdlibLogVerbosity = 2;
}
