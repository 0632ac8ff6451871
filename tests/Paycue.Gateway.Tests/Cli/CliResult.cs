namespace Paycue.Gateway.Tests.Cli;

/// <summary>What one <c>paycue</c> child process did.</summary>
public sealed record CliResult(int Code, string Out, string Err)
{
    public override string ToString() => $"exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
