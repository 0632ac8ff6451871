using Microsoft.AspNetCore.Http.HttpResults;
using Paycue.Gateway.Http;

namespace Paycue.Gateway.Endpoints;

/// <summary><c>/api/alerts</c>: what needs a person (open alerts, then recent ones), and a test message through the bot.</summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/alerts").WithTags("Alerts").RequireApiCredentials();
        group.MapGet("", ListAsync).WithName("ListAlerts")
            .WithSummary("Open alerts (newest first), then the recent resolved and one-time ones, with whether their Telegram message went out.")
            .Answers<IReadOnlyList<AlertResponse>>(200, 401, 503);
        group.MapPost("/test", TestAsync).WithName("TestAlert")
            .WithSummary("Sends a test message through the alert bot (ALERT_BOT_TOKEN, ALERT_CHAT_ID) at once; 502 says why the Bot API refused, 409 that the bot is not configured.")
            .Answers<AlertTestResponse>(200, 401, 409, 502, 503);
        return app;
    }

    public static async Task<JsonHttpResult<Envelope<IReadOnlyList<AlertResponse>>>> ListAsync(IGrainFactory grains)
    {
        var alerts = await grains.GetGrain<IAlertGrain>(0).ListAsync();
        IReadOnlyList<AlertResponse> list = alerts.Select(AlertResponse.From).ToList();
        return Envelope.Ok(list);
    }

    public static async Task<Results<JsonHttpResult<Envelope<AlertTestResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> TestAsync(IGrainFactory grains, Paycue.Grains.Configuration.PaycueOptions options)
    {
        var result = await grains.GetGrain<IAlertGrain>(0).TestAsync();
        if (result.Sent)
        {
            return Envelope.Ok(new AlertTestResponse(true, result.Text));
        }

        return Envelope.Error(options.Alerts.TelegramConfigured ? StatusCodes.Status502BadGateway : StatusCodes.Status409Conflict, result.Problem ?? "The test message was not sent.");
    }
}

/// <param name="Key">The condition: kind and, for a card's, the card id (<c>card_status:tg-...</c>).</param>
/// <param name="State">open, resolved, or sent (one-time alerts: unmatched, balance_gap).</param>
/// <param name="PendingMessages">Messages about it still owed to Telegram or the webhook (retried until taken).</param>
/// <param name="LastError">Why the last try to send one failed (never the token).</param>
public sealed record AlertResponse(string Key, string Kind, string State, string? CardId, string? Last4, SomAmount? Amount, int? Count, string? Detail,
    DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt, DateTimeOffset? LastSentAt, int Reminders, int PendingMessages, string? LastError, string Text)
{
    public static AlertResponse From(AlertView a) => new(a.Key, a.Kind, a.State, a.CardId, a.Last4, a.AmountTiyin is { } t ? new SomAmount(t) : null, a.Count,
        a.Detail, a.OpenedAt, a.ResolvedAt, a.LastSentAt, a.Reminders, a.PendingMessages, a.LastError, a.Text);
}

public sealed record AlertTestResponse(bool Sent, string Text);
