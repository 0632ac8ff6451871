using System.Text.Json;

namespace Paycue.Gateway.Cli;

/// <summary>
/// What a command needs from the world: where to write, the environment, the working directory (for <c>.env</c>),
/// and for the interactive commands the terminal's input and whether there is a terminal at all.
/// </summary>
public sealed class CliContext(
    TextWriter output,
    TextWriter error,
    Func<string, string?> environment,
    string workingDirectory,
    TextReader? input = null,
    bool interactive = false,
    HttpMessageHandler? apiHandler = null)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>The terminal's input; empty when there is none.</summary>
    public TextReader In { get; } = input ?? TextReader.Null;

    /// <summary>Someone can type answers (standard input is a terminal, or a test says so).</summary>
    public bool Interactive { get; } = interactive;

    public PaycueApiClient Connect(CliArguments arguments, TimeSpan? timeout = null) =>
        new(ApiConnection.Resolve(arguments, environment, workingDirectory), timeout, apiHandler);

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
