namespace Paycue.Gateway.Cli;

/// <summary>The command line is wrong; the message says what to fix and the command exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class CliUsageException(string message) : Exception(message);
