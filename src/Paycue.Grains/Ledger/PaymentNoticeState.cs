using Paycue.Grains.Transactions;

namespace Paycue.Grains.Ledger;

public sealed class PaymentNoticeState
{
    public PaymentRecord? Payment { get; set; }

    public WebhookEventRecord? Event { get; set; }
}
