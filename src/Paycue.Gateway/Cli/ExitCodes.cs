namespace Paycue.Gateway.Cli;

/// <summary>
/// What <c>paycue</c> commands exit with. Scripts branch on these, so they never change meaning; <c>paycue --help</c>
/// lists them.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The API answered with an error (its detail goes to standard error).</summary>
    public const int ApiError = 1;

    /// <summary>The command line itself is wrong: unknown command, bad or missing option, malformed value.</summary>
    public const int Usage = 2;

    /// <summary>No answer from the service: connection refused, unknown host, or no reply within the timeout.</summary>
    public const int Unreachable = 3;

    /// <summary>HTTP 404: no such transaction or card.</summary>
    public const int NotFound = 4;

    /// <summary>HTTP 401: the API credentials are missing or wrong.</summary>
    public const int AuthenticationFailed = 5;

    /// <summary><c>paycue --telegram</c>: another process runs this Telegram account's session (it holds the session lease).</summary>
    public const int SessionBusy = 6;

    /// <summary>The exit code for an API answer that was not a success.</summary>
    public static int ForHttpStatus(int status) => status switch
    {
        401 => AuthenticationFailed,
        404 => NotFound,
        _ => ApiError,
    };
}
