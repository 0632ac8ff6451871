using Microsoft.AspNetCore.Http.HttpResults;
using Paycue.Gateway.Http;
using Paycue.Grains.Configuration;

namespace Paycue.Gateway.Endpoints;

/// <summary><c>POST /api/webhooks/test</c>: one signed test webhook, answered with what the receiver said.</summary>
public static class WebhookTestEndpoint
{
    public static async Task<Results<JsonHttpResult<Envelope<WebhookTestResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> SendAsync(IGrainFactory grains, PaycueOptions options)
    {
        if (options.WebhookUrl is null)
        {
            return Envelope.Error(StatusCodes.Status409Conflict,
                "WEBHOOK_URL is not set, so there is nowhere to send a test; set it in .env to your backend's webhook address and restart Paycue.");
        }

        var result = await grains.GetGrain<IWebhookTestGrain>(0).SendTestAsync();
        var a = result.Attempt;
        return Envelope.Ok(new WebhookTestResponse(a.Succeeded, result.EventId, a.HttpStatus, a.LatencyMs, a.ResponseExcerpt, a.Error, a.Location));
    }
}

/// <summary>
/// <c>ok</c>: the receiver answered as a delivery needs (HTTP 200 with <c>{"ok": true}</c>); <c>response</c>: the first
/// 512 bytes of its body; <c>error</c>: why not, in a sentence.
/// </summary>
public sealed record WebhookTestResponse(bool Ok, string EventId, int? HttpStatus, long LatencyMs, string? Response, string? Error, string? Location);
