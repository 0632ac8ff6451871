namespace Paycue.Gateway.Http;

/// <summary>Marks endpoints that need the API credentials, for the filter and for the OpenAPI document alike.</summary>
public sealed class RequiresApiCredentials;

public static class ApiCredentialsEndpointExtensions
{
    /// <summary>Basic auth on every endpoint of the group, declared once so the docs cannot disagree with the code.</summary>
    public static RouteGroupBuilder RequireApiCredentials(this RouteGroupBuilder group) =>
        group.AddEndpointFilter<BasicAuthFilter>().WithMetadata(new RequiresApiCredentials());

    public static RouteHandlerBuilder RequireApiCredentials(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter<BasicAuthFilter>().WithMetadata(new RequiresApiCredentials());

    /// <summary>The success body and every error status a handler can answer, in the envelope.</summary>
    public static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder endpoint, int success, params int[] errors)
    {
        endpoint.Produces<Envelope<T>>(success);
        foreach (var error in errors)
        {
            endpoint.Produces<Envelope<ErrorDetail>>(error);
        }

        return endpoint;
    }

    /// <summary>
    /// A JSON request body the handler reads itself (to word its own errors), declared for the docs, and required:
    /// anything but <c>Content-Type: application/json</c> is a 415 (see <see cref="JsonContentTypeFilter"/>).
    /// </summary>
    public static RouteHandlerBuilder Takes<T>(this RouteHandlerBuilder endpoint)
        where T : notnull => endpoint.Accepts<T>("application/json").AddEndpointFilter<JsonContentTypeFilter>();
}
