namespace Paycue.Gateway.Cli;

/// <summary>The service did not answer at all; the command exits with <see cref="ExitCodes.Unreachable"/>.</summary>
public sealed class ServiceUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
