namespace Paycue.Grains.Interfaces;

/// <summary>
/// Acts on one unmatched credit (key: payment id). Single activation serialises the resolves and dismisses of one
/// credit, so two people acting at once cannot attach it twice or both attach and dismiss it. Keeps no state of its
/// own: the ledger row's resolution and the transaction record are the truth.
/// </summary>
[Alias("paycue.payment-resolver")]
public interface IPaymentResolverGrain : IGrainWithStringKey
{
    /// <summary>
    /// Attaches the credit to <paramref name="transactionId"/> and confirms it (active or cancelled), with a
    /// <c>confirm</c> webhook marked manual. Safe to repeat: the same credit and transaction answer the same success.
    /// </summary>
    [Alias("resolve")]
    Task<ResolveResult> ResolveAsync(Guid transactionId, string by, string? note);

    /// <summary>Marks the credit handled outside Paycue; it leaves the unmatched list. Safe to repeat.</summary>
    [Alias("dismiss")]
    Task<ResolveResult> DismissAsync(string by, string note);

    /// <summary>The credit with the transactions it may have been meant for, best first; null when there is no such credit.</summary>
    [Alias("candidates")]
    Task<PaymentCandidates?> CandidatesAsync();
}

[GenerateSerializer, Alias("paycue.resolve-status")]
public enum ResolveStatus
{
    Done = 0,

    /// <summary>No credit with this id in the ledger (debits and other non-credits are never recorded).</summary>
    PaymentNotFound = 1,

    /// <summary>No such transaction.</summary>
    TransactionNotFound = 2,

    /// <summary>The request cannot be met whatever the state (untrusted message, other card, amount too low).</summary>
    Refused = 3,

    /// <summary>The state forbids it (already matched, resolved, dismissed, confirmed by another payment).</summary>
    Conflict = 4,
}

/// <param name="Detail">Why, as a sentence for the person, when not done.</param>
[GenerateSerializer, Immutable, Alias("paycue.resolve-result")]
public sealed record ResolveResult(ResolveStatus Status, string? Detail, PaymentRecord? Payment, TransactionView? Transaction);

/// <summary>One transaction a stray credit may have been meant for.</summary>
/// <param name="Reasons">Why it is suggested: <c>paid_after_cancel</c>, <c>exact_amount</c>, <c>amount_differs</c>, <c>open</c>, <c>cancelled</c>.</param>
/// <param name="DifferenceTiyin">Credit minus the transaction's amount.</param>
[GenerateSerializer, Immutable, Alias("paycue.payment-candidate")]
public sealed record PaymentCandidate(TransactionView Transaction, IReadOnlyList<string> Reasons, long DifferenceTiyin);

[GenerateSerializer, Immutable, Alias("paycue.payment-candidates")]
public sealed record PaymentCandidates(PaymentRecord Payment, IReadOnlyList<PaymentCandidate> Candidates);
