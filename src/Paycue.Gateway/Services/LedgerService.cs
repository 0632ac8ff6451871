using Paycue.Grains.Configuration;
using Paycue.Grains.Webhooks;

namespace Paycue.Gateway.Services;

/// <summary>The payments ledger, the delivery index and the signing secret, for the HTTP API and the console alike.</summary>
public sealed class LedgerService(IGrainFactory grains, WebhookSecrets secrets, PaycueOptions options)
{
    /// <summary>Payments received at or after <paramref name="since"/> and before <paramref name="before"/>, newest first.</summary>
    public Task<IReadOnlyList<PaymentRecord>> PaymentsAsync(PaymentFilter filter, DateTimeOffset? since, DateTimeOffset? before, int limit) =>
        grains.GetGrain<ILedgerGrain>(0).PaymentsAsync(filter, since, before, limit);

    /// <summary>
    /// The ledger row of the credit that paid a transaction: its card and message id among the rows received in the
    /// credit's millisecond (the ledger's time index), or null when retention has dropped it.
    /// </summary>
    public async Task<PaymentRecord?> PaymentOfAsync(PaymentEvidence paid)
    {
        var rows = await PaymentsAsync(PaymentFilter.All, paid.PaidAt, paid.PaidAt.AddMilliseconds(1), 100);
        return rows.FirstOrDefault(r => r.CardId == paid.CardId && r.MessageId == paid.MessageId);
    }

    /// <summary>Deliveries in <paramref name="status"/> whose last change was before <paramref name="before"/>, newest first.</summary>
    public Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(WebhookStatus status, DateTimeOffset? before, int limit) =>
        grains.GetGrain<ILedgerGrain>(0).DeliveriesAsync(status, before, limit);

    public Task<string> SecretAsync() => secrets.SecretAsync();

    /// <summary>One signed test webhook to WEBHOOK_URL and what the receiver answered; null when WEBHOOK_URL is not set.</summary>
    public async Task<WebhookTestResult?> SendTestWebhookAsync() =>
        options.WebhookUrl is null ? null : await grains.GetGrain<IWebhookTestGrain>(0).SendTestAsync();
}
