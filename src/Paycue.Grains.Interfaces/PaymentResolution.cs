namespace Paycue.Grains.Interfaces;

/// <summary>
/// What a person decided about an unmatched credit: attached to a transaction (<see cref="PaymentResolutionStatus.Resolved"/>)
/// or handled outside Paycue (<see cref="PaymentResolutionStatus.Dismissed"/>), by whom, when and why. Shown on the
/// ledger row and, for a resolve, on the transaction it confirmed.
/// </summary>
/// <param name="PaymentId">The ledger row (credit) decided on.</param>
/// <param name="Status">One of <see cref="PaymentResolutionStatus"/>.</param>
/// <param name="TransactionId">The transaction the credit was attached to (resolve only).</param>
/// <param name="By">The API user who decided.</param>
/// <param name="At">When.</param>
/// <param name="Note">Why, in the person's words.</param>
/// <param name="OrderId">
/// The resolved transaction's order id (set by the transaction when it confirms), so the ledger row of a manually
/// resolved credit names the merchant's order as an automatically matched one does. Appended: older records read null.
/// </param>
[GenerateSerializer, Immutable, Alias("paycue.payment-resolution")]
public sealed record PaymentResolution(string PaymentId, string Status, Guid? TransactionId, string By, DateTimeOffset At, string? Note, string? OrderId = null)
{
    /// <summary>The ledger row joined with this resolution: a resolved credit takes the order id of the transaction it paid.</summary>
    public PaymentRecord JoinTo(PaymentRecord row) =>
        row with { Resolution = this, OrderId = row.OrderId ?? (Status == PaymentResolutionStatus.Resolved ? OrderId : null) };
}

/// <summary>Stable names: they appear in the API and in storage.</summary>
public static class PaymentResolutionStatus
{
    /// <summary>A resolve was started and has not finished (it did not confirm yet, or its answer was lost): repeat it.</summary>
    public const string Resolving = "resolving";

    /// <summary>The credit confirmed its transaction.</summary>
    public const string Resolved = "resolved";

    /// <summary>Handled outside Paycue (refunded, booked by hand).</summary>
    public const string Dismissed = "dismissed";
}
