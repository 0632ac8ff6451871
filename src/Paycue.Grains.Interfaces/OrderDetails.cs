namespace Paycue.Grains.Interfaces;

/// <summary>
/// What the merchant attached to a transaction at create: its own order reference, a small JSON object, and where the
/// pay page sends the payer back. Stored with the transaction, echoed in its reads and webhooks; never interpreted.
/// </summary>
/// <param name="OrderId">The merchant's order reference (at most 64 characters), or null.</param>
/// <param name="MetadataJson">A JSON object (at most 2 KB serialized), kept as the compact text it was sent as, or null.</param>
/// <param name="ReturnUrl">An absolute http/https URL for the pay page's "back to the shop" link, or null.</param>
[GenerateSerializer, Immutable, Alias("paycue.order-details")]
public sealed record OrderDetails(string? OrderId, string? MetadataJson, string? ReturnUrl)
{
    public const int MaxOrderIdLength = 64;
    public const int MaxMetadataBytes = 2048;

    public bool IsEmpty => OrderId is null && MetadataJson is null && ReturnUrl is null;

    /// <summary>Null when nothing was attached, so transactions without any keep their stored form.</summary>
    public static OrderDetails? OrNull(string? orderId, string? metadataJson, string? returnUrl) =>
        orderId is null && metadataJson is null && returnUrl is null ? null : new OrderDetails(orderId, metadataJson, returnUrl);
}
