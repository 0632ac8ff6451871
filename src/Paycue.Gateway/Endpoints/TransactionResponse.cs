using Paycue.Gateway.Http;

namespace Paycue.Gateway.Endpoints;

/// <summary>
/// A transaction on the wire. <c>amount</c> and <c>transaction_id</c> keep the original contract's names.
/// <c>expired</c>: its deadline has passed; while <c>state</c> is still <c>active</c> Paycue is waiting out
/// <c>EXPIRY_GRACE</c> (or a Telegram feed that has not caught up) for a payment made in time but not read yet.
/// <c>pay_page_opened_at</c>: when the payer first opened the pay page, null while nobody has.
/// </summary>
public sealed record TransactionResponse(
    Guid TransactionId,
    SomAmount Amount,
    SomAmount RequestedAmount,
    string CardId,
    string? CardLast4,
    string State,
    bool Expired,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? CancelledAt,
    string? CancelReason,
    string PayUrl,
    WebhookSummary Webhook,
    IReadOnlyList<WebhookEventResponse> WebhookEvents,
    string? ConfirmedBy = null,
    string? ResolvedPaymentId = null,
    ResolutionResponse? Resolution = null,
    string? OrderId = null,
    System.Text.Json.JsonElement? Metadata = null,
    string? ReturnUrl = null,
    DateTimeOffset? PayPageOpenedAt = null);

/// <summary>
/// A person's decision about a stray credit: who (the API user), when, why. <c>status</c>: <c>resolving</c> (started,
/// not finished: repeat the resolve), <c>resolved</c>, <c>dismissed</c>.
/// </summary>
public sealed record ResolutionResponse(string Status, string PaymentId, Guid? TransactionId, string By, DateTimeOffset At, string? Note)
{
    public static ResolutionResponse? From(PaymentResolution? r) => r is null ? null : new(r.Status, r.PaymentId, r.TransactionId, r.By, r.At, r.Note);
}

/// <summary>The latest event's delivery, what a merchant usually asks about.</summary>
public sealed record WebhookSummary(string Status, int Attempts, string? EventId);

public sealed record WebhookEventResponse(string EventId, string Action, string Status, int Attempts, DateTimeOffset? NextAttemptAt, [property: System.Text.Json.Serialization.JsonPropertyName("attempt_log")] IReadOnlyList<WebhookAttemptResponse> AttemptLog);

public sealed record WebhookAttemptResponse(DateTimeOffset At, int? HttpStatus, long LatencyMs, string? Response, string? Error, bool Succeeded);

public static class TransactionMapping
{
    public static TransactionResponse ToResponse(this TransactionView view, string payBaseUrl, DateTimeOffset? now = null)
    {
        var last = view.LastWebhook;
        return new TransactionResponse(
            view.TransactionId,
            new SomAmount(view.AmountTiyin),
            new SomAmount(view.RequestedTiyin),
            view.CardId,
            view.CardLast4,
            StateName(view.State),
            IsExpired(view, now ?? DateTimeOffset.UtcNow),
            view.CreatedAt,
            view.ExpiresAt,
            view.ConfirmedAt,
            view.CancelledAt,
            view.CancelReason,
            $"{payBaseUrl}/pay/{view.TransactionId:D}",
            new WebhookSummary(last is null ? "pending" : StatusName(last.Status), last?.Attempts ?? 0, last?.EventId),
            view.Webhooks.Select(e => new WebhookEventResponse(e.EventId, e.Action, StatusName(e.Status), e.Attempts, e.NextAttemptAt,
                e.Log.Select(a => new WebhookAttemptResponse(a.At, a.HttpStatus, a.LatencyMs, a.ResponseExcerpt, a.Error, a.Succeeded)).ToList())).ToList(),
            view.State == TransactionState.Confirmed ? (view.Resolution is null ? "payment" : "manual") : null,
            view.Resolution?.PaymentId,
            ResolutionResponse.From(view.Resolution),
            view.Order?.OrderId,
            Metadata(view.Order),
            view.Order?.ReturnUrl,
            view.PayPageOpenedAt);
    }

    /// <summary>The stored metadata text as the JSON object it is (it was validated at create).</summary>
    public static System.Text.Json.JsonElement? Metadata(OrderDetails? order) =>
        order?.MetadataJson is { } json ? System.Text.Json.JsonDocument.Parse(json).RootElement.Clone() : null;

    /// <summary>Cancelled for lack of payment in time, or still open past its deadline (grace, feed hold).</summary>
    public static bool IsExpired(TransactionView view, DateTimeOffset now) => view.State switch
    {
        TransactionState.Active => now >= view.ExpiresAt,
        TransactionState.Cancelled => view.CancelReason is "expired" or "feed_down",
        _ => false,
    };

    public static string StateName(TransactionState state) => state switch
    {
        TransactionState.Active => "active",
        TransactionState.Confirmed => "confirmed",
        TransactionState.Cancelled => "cancelled",
        _ => "unknown",
    };

    public static string StatusName(WebhookStatus status) => status switch
    {
        WebhookStatus.Delivered => "delivered",
        WebhookStatus.Failed => "failed",
        _ => "pending",
    };
}
