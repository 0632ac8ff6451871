using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Paycue.Gateway.Http;

namespace Paycue.Gateway.PayPage;

/// <summary>
/// The payer's page: <c>GET /pay/{id}</c>, its status poll <c>GET /api/pay/{id}</c> and its embedded files. Public
/// (the random transaction id is the only key), rate limited per client address, under a strict CSP.
/// </summary>
public static class PayPageEndpoints
{
    private const string HtmlType = "text/html; charset=utf-8";

    public static IEndpointRouteBuilder MapPayPageEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Pay page").RequireRateLimiting(PayPageRateLimit.Policy)
            .AddEndpointFilter((context, next) =>
            {
                PayPageHeaders.Apply(context.HttpContext.Response);
                return next(context);
            });
        group.MapGet("/pay/{id}", PageAsync).WithName("PayPage").WithSummary("The page a payer opens: exact amount, card, countdown, live state.")
            .Produces<string>(200, HtmlType).Produces<string>(404, HtmlType).Produces(429);
        group.MapGet("/api/pay/{id}", StatusAsync).WithName("PayStatus").WithSummary("What the pay page shows, polled by it every second.")
            .Answers<PayView>(200, 404, 429, 503);
        group.MapGet("/pay/assets/{name}", Asset).WithName("PayAsset").WithSummary("The pay page's embedded CSS and script.")
            .Produces(200).Produces(404).Produces(429);
        return app;
    }

    public static async Task<ContentHttpResult> PageAsync(string id, HttpRequest request, PayViewReader reader, PayAssets assets)
    {
        var texts = PayTexts.For(request);
        var view = await reader.FindAsync(id, opened: true);
        var response = request.HttpContext.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.Vary = HeaderNames.AcceptLanguage;
        var pathBase = request.PathBase.ToString();
        return view is null
            ? TypedResults.Content(PayPageHtml.RenderNotFound(texts, assets, pathBase), HtmlType, statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Content(PayPageHtml.Render(view, $"{pathBase}/api/pay/{id}", texts, assets, pathBase), HtmlType);
    }

    public static async Task<Results<JsonHttpResult<Envelope<PayView>>, JsonHttpResult<Envelope<ErrorDetail>>>> StatusAsync(
        string id, HttpRequest request, PayViewReader reader)
    {
        var view = await reader.FindAsync(id);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return view is null
            ? Envelope.Error(StatusCodes.Status404NotFound, "There is no payment with this id; check the link.")
            : Envelope.Ok(view);
    }

    /// <summary>Versioned URLs (<c>?v=</c> the content hash) are cached for good; anything else revalidates by ETag.</summary>
    public static Results<FileContentHttpResult, NotFound> Asset(string name, HttpRequest request, PayAssets assets)
    {
        if (assets.Find(name) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        request.HttpContext.Response.Headers.CacheControl = request.Query["v"] == asset.Version ? "public, max-age=31536000, immutable" : "no-cache";
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: new EntityTagHeaderValue(asset.ETag));
    }
}
