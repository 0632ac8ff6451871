using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Paycue.Gateway.Http;
using Paycue.Grains.Configuration;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>What <c>Program</c> calls for the console at <c>/console/</c> besides mapping it.</summary>
public static class ConsoleHosting
{
    public const string Scheme = "paycue-console";
    public const string CookieName = "paycue_console";
    public const string AntiforgeryCookieName = "paycue_console_af";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    /// <summary>
    /// The sign-in cookie and anti-forgery cookie: HttpOnly, SameSite=Strict, scoped to <c>/console</c>, Secure when the
    /// request came over HTTPS, directly or through a local proxy's <c>X-Forwarded-Proto</c> (trusted from loopback
    /// only, like the pay page's <c>X-Forwarded-For</c>). Throws <see cref="PaycueConfigException"/> for half a
    /// <c>CONSOLE_USERNAME</c>/<c>CONSOLE_PASSWORD</c> pair.
    /// </summary>
    public static WebApplicationBuilder AddPaycueConsole(this WebApplicationBuilder builder)
    {
        var username = Text(builder.Configuration["CONSOLE_USERNAME"]);
        var password = Text(builder.Configuration["CONSOLE_PASSWORD"]);
        if ((username is null) != (password is null))
        {
            throw new PaycueConfigException("CONSOLE_USERNAME and CONSOLE_PASSWORD: set both, or neither to sign in to the console with API_USERNAME and API_PASSWORD.");
        }

        if (password is { Length: < 12 })
        {
            throw new PaycueConfigException("CONSOLE_PASSWORD: use at least 12 characters; the console can cancel transactions and show the webhook secret.");
        }

        var services = builder.Services;
        var console = username is null ? null : new ConsoleCredentials(username, password!);
        services.AddSingleton(sp => new ConsoleSignIn(sp.GetRequiredService<ApiCredentials>(), console, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ConsoleAssets>();
        services.AddSingleton<ConsoleClock>();
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.Path = "/console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookieName;
            o.Cookie.Path = "/console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__RequestVerificationToken";
            o.SuppressXFrameOptionsHeader = false;
        });

        // The pay page trusts X-Forwarded-For from loopback; the console also needs the scheme to know when to mark
        // its cookies Secure behind a TLS-terminating proxy. PostConfigure: the pay page assigns the option outright,
        // after this runs.
        services.PostConfigure<ForwardedHeadersOptions>(o => o.ForwardedHeaders |= ForwardedHeaders.XForwardedProto);
        return builder;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
