namespace Paycue.Grains.Interfaces;

/// <summary>A transaction's life: active until confirmed or cancelled, never back.</summary>
[GenerateSerializer, Alias("paycue.transaction-state")]
public enum TransactionState
{
    None = 0,
    Active = 1,
    Confirmed = 2,
    Cancelled = 3,
}
