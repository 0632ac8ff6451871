using Microsoft.Net.Http.Headers;

namespace Paycue.Gateway.Http;

/// <summary>
/// Refuses a body that is not declared as JSON (415). A browser sends a cross-site form post with a form or
/// text/plain type, and with Basic credentials it has cached for this host; insisting on application/json, which a
/// cross-site page can only send after a CORS preflight Paycue never grants, keeps such a page from creating or
/// changing anything.
/// </summary>
public sealed class JsonContentTypeFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var contentType = context.HttpContext.Request.ContentType;
        if (!JsonContentType.IsJson(contentType))
        {
            return Envelope.Error(StatusCodes.Status415UnsupportedMediaType, JsonContentType.Refusal(contentType));
        }

        return await next(context);
    }
}

public static class JsonContentType
{
    /// <summary><c>application/json</c>, optionally with a charset; no other parameters, no other types.</summary>
    public static bool IsJson(string? contentType) =>
        // What nearly every client sends, answered without parsing (a parse allocates on every create).
        string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase)
        || MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && media.Parameters.All(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase));

    public static string Refusal(string? contentType)
    {
        var sent = string.IsNullOrWhiteSpace(contentType) ? "no Content-Type" : $"Content-Type {contentType}";
        return $"The body must be JSON sent with the header Content-Type: application/json; this request had {sent}.";
    }

    /// <summary>
    /// Routing itself answers a declared-JSON endpoint's other content types with a bare 415 before any filter runs;
    /// this gives that answer the same sentence.
    /// </summary>
    public static IApplicationBuilder UseJsonContentTypeSentence(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType && !context.Response.HasStarted)
        {
            await Envelope.WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, Refusal(context.Request.ContentType));
        }
    });
}
