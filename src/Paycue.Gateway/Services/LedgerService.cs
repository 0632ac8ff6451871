using Paycue.Grains.Webhooks;

namespace Paycue.Gateway.Services;

/// <summary>The payments ledger, the delivery index and the signing secret, for the HTTP API and the console alike.</summary>
public sealed class LedgerService(IGrainFactory grains, WebhookSecrets secrets)
{
    /// <summary>Payments received at or after <paramref name="since"/> and before <paramref name="before"/>, newest first.</summary>
    public Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(PaymentFilter filter, DateTimeOffset? since, DateTimeOffset? before, int limit) =>
        grains.GetGrain<ILedgerGrain>(0).PaymentsAsync(filter, since, before, limit);

    /// <summary>Deliveries in <paramref name="status"/> whose last change was before <paramref name="before"/>, newest first.</summary>
    public Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(WebhookStatus status, DateTimeOffset? before, int limit) =>
        grains.GetGrain<ILedgerGrain>(0).DeliveriesAsync(status, before, limit);

    public Task<string> SecretAsync() => secrets.SecretAsync();
}
