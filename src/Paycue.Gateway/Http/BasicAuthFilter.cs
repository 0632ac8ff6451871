namespace Paycue.Gateway.Http;

/// <summary>Applied once per route group: no or wrong credentials get 401 with a Basic challenge.</summary>
public sealed class BasicAuthFilter(ApiCredentials credentials) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (credentials.Accepts(http.Request.Headers.Authorization))
        {
            return await next(context);
        }

        http.Response.Headers.WWWAuthenticate = "Basic realm=\"paycue\", charset=\"UTF-8\"";
        var detail = string.IsNullOrEmpty(http.Request.Headers.Authorization)
            ? "Authentication is required; send the API_USERNAME and API_PASSWORD as HTTP Basic credentials."
            : "The credentials are wrong; check API_USERNAME and API_PASSWORD.";
        return Envelope.Error(StatusCodes.Status401Unauthorized, detail);
    }
}
