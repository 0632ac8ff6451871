using Microsoft.AspNetCore.HttpOverrides;
using Paycue.Grains.Configuration;

namespace Paycue.Gateway.PayPage;

/// <summary>What <c>Program</c> calls for the pay page besides mapping it.</summary>
public static class PayPageHosting
{
    public static IServiceCollection AddPayPage(this IServiceCollection services, PaycueOptions options)
    {
        services.AddSingleton<PayAssets>();
        services.AddSingleton<PayViewReader>();
        services.AddRateLimiter(limiter => PayPageRateLimit.Configure(limiter, options));

        // Behind a reverse proxy on the same machine every request comes from loopback; trusting X-Forwarded-For from
        // loopback only (the framework's default known proxies) keeps the limit per payer without letting a remote
        // client choose its own address.
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor);
        return services;
    }

    /// <summary>Client addresses from a local proxy, then the rate limiter (which only the pay page's endpoints opt into).</summary>
    public static WebApplication UsePayPage(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseRateLimiter();
        return app;
    }
}
