using System.Text;
using Paycue.Gateway.Http;
using Paycue.Grains.Configuration;

namespace Paycue.Gateway.Hosting;

/// <summary>
/// The Orleans Dashboard at <c>/dashboard/</c>, behind Basic auth (DASHBOARD_USERNAME/PASSWORD, else the API pair).
/// Guarded by middleware rather than an endpoint filter because the dashboard's own endpoints are not route
/// handlers, and a filter would silently not run for them.
/// </summary>
public static class DashboardSetup
{
    private const string Prefix = "/dashboard";

    public static WebApplication MapPaycueDashboard(this WebApplication app, PaycueOptions options)
    {
        if (!options.Dashboard)
        {
            return app;
        }

        var api = app.Services.GetRequiredService<ApiCredentials>();
        var credentials = options.DashboardUsername is { } user && options.DashboardPassword is { } password
            ? new ApiCredentials(user, password, generated: false)
            : api;
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Prefix) && !credentials.Accepts(context.Request.Headers.Authorization))
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"paycue-dashboard\", charset=\"UTF-8\"";
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("Authentication is required for the dashboard."));
                return;
            }

            await next(context);
        });
        Orleans.Dashboard.ServiceCollectionExtensions.MapOrleansDashboard(app, Prefix);
        return app;
    }
}
