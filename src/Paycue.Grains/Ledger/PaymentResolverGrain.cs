using Microsoft.Extensions.Logging;
using Paycue.Grains.Cards;
using Paycue.Grains.Configuration;

namespace Paycue.Grains.Ledger;

/// <summary>
/// Resolves or dismisses one stray credit. The order of writes is what keeps it safe to crash anywhere: first a
/// <c>resolving</c> claim on the ledger row (it blocks a dismiss or a resolve to another transaction, and is not
/// "resolved"), then the transaction's durable confirm (which itself writes the row <c>resolved</c> and keeps retrying
/// until it lands), then the row is read back. A crash after the claim leaves <c>resolving</c>: repeating the same
/// resolve finishes it; a refusal by the transaction removes the claim.
/// </summary>
public sealed partial class PaymentResolverGrain(ILedgerStore ledger, PaycueOptions options, TimeProvider clock, ILogger<PaymentResolverGrain> logger)
    : Grain, IPaymentResolverGrain
{
    /// <summary>At most this many suggestions.</summary>
    public const int MaxCandidates = 10;

    /// <summary>Cancelled transactions this close to the credit's time are suggested.</summary>
    public static readonly TimeSpan CandidateWindow = TimeSpan.FromHours(1);

    private string PaymentId => this.GetPrimaryKeyString();

    public async Task<ResolveResult> ResolveAsync(Guid transactionId, string by, string? note)
    {
        var payment = await ledger.PaymentAsync(PaymentId);
        if (payment is null)
        {
            return NoSuchCredit();
        }

        if (payment.Matched)
        {
            return Conflict(payment, $"This credit already confirmed transaction {payment.TransactionId:D}; there is nothing to resolve.");
        }

        var existing = payment.Resolution;
        if (existing is { Status: PaymentResolutionStatus.Dismissed })
        {
            return Conflict(payment, $"This credit was dismissed by {existing.By} at {existing.At:O} ({existing.Note}); a dismissed credit cannot pay a transaction.");
        }

        if (existing is not null && existing.TransactionId != transactionId)
        {
            return Conflict(payment, existing.Status == PaymentResolutionStatus.Resolved
                ? $"This credit was already attached to transaction {existing.TransactionId:D} by {existing.By} at {existing.At:O}."
                : $"A resolve of this credit to transaction {existing.TransactionId:D} was started at {existing.At:O} and did not finish; repeat that resolve (it is safe to repeat), then decide again.");
        }

        if (Untrusted(payment.Outcome) is { } why)
        {
            return new ResolveResult(ResolveStatus.Refused, why, payment, null);
        }

        // A refusal found on a retry of an unfinished resolve (the transaction was meanwhile confirmed by another
        // payment, say) also lifts that resolve's claim, so the credit can be dismissed or attached elsewhere.
        async Task<ResolveResult> RefuseAsync(ResolveResult refusal)
        {
            if (existing is { Status: PaymentResolutionStatus.Resolving })
            {
                await ledger.ClearResolutionAsync(PaymentId, transactionId);
                refusal = refusal with { Payment = payment with { Resolution = null } };
            }

            return refusal;
        }

        var transaction = GrainFactory.GetGrain<ITransactionGrain>(transactionId);
        var view = await transaction.GetAsync();
        if (view is null)
        {
            return await RefuseAsync(new ResolveResult(ResolveStatus.TransactionNotFound, $"No transaction {transactionId:D}.", payment, null));
        }

        if (view.CardId != payment.CardId)
        {
            return await RefuseAsync(new ResolveResult(ResolveStatus.Refused,
                $"The credit arrived on card {payment.CardId}, and transaction {transactionId:D} is on card {view.CardId}: a credit can only pay a transaction on the card it was paid to.", payment, view));
        }

        if (view.State == TransactionState.Confirmed && view.Resolution?.PaymentId != PaymentId)
        {
            return await RefuseAsync(Conflict(payment, $"Transaction {transactionId:D} is already confirmed by another payment; refund this credit or attach it to another transaction.", view));
        }

        var limit = options.LimitSom * 100;
        if (payment.AmountTiyin < view.AmountTiyin - limit)
        {
            return await RefuseAsync(new ResolveResult(ResolveStatus.Refused,
                $"The credit ({Money.ToSomText(payment.AmountTiyin)} so'm) is short of transaction {transactionId:D} ({Money.ToSomText(view.AmountTiyin)} so'm) by more than LIMIT ({options.LimitSom} so'm); ask the payer for the rest or refund it.", payment, view));
        }

        var claim = existing ?? new PaymentResolution(PaymentId, PaymentResolutionStatus.Resolving, transactionId, by, clock.GetUtcNow(), note);
        if (existing is null)
        {
            var stored = await ledger.ClaimResolutionAsync(claim);
            if (stored != claim)
            {
                return Conflict(payment with { Resolution = stored }, $"This credit was decided meanwhile ({stored.Status}, transaction {stored.TransactionId:D}, by {stored.By}).");
            }
        }

        var evidence = new PaymentEvidence(payment.CardId, payment.MessageId, payment.AmountTiyin, payment.ReceivedAt);
        var outcome = await transaction.ResolveAsync(evidence, claim);
        if (outcome != ConfirmOutcome.Confirmed)
        {
            await ledger.ClearResolutionAsync(PaymentId, transactionId);
            var after = await transaction.GetAsync();
            return outcome switch
            {
                ConfirmOutcome.NotFound => new ResolveResult(ResolveStatus.TransactionNotFound, $"No transaction {transactionId:D}.", payment, null),
                ConfirmOutcome.Mismatch => new ResolveResult(ResolveStatus.Refused, $"Transaction {transactionId:D} is on another card than this credit.", payment, after),
                _ => Conflict(payment, $"Transaction {transactionId:D} is already confirmed by another payment; refund this credit or attach it to another transaction.", after),
            };
        }

        // The transaction wrote the row; read both back, and write the row again should that write have failed.
        var confirmed = await transaction.GetAsync();
        if (confirmed?.Resolution is { } settled)
        {
            await ledger.PutResolutionAsync(settled);
        }

        LogResolved(PaymentId, transactionId);
        return new ResolveResult(ResolveStatus.Done, null, await ledger.PaymentAsync(PaymentId), confirmed);
    }

    public async Task<ResolveResult> DismissAsync(string by, string note)
    {
        var payment = await ledger.PaymentAsync(PaymentId);
        if (payment is null)
        {
            return NoSuchCredit();
        }

        if (payment.Matched)
        {
            return Conflict(payment, $"This credit confirmed transaction {payment.TransactionId:D}; it is not stray money.");
        }

        var wanted = payment.Resolution ?? new PaymentResolution(PaymentId, PaymentResolutionStatus.Dismissed, null, by, clock.GetUtcNow(), note);
        var stored = payment.Resolution ?? await ledger.ClaimResolutionAsync(wanted);
        switch (stored.Status)
        {
            case PaymentResolutionStatus.Dismissed:
                if (payment.Resolution is null)
                {
                    LogDismissed(PaymentId);
                }

                return new ResolveResult(ResolveStatus.Done, null, payment with { Resolution = stored }, null);
            case PaymentResolutionStatus.Resolved:
                return Conflict(payment with { Resolution = stored }, $"This credit was attached to transaction {stored.TransactionId:D} by {stored.By} at {stored.At:O}; it cannot be dismissed.");
            default:
                return Conflict(payment with { Resolution = stored },
                    $"A resolve of this credit to transaction {stored.TransactionId:D} was started at {stored.At:O} and did not finish; repeat that resolve (it is safe to repeat) before dismissing.");
        }
    }

    public async Task<PaymentCandidates?> CandidatesAsync()
    {
        var payment = await ledger.PaymentAsync(PaymentId);
        if (payment is null)
        {
            return null;
        }

        var limit = options.LimitSom * 100;
        var ids = new List<Guid>();
        if (payment.TransactionId is { } named)
        {
            ids.Add(named);
        }

        if (!payment.Matched && Untrusted(payment.Outcome) is null)
        {
            ids.AddRange(await GrainFactory.GetGrain<ICardGrain>(payment.CardId).OpenNearAsync(payment.AmountTiyin));
            var cancelled = await ledger.CancelledAsync(payment.CardId, payment.ReceivedAt - CandidateWindow, payment.ReceivedAt + CandidateWindow);
            ids.AddRange(cancelled.Where(c => Math.Abs(c.AmountTiyin - payment.AmountTiyin) <= limit)
                .OrderBy(c => Math.Abs(c.AmountTiyin - payment.AmountTiyin)).Select(c => c.TransactionId));
        }

        var views = await Task.WhenAll(ids.Distinct().Take(3 * MaxCandidates).Select(id => GrainFactory.GetGrain<ITransactionGrain>(id).GetAsync()));
        var candidates = views.OfType<TransactionView>()
            .Where(v => v.CardId == payment.CardId && v.CreatedAt <= payment.ReceivedAt + CardGrain.ClockTolerance)
            .Where(v => v.State != TransactionState.Confirmed || v.Resolution?.PaymentId == PaymentId)
            .Select(v => Candidate(payment, v))
            .OrderBy(c => c.Reasons.Contains(CandidateReasons.PaidAfterCancel) ? 0 : 1)
            .ThenBy(c => Math.Abs(c.DifferenceTiyin))
            .ThenBy(c => (payment.ReceivedAt - c.Transaction.CreatedAt).Duration())
            .Take(MaxCandidates).ToList();
        return new PaymentCandidates(payment, candidates);
    }

    private static PaymentCandidate Candidate(PaymentRecord payment, TransactionView v)
    {
        var difference = payment.AmountTiyin - v.AmountTiyin;
        var reasons = new List<string>();
        if (v.Resolution?.PaymentId == payment.PaymentId)
        {
            reasons.Add(CandidateReasons.ResolvedHere);
        }

        reasons.Add(v.State == TransactionState.Active ? CandidateReasons.Open : CandidateReasons.Cancelled);
        if (v.State == TransactionState.Cancelled && difference == 0 && payment.ReceivedAt <= v.ExpiresAt)
        {
            reasons.Add(CandidateReasons.PaidAfterCancel);
        }

        reasons.Add(difference == 0 ? CandidateReasons.ExactAmount : CandidateReasons.AmountDiffers);
        return new PaymentCandidate(v, reasons, difference);
    }

    /// <summary>Messages the trust rules refused are no proof of money on this card, so nothing may be confirmed on them.</summary>
    private static string? Untrusted(string outcome) => outcome switch
    {
        MatchOutcomes.UntrustedSender or MatchOutcomes.NotPrivateChat or MatchOutcomes.Outgoing or MatchOutcomes.Forwarded =>
            $"This message was refused as a bank notification ({outcome}): it is no proof that money arrived, so it cannot pay a transaction.",
        MatchOutcomes.WrongCard =>
            "This credit names another card's last four digits than the card it was read on: it was not paid to this card, so it cannot pay its transactions.",
        _ => null,
    };

    private ResolveResult NoSuchCredit() =>
        new(ResolveStatus.PaymentNotFound, $"No credit {PaymentId} in the ledger (only credits are recorded: a debit or another bank message cannot be resolved).", null, null);

    private static ResolveResult Conflict(PaymentRecord payment, string detail, TransactionView? transaction = null) =>
        new(ResolveStatus.Conflict, detail, payment, transaction);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} resolved to transaction {TransactionId}.")]
    private partial void LogResolved(string paymentId, Guid transactionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} dismissed.")]
    private partial void LogDismissed(string paymentId);
}

/// <summary>Why a transaction is suggested for a stray credit (stable names: the API shows them).</summary>
public static class CandidateReasons
{
    public const string PaidAfterCancel = "paid_after_cancel";
    public const string ExactAmount = "exact_amount";
    public const string AmountDiffers = "amount_differs";
    public const string Open = "open";
    public const string Cancelled = "cancelled";
    public const string ResolvedHere = "resolved_here";
}
