namespace Paycue.Grains.Interfaces;

/// <summary>The latest state of one webhook event, indexed so failed deliveries can be listed across transactions.</summary>
/// <param name="OwnerId">The transaction id, or the payment id for <c>unmatched</c> events.</param>
[GenerateSerializer, Immutable, Alias("paycue.delivery-record")]
public sealed record DeliveryRecord(
    string OwnerId,
    string EventId,
    string Action,
    WebhookStatus Status,
    int Attempts,
    int? LastHttpStatus,
    string? LastError,
    DateTimeOffset At);
