using Microsoft.AspNetCore.Http.HttpResults;
using Paycue.Gateway.Http;
using Paycue.Grains.Configuration;

namespace Paycue.Gateway.Endpoints;

using DecisionResult = Results<JsonHttpResult<Envelope<PaymentDecisionResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>;

/// <summary>
/// <c>/api/payments/{payment_id}</c>: one credit with the transactions it may have been meant for, and the two things a
/// person can do about stray money: attach it to a transaction (resolve) or mark it handled (dismiss). Nothing is ever
/// matched on a guess; a suggestion is only a suggestion.
/// </summary>
public static class PaymentResolutionEndpoints
{
    public const int MaxNoteLength = 500;

    public static IEndpointRouteBuilder MapPaymentResolutionEndpoints(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api/payments").WithTags("Payments").RequireApiCredentials();
        payments.MapGet("{payment_id}", GetAsync).WithName("GetPayment")
            .WithSummary("One credit, with candidates: open or recently cancelled transactions on its card it may have been meant for, best first.")
            .Answers<PaymentDetailResponse>(200, 401, 404, 503);
        payments.MapPost("{payment_id}/resolve", ResolveAsync).WithName("ResolvePayment")
            .WithSummary("Attach an unmatched credit to a transaction: it is confirmed (even if cancelled) and a confirm webhook with resolution manual goes out.")
            .Takes<ResolvePaymentRequest>().Answers<PaymentDecisionResponse>(200, 400, 401, 404, 409, 415, 503);
        payments.MapPost("{payment_id}/dismiss", DismissAsync).WithName("DismissPayment")
            .WithSummary("Mark an unmatched credit handled outside Paycue (refunded, booked by hand); it leaves the unmatched list.")
            .Takes<DismissPaymentRequest>().Answers<PaymentDecisionResponse>(200, 400, 401, 404, 409, 415, 503);
        return app;
    }

    public static async Task<Results<JsonHttpResult<Envelope<PaymentDetailResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> GetAsync(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "payment_id")] string paymentId, HttpRequest request, IGrainFactory grains, PaycueOptions options)
    {
        var found = await grains.GetGrain<IPaymentResolverGrain>(paymentId).CandidatesAsync();
        if (found is null)
        {
            return Envelope.Error(StatusCodes.Status404NotFound, NoSuchPayment(paymentId));
        }

        var baseUrl = PayUrls.BaseUrl(options, request);
        return Envelope.Ok(new PaymentDetailResponse(PaymentResponse.From(found.Payment),
            found.Candidates.Select(c => new CandidateResponse(c.Transaction.ToResponse(baseUrl), c.Reasons, new SomAmount(c.DifferenceTiyin))).ToList()));
    }

    public static async Task<DecisionResult> ResolveAsync(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "payment_id")] string paymentId, HttpRequest request, IGrainFactory grains, PaycueOptions options, ApiCredentials credentials)
    {
        var (body, bodyError) = await JsonBody.ReadObjectAsync(request);
        if (bodyError is not null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, bodyError);
        }

        if (!JsonBody.TryReadString(body, "transaction_id", out var idText, out var error) || !JsonBody.TryReadString(body, "note", out var note, out error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (idText is null || !Guid.TryParseExact(idText, "D", out var transactionId))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, "transaction_id is required: the id of the transaction this credit paid, such as 3f2a6c1e-8d4b-4e57-9a0c-1b2d3e4f5a6b.");
        }

        if (NoteError(note, required: false) is { } noteError)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, noteError);
        }

        var result = await grains.GetGrain<IPaymentResolverGrain>(paymentId).ResolveAsync(transactionId, credentials.Username, note);
        return Answer(result, paymentId, PayUrls.BaseUrl(options, request));
    }

    public static async Task<DecisionResult> DismissAsync(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "payment_id")] string paymentId, HttpRequest request, IGrainFactory grains, PaycueOptions options, ApiCredentials credentials)
    {
        var (body, bodyError) = await JsonBody.ReadObjectAsync(request);
        if (bodyError is not null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, bodyError);
        }

        if (!JsonBody.TryReadString(body, "note", out var note, out var error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (NoteError(note, required: true) is { } noteError)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, noteError);
        }

        var result = await grains.GetGrain<IPaymentResolverGrain>(paymentId).DismissAsync(credentials.Username, note!.Trim());
        return Answer(result, paymentId, PayUrls.BaseUrl(options, request));
    }

    private static string? NoteError(string? note, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(note))
        {
            return "note is required: say how the credit was handled, such as \"refunded to payer\".";
        }

        return note is { Length: > MaxNoteLength } ? $"note must be at most {MaxNoteLength} characters." : null;
    }

    private static DecisionResult Answer(ResolveResult result, string paymentId, string baseUrl) => result.Status switch
    {
        ResolveStatus.Done => Envelope.Ok(new PaymentDecisionResponse(PaymentResponse.From(result.Payment!), result.Transaction?.ToResponse(baseUrl))),
        ResolveStatus.PaymentNotFound => Envelope.Error(StatusCodes.Status404NotFound, result.Detail ?? NoSuchPayment(paymentId)),
        ResolveStatus.TransactionNotFound => Envelope.Error(StatusCodes.Status404NotFound, result.Detail!),
        ResolveStatus.Refused => Envelope.Error(StatusCodes.Status400BadRequest, result.Detail!),
        _ => Envelope.Error(StatusCodes.Status409Conflict, result.Detail!),
    };

    private static string NoSuchPayment(string paymentId) =>
        $"No credit {paymentId} in the ledger; GET /api/payments lists them (only credits are recorded: a debit cannot be resolved).";
}

/// <summary>A credit and the transactions it may have been meant for, best first.</summary>
public sealed record PaymentDetailResponse(PaymentResponse Payment, IReadOnlyList<CandidateResponse> Candidates);

/// <summary>
/// A suggestion: <c>why</c> lists the reasons (<c>paid_after_cancel</c>, <c>exact_amount</c>, <c>amount_differs</c>,
/// <c>open</c>, <c>cancelled</c>, <c>resolved_here</c>); <c>amount_differs_by</c> is the credit minus the transaction's
/// amount, in so'm (<c>-1</c>: paid one so'm less).
/// </summary>
public sealed record CandidateResponse(TransactionResponse Transaction, IReadOnlyList<string> Why, SomAmount AmountDiffersBy);

/// <summary>The credit after the decision, and for a resolve the transaction it confirmed.</summary>
public sealed record PaymentDecisionResponse(PaymentResponse Payment, TransactionResponse? Transaction);
