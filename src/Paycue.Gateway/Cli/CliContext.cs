using System.Text.Json;

namespace Paycue.Gateway.Cli;

/// <summary>What a command needs from the world: where to write, the environment, the working directory (for <c>.env</c>).</summary>
public sealed class CliContext(TextWriter output, TextWriter error, Func<string, string?> environment, string workingDirectory)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public PaycueApiClient Connect(CliArguments arguments) => new(ApiConnection.Resolve(arguments, environment, workingDirectory));

    /// <summary>
    /// The common ending of an API command: an error's detail to standard error with its exit code; else the data as
    /// JSON with <c>--json</c>, or as <paramref name="forPeople"/> writes it.
    /// </summary>
    public int Finish(ApiResponse response, CliArguments arguments, Action<JsonElement, TextWriter> forPeople)
    {
        if (!response.IsSuccess)
        {
            Error.WriteLine($"paycue: {response.Detail ?? $"the service answered HTTP {response.StatusCode}."}");
            return ExitCodes.ForHttpStatus(response.StatusCode);
        }

        if (arguments.Json)
        {
            JsonText.Write(response.Data, Out);
        }
        else
        {
            forPeople(response.Data, Out);
        }

        return ExitCodes.Ok;
    }
}
