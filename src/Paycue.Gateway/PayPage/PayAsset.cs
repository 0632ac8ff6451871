namespace Paycue.Gateway.PayPage;

/// <summary>One embedded file of the pay page. <paramref name="Version"/> is a hash of the content, put into asset URLs so they can be cached for good.</summary>
public sealed record PayAsset(string Name, byte[] Content, string ContentType, string Version)
{
    public string ETag => $"\"{Version}\"";
}
