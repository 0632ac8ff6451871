using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;
using Paycue.Grains.Configuration;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>
/// <c>/console/</c>: the merchant console, server-rendered. Every page but sign-in needs the console cookie; every
/// post carries an anti-forgery token; everything under a strict CSP that loads only the console's own files.
/// </summary>
public static class ConsoleEndpoints
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string HtmlType = "text/html; charset=utf-8";

    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder app, PaycueOptions options)
    {
        var open = app.MapGroup("/console").ExcludeFromDescription().AddEndpointFilter(Headers);
        open.MapGet("/login", SignInPage.ShowAsync);
        open.MapPost("/login", SignInPage.SubmitAsync).AddEndpointFilter(Antiforgery);
        open.MapGet("/lang/{code}", Language);
        open.MapGet("/assets/{name}", Asset);

        var signedIn = app.MapGroup("/console").ExcludeFromDescription().AddEndpointFilter(Headers).AddEndpointFilter(SignedIn);
        signedIn.MapPost("/logout", (Delegate)SignOutAsync).AddEndpointFilter(Antiforgery);
        signedIn.MapGet("/", OverviewPage.ShowAsync);
        signedIn.MapGet("/transactions", TransactionPages.ListAsync);
        signedIn.MapGet("/transactions/{id}", TransactionPages.ShowAsync);
        signedIn.MapPost("/transactions/{id}/cancel", TransactionPages.CancelAsync).AddEndpointFilter(Antiforgery);
        signedIn.MapPost("/transactions/{id}/resend", TransactionPages.ResendAsync).AddEndpointFilter(Antiforgery);
        signedIn.MapGet("/payments", LedgerPages.PaymentsAsync);
        signedIn.MapGet("/webhooks", LedgerPages.WebhooksAsync);
        signedIn.MapPost("/webhooks/reveal", LedgerPages.RevealAsync).AddEndpointFilter(Antiforgery);
        signedIn.MapGet("/cards", CardPages.ShowAsync);
        signedIn.MapPost("/cards", CardPages.AddAsync).AddEndpointFilter(Antiforgery);
        signedIn.MapPost("/cards/{id}/login", CardPages.LoginAsync).AddEndpointFilter(Antiforgery);
        signedIn.MapPost("/cards/{id}/remove", CardPages.RemoveAsync).AddEndpointFilter(Antiforgery);
        if (options.Sandbox)
        {
            signedIn.MapGet("/sandbox", SandboxPage.ShowAsync);
            signedIn.MapPost("/sandbox/transactions", SandboxPage.CreateAsync).AddEndpointFilter(Antiforgery);
            signedIn.MapPost("/sandbox/payments", SandboxPage.PayAsync).AddEndpointFilter(Antiforgery);
        }

        return app;
    }

    /// <summary>An HTML answer that is never cached (it shows money and may show the secret).</summary>
    public static IResult Html(string html, int status = StatusCodes.Status200OK) => TypedResults.Content(html, HtmlType, statusCode: status);

    /// <summary>Back to a console page after a post (post, redirect, get), with a message key that is not secret.</summary>
    public static IResult SeeOther(HttpContext http, string path) =>
        TypedResults.Redirect($"{http.Request.PathBase}/console{path}");

    private static async ValueTask<object?> Headers(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var response = context.HttpContext.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        if (!context.HttpContext.Request.Path.StartsWithSegments("/console/assets"))
        {
            // What the anti-forgery tokens need anyway (it would override anything weaker, with a warning).
            response.Headers.CacheControl = "no-cache, no-store";
            response.Headers.Pragma = "no-cache";
        }

        return await next(context);
    }

    private static async ValueTask<object?> SignedIn(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await http.AuthenticateAsync(ConsoleHosting.Scheme);
        if (!result.Succeeded)
        {
            return TypedResults.Redirect($"{http.Request.PathBase}/console/login");
        }

        http.User = result.Principal;
        return await next(context);
    }

    /// <summary>Every post: a token from our own page, or a plain 400 page (a cross-site post never acts).</summary>
    private static async ValueTask<object?> Antiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            var t = ConsoleText.For(http.Request);
            return TypedResults.Content($"<!doctype html><html lang=\"{t.Pay.HtmlLang}\"><head><meta charset=\"utf-8\"><title>400</title></head><body><main><h1>400</h1><p>{ConsolePage.E(t["The form has expired or came from another site. Open the page again and repeat."])}</p></main></body></html>",
                HtmlType, statusCode: StatusCodes.Status400BadRequest);
        }

        return await next(context);
    }

    public static async Task SignInAsync(HttpContext http, string username)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, username)], ConsoleHosting.Scheme);
        await http.SignInAsync(ConsoleHosting.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(ConsoleHosting.Scheme);
        return SeeOther(http, "/login?signed_out=1");
    }

    /// <summary>The language switch: remembers the choice for a year and returns to the page it was clicked on.</summary>
    private static IResult Language(string code, string? back, HttpContext http)
    {
        if (ConsoleText.Find(code) is { } t)
        {
            http.Response.Cookies.Append(ConsoleText.LanguageCookie, t.Code, new CookieOptions
            {
                Path = "/console", HttpOnly = true, SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromDays(365),
            });
        }

        // Only a path inside the console: never an open redirect.
        var target = back is not null && back.StartsWith("/console", StringComparison.Ordinal) && !back.StartsWith("//", StringComparison.Ordinal) && !back.Contains('\\', StringComparison.Ordinal)
            ? back
            : "/console/";
        return TypedResults.Redirect($"{http.Request.PathBase}{target}");
    }

    private static IResult Asset(string name, HttpRequest request, ConsoleAssets assets)
    {
        if (assets.Find(name) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        request.HttpContext.Response.Headers.CacheControl = request.Query["v"] == asset.Version ? "public, max-age=31536000, immutable" : "no-cache";
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: new EntityTagHeaderValue(asset.ETag));
    }

    /// <summary>A form field, trimmed; null when missing or empty.</summary>
    public static string? Field(IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && value.ToString().Trim() is { Length: > 0 } text ? text : null;

    public static string Seconds(TimeSpan wait) => Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
