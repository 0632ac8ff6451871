using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Paycue.Gateway.Http;
using Paycue.Gateway.Services;
using Paycue.Grains.Webhooks;

namespace Paycue.Gateway.Endpoints;

/// <summary><c>/api/payments</c> (the ledger) and <c>/api/webhooks</c> (deliveries and the signing secret).</summary>
public static class LedgerEndpoints
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api/payments").WithTags("Payments").RequireApiCredentials();
        payments.MapGet("", PaymentsAsync).WithName("ListPayments").WithSummary("Every credit a bank bot reported, matched or not, newest first.")
            .Answers<Page<PaymentResponse>>(200, 400, 401, 503);
        app.MapPaymentResolutionEndpoints();

        var webhooks = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireApiCredentials();
        webhooks.MapGet("/deliveries", DeliveriesAsync).WithName("ListDeliveries").WithSummary("Webhook deliveries by status, newest first.")
            .Answers<Page<DeliveryResponse>>(200, 400, 401, 503);
        webhooks.MapGet("/secret", SecretAsync).WithName("WebhookSecret").WithSummary("The secret webhooks are signed with (Standard Webhooks).")
            .Answers<SecretResponse>(200, 401, 503);
        webhooks.MapPost("/test", WebhookTestEndpoint.SendAsync).WithName("TestWebhook")
            .WithSummary("Send a signed {\"action\": \"test\"} to WEBHOOK_URL and answer the receiver's status, latency and first 512 bytes.")
            .Answers<WebhookTestResponse>(200, 401, 409, 503);
        return app;
    }

    public static async Task<Results<JsonHttpResult<Envelope<Page<PaymentResponse>>>, JsonHttpResult<Envelope<ErrorDetail>>>> PaymentsAsync(LedgerService ledger, string? status, string? since, string? before, int? limit)
    {
        var filter = status?.ToLowerInvariant() switch
        {
            null or "" or "all" => PaymentFilter.All,
            "matched" => PaymentFilter.Matched,
            "unmatched" => PaymentFilter.Unmatched,
            "dismissed" => PaymentFilter.Dismissed,
            "resolved" => PaymentFilter.Resolved,
            _ => (PaymentFilter?)null,
        };
        if (filter is null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, "status must be all, matched, unmatched, resolved or dismissed.");
        }

        if (!TryTime(since, "since", out var sinceTime, out var error) || !TryTime(before, "before", out var beforeTime, out error) || !TryLimit(limit, out var take, out error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        var page = await ledger.PaymentsAsync(filter.Value, sinceTime, beforeTime, take);
        var items = page.Select(PaymentResponse.From).ToList();
        return Envelope.Ok(new Page<PaymentResponse>(items, items.Count == take ? page[^1].ReceivedAt : null));
    }

    public static async Task<Results<JsonHttpResult<Envelope<Page<DeliveryResponse>>>, JsonHttpResult<Envelope<ErrorDetail>>>> DeliveriesAsync(LedgerService ledger, string? status, string? before, int? limit)
    {
        var wanted = status?.ToLowerInvariant() switch
        {
            null or "" or "failed" => WebhookStatus.Failed,
            "pending" => WebhookStatus.Pending,
            "delivered" => WebhookStatus.Delivered,
            _ => (WebhookStatus?)null,
        };
        if (wanted is null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, "status must be failed, pending or delivered.");
        }

        if (!TryTime(before, "before", out var beforeTime, out var error) || !TryLimit(limit, out var take, out error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        var page = await ledger.DeliveriesAsync(wanted.Value, beforeTime, take);
        var items = page.Select(DeliveryResponse.From).ToList();
        return Envelope.Ok(new Page<DeliveryResponse>(items, items.Count == take ? page[^1].At : null));
    }

    public static async Task<JsonHttpResult<Envelope<SecretResponse>>> SecretAsync(LedgerService ledger) =>
        Envelope.Ok(new SecretResponse(await ledger.SecretAsync()));

    private static bool TryTime(string? text, string name, out DateTimeOffset? time, out string? error)
    {
        time = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        error = $"{name} must be a time such as 2026-11-29T10:00:00Z.";
        return false;
    }

    private static bool TryLimit(int? limit, out int take, out string? error)
    {
        take = limit ?? DefaultLimit;
        error = take is < 1 or > MaxLimit ? $"limit must be from 1 to {MaxLimit}." : null;
        return error is null;
    }
}

/// <summary>A page of a newest-first list; pass <c>next_before</c> as <c>before</c> for the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, DateTimeOffset? NextBefore);

public sealed record SecretResponse(string Secret);

public sealed record PaymentResponse(string PaymentId, string CardId, long MessageId, SomAmount Amount, string? Currency, DateTimeOffset ReceivedAt,
    DateTimeOffset? BankTime, string? Source, string Status, string Outcome, Guid? TransactionId, ResolutionResponse? Resolution = null, string? OrderId = null,
    string? MessageText = null)
{
    /// <summary><c>status</c>: matched, unmatched (nobody decided yet), resolved or dismissed.</summary>
    public static PaymentResponse From(PaymentRecord p) => new(p.PaymentId, p.CardId, p.MessageId, new SomAmount(p.AmountTiyin), p.Currency, p.ReceivedAt,
        p.BankTime, p.Source, p.Matched ? "matched" : p.Unhandled ? "unmatched" : p.Resolution!.Status, p.Outcome, p.TransactionId, ResolutionResponse.From(p.Resolution), p.OrderId, p.MessageText);
}

public sealed record DeliveryResponse(string OwnerId, string EventId, string Action, string Status, int Attempts, int? LastHttpStatus, string? LastError, DateTimeOffset At)
{
    public static DeliveryResponse From(DeliveryRecord d) =>
        new(d.OwnerId, d.EventId, d.Action, TransactionMapping.StatusName(d.Status), d.Attempts, d.LastHttpStatus, d.LastError, d.At);
}
