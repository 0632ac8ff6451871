namespace Paycue.Grains.Interfaces;

[GenerateSerializer, Alias("paycue.payment-filter")]
public enum PaymentFilter
{
    All = 0,
    Matched = 1,
    Unmatched = 2,
}
