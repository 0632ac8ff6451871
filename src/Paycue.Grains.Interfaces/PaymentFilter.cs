namespace Paycue.Grains.Interfaces;

[GenerateSerializer, Alias("paycue.payment-filter")]
public enum PaymentFilter
{
    All = 0,
    Matched = 1,
    /// <summary>Unmatched and not yet resolved or dismissed.</summary>
    Unmatched = 2,
    Dismissed = 3,
    Resolved = 4,
}
