namespace Paycue.Gateway.Services;

/// <summary>
/// Stray money: one credit with the transactions it may have been meant for, and the two decisions a person can take
/// about it (resolve: attach it to a transaction, which confirms it; dismiss: handled outside Paycue, with a note).
/// The HTTP API and the console both go through here to the payment's <see cref="IPaymentResolverGrain"/>.
/// </summary>
public sealed class PaymentDecisionService(IGrainFactory grains)
{
    public const int MaxNoteLength = 500;

    /// <summary>The credit and its suggestions, best first; null when the ledger has no credit with this id.</summary>
    public Task<PaymentCandidates?> CandidatesAsync(string paymentId) => grains.GetGrain<IPaymentResolverGrain>(paymentId).CandidatesAsync();

    /// <summary>What is wrong with a note (in English, for the API), or null. A dismiss must say how the credit was handled.</summary>
    public static string? NoteError(string? note, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(note))
        {
            return "note is required: say how the credit was handled, such as \"refunded to payer\".";
        }

        return note is { Length: > MaxNoteLength } ? $"note must be at most {MaxNoteLength} characters." : null;
    }

    /// <summary>Attaches the credit to the transaction (confirmed, with a manual confirm webhook). A bad note is refused before any grain acts.</summary>
    public async Task<ResolveResult> ResolveAsync(string paymentId, Guid transactionId, string by, string? note)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (NoteError(note, required: false) is { } problem)
        {
            return new ResolveResult(ResolveStatus.Refused, problem, null, null);
        }

        return await grains.GetGrain<IPaymentResolverGrain>(paymentId).ResolveAsync(transactionId, by, note);
    }

    /// <summary>Marks the credit handled outside Paycue; the note is required.</summary>
    public async Task<ResolveResult> DismissAsync(string paymentId, string by, string? note)
    {
        if (NoteError(note, required: true) is { } problem)
        {
            return new ResolveResult(ResolveStatus.Refused, problem, null, null);
        }

        return await grains.GetGrain<IPaymentResolverGrain>(paymentId).DismissAsync(by, note!.Trim());
    }
}
