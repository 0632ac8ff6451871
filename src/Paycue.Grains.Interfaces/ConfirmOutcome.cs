namespace Paycue.Grains.Interfaces;

[GenerateSerializer, Alias("paycue.confirm-outcome")]
public enum ConfirmOutcome
{
    /// <summary>Confirmed now, or earlier by this very evidence (a replay).</summary>
    Confirmed = 0,

    /// <summary>The transaction does not exist.</summary>
    NotFound = 1,

    /// <summary>The evidence is dated after the transaction's deadline (the transaction is left as it was).</summary>
    Expired = 2,

    /// <summary>Already confirmed by another message: a second payment of the same amount.</summary>
    AlreadyConfirmed = 3,

    /// <summary>The evidence does not fit (other card, other amount, before creation).</summary>
    Mismatch = 4,

    /// <summary>Paid in time, but the transaction was cancelled before the payment was read: money with no order.</summary>
    Cancelled = 5,
}
