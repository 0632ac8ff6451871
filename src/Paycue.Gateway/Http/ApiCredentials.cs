using System.Security.Cryptography;
using System.Text;
using Paycue.Grains.Configuration;

namespace Paycue.Gateway.Http;

/// <summary>
/// The HTTP Basic pair. When the operator set none, a strong pair is generated for this run: Paycue never runs open.
/// </summary>
public sealed class ApiCredentials
{
    private readonly byte[] expected;

    public ApiCredentials(string username, string password, bool generated)
    {
        Username = username;
        Password = password;
        Generated = generated;
        expected = Encoding.UTF8.GetBytes($"{username}:{password}");
    }

    public string Username { get; }

    public string Password { get; }

    public bool Generated { get; }

    public static ApiCredentials From(PaycueOptions options) =>
        options.ApiUsername is { } user && options.ApiPassword is { } password
            ? new ApiCredentials(user, password, generated: false)
            : new ApiCredentials("paycue", RandomSecret(), generated: true);

    /// <summary>Checks an Authorization header in constant time.</summary>
    public bool Accepts(string? authorization)
    {
        const string scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromBase64String(authorization[scheme.Length..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private static string RandomSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'x').Replace('/', 'y').TrimEnd('=');
}
