using Paycue.Grains.Configuration;

namespace Paycue.Gateway.Cli;

/// <summary>
/// Where the service is and how to log in: flags first, then environment variables, then <c>.env</c> in the working
/// directory (the file the service itself reads, so on the service's own machine nothing needs to be typed).
/// </summary>
public sealed record ApiConnection(Uri BaseUrl, string? User, string? Password)
{
    public const int DefaultPort = 10800;

    public static ApiConnection Resolve(CliArguments arguments, Func<string, string?> environment, string workingDirectory)
    {
        var dotEnv = DotEnv.Read(Path.Combine(workingDirectory, ".env"));
        string? Setting(string key) => environment(key) is { Length: > 0 } value ? value : dotEnv.GetValueOrDefault(key) is { Length: > 0 } fromFile ? fromFile : null;

        var url = arguments.Value("--url") ?? Setting("PAYCUE_URL");
        if (url is null)
        {
            var port = Setting("PORT") ?? DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!int.TryParse(port, out var number) || number is < 1 or > 65535)
            {
                throw new CliUsageException($"PORT '{port}' is not a port number; set PAYCUE_URL or pass --url.");
            }

            url = $"http://127.0.0.1:{number}";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliUsageException("the service URL must be an http:// or https:// address, such as http://127.0.0.1:10800.");
        }

        return new ApiConnection(baseUrl, arguments.Value("--user") ?? Setting("API_USERNAME"), arguments.Value("--password") ?? Setting("API_PASSWORD"));
    }

    /// <summary>The URL as it may be shown: without any user:password someone put into it.</summary>
    public string DisplayUrl => new UriBuilder(BaseUrl) { UserName = "", Password = "" }.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>Never the password: this record ends up in messages and debugger views.</summary>
    public override string ToString() => $"{DisplayUrl} as {User ?? "(no user)"}";
}
