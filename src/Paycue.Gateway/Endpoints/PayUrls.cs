using Paycue.Grains.Configuration;

namespace Paycue.Gateway.Endpoints;

public static class PayUrls
{
    /// <summary><c>PUBLIC_URL</c> when set, else the address the merchant called us on.</summary>
    public static string BaseUrl(PaycueOptions options, HttpRequest request) =>
        options.PublicUrl ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
}
