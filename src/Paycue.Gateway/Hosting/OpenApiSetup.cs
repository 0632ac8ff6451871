using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Paycue.Gateway.Http;

namespace Paycue.Gateway.Hosting;

/// <summary>The OpenAPI document: every endpoint, its bodies and statuses, and the Basic scheme where it applies.</summary>
public static class OpenApiSetup
{
    public const string BasicScheme = "basic";

    public static IServiceCollection AddPaycueOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Paycue API",
                    Version = "v1",
                    Description = "Card-to-card payments confirmed from bank-bot notifications. Amounts are so'm as JSON numbers; bodies use the {\"status\", \"data\"} envelope.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BasicScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "basic",
                    Description = "API_USERNAME and API_PASSWORD.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiresApiCredentials>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BasicScheme, context.Document)] = [] });
                }

                return Task.CompletedTask;
            });
        });
}
