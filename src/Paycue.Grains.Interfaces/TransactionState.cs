namespace Paycue.Grains.Interfaces;

/// <summary>A transaction's life: active until confirmed or cancelled, never back to active; a cancelled one may still be confirmed by a person attaching its late payment.</summary>
[GenerateSerializer, Alias("paycue.transaction-state")]
public enum TransactionState
{
    None = 0,
    Active = 1,
    Confirmed = 2,
    Cancelled = 3,
}
