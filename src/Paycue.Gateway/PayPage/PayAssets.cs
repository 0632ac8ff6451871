using System.Security.Cryptography;

namespace Paycue.Gateway.PayPage;

/// <summary>
/// The pay page's CSS and script, embedded in the gateway assembly: the page must load on any mobile connection
/// from the gateway alone, with no CDN or remote font.
/// </summary>
public sealed class PayAssets
{
    /// <summary>Embedded as <c>PayPage.{file name}</c> (see the project file).</summary>
    private const string ResourcePrefix = "PayPage.";

    private readonly Dictionary<string, PayAsset> assets;

    public PayAssets()
    {
        var assembly = typeof(PayAssets).Assembly;
        assets = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => Load(assembly, n))
            .ToDictionary(a => a.Name, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<PayAsset> All => assets.Values;

    public PayAsset? Find(string name) => assets.GetValueOrDefault(name);

    /// <summary>The versioned URL the page links to.</summary>
    public string Url(string pathBase, string name) => $"{pathBase}/pay/assets/{name}?v={assets[name].Version}";

    private static PayAsset Load(System.Reflection.Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        var name = resource[ResourcePrefix.Length..];
        var version = Convert.ToHexStringLower(SHA256.HashData(content))[..16];
        return new PayAsset(name, content, ContentType(name), version);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
