namespace Paycue.Grains.Interfaces;

/// <summary>A transaction as callers see it; never the grain state itself.</summary>
/// <param name="Resolution">Set when a person attached a stray credit to it (<c>confirmed_by: manual</c>).</param>
/// <param name="PayPageOpenedAt">When a payer first opened its pay page while it was active; null when nobody did (or before this was recorded).</param>
[GenerateSerializer, Immutable, Alias("paycue.transaction-view")]
public sealed record TransactionView(
    Guid TransactionId,
    TransactionState State,
    string CardId,
    string? CardLast4,
    long RequestedTiyin,
    long AmountTiyin,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? CancelledAt,
    string? CancelReason,
    PaymentEvidence? Payment,
    IReadOnlyList<WebhookEventView> Webhooks,
    PaymentResolution? Resolution = null,
    OrderDetails? Order = null,
    DateTimeOffset? PayPageOpenedAt = null)
{
    /// <summary>The delivery state of the latest event, what a merchant usually asks about.</summary>
    public WebhookEventView? LastWebhook => Webhooks.Count == 0 ? null : Webhooks[^1];
}
