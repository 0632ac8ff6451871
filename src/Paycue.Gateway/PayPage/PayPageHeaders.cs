namespace Paycue.Gateway.PayPage;

/// <summary>
/// Headers for everything under the pay page. The page is public and shows a card number, so it loads nothing but
/// its own files, cannot be framed (a look-alike page around it could swap the number) and leaks no referrer.
/// </summary>
public static class PayPageHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
