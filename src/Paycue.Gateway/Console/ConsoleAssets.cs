using System.Security.Cryptography;
using Paycue.Gateway.PayPage;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>The console's own CSS and script, embedded like the pay page's: nothing from a CDN, no remote font.</summary>
public sealed class ConsoleAssets
{
    /// <summary>Embedded as <c>Console.{file name}</c> (see the project file).</summary>
    private const string ResourcePrefix = "Console.";

    private readonly Dictionary<string, PayAsset> assets;

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        assets = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var content = copy.ToArray();
                var name = n[ResourcePrefix.Length..];
                var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
                return new PayAsset(name, content, type, Convert.ToHexStringLower(SHA256.HashData(content))[..16]);
            })
            .ToDictionary(a => a.Name, StringComparer.Ordinal);
    }

    public PayAsset? Find(string name) => assets.GetValueOrDefault(name);

    public string Url(string pathBase, string name) => $"{pathBase}/console/assets/{name}?v={assets[name].Version}";
}
