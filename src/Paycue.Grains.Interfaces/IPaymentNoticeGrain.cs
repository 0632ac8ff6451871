namespace Paycue.Grains.Interfaces;

/// <summary>Delivers the <c>unmatched</c> webhook for one payment (key: payment id), with the same retries as transactions.</summary>
[Alias("paycue.payment-notice")]
public interface IPaymentNoticeGrain : IGrainWithStringKey
{
    /// <summary>Starts delivery; a second call for the same payment is a no-op.</summary>
    [Alias("notify")]
    Task NotifyUnmatchedAsync(PaymentRecord payment);

    [Alias("get")]
    [AlwaysInterleave]
    Task<WebhookEventView?> GetAsync();

    /// <summary>The retention sweep: deletes the state once its delivery is over; false while it is still pending.</summary>
    [Alias("forget")]
    Task<bool> ForgetAsync();
}
