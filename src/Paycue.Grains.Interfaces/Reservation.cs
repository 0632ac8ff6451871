namespace Paycue.Grains.Interfaces;

/// <summary>Outcome of asking a card to hold an amount for a transaction.</summary>
[GenerateSerializer, Alias("paycue.reservation-status")]
public enum ReservationStatus
{
    /// <summary>The amount is held for the transaction.</summary>
    Reserved = 0,

    /// <summary>Since the quote, the nearest free amount moved further than the caller accepts; quote again.</summary>
    Moved = 1,

    /// <summary>No free amount within LIMIT.</summary>
    Full = 2,

    /// <summary>The card does not take new transactions (not ready or not registered).</summary>
    NotReady = 3,
}

/// <param name="Status">What happened.</param>
/// <param name="AmountTiyin">The amount the payer must pay, when reserved.</param>
/// <param name="OffsetSteps">Distance from the request in steps, when reserved.</param>
/// <param name="CardLast4">The card's last4, so the transaction can show it without another call.</param>
/// <param name="Transaction">The transaction the card created with the hold, when reserved.</param>
[GenerateSerializer, Immutable, Alias("paycue.reservation")]
public sealed record Reservation(ReservationStatus Status, long AmountTiyin, long OffsetSteps, string? CardLast4, TransactionView? Transaction = null);
