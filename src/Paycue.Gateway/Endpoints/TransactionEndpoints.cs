using Microsoft.AspNetCore.Http.HttpResults;
using Paycue.Gateway.Http;
using Paycue.Gateway.Services;
using Paycue.Grains.Configuration;
using Paycue.Grains.Transactions;

namespace Paycue.Gateway.Endpoints;

using TransactionResult = Results<JsonHttpResult<Envelope<TransactionResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>;
using CreateResult = Results<BufferedJsonResult<Envelope<TransactionResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>;

/// <summary><c>/api/transactions</c>: create, read, cancel, redeliver.</summary>
public static class TransactionEndpoints
{
    private const int MaxIdempotencyKeyLength = 200;

    public static IEndpointRouteBuilder MapTransactionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/transactions").WithTags("Transactions").RequireApiCredentials();
        group.MapGet("", ListAsync).WithName("ListTransactions").WithSummary("Transactions by state, newest first: active ones from the cards, closed ones from the ledger; with order_id, every transaction of that order.")
            .Answers<IReadOnlyList<TransactionResponse>>(200, 400, 401, 503);
        group.MapPost("", CreateAsync).WithName("CreateTransaction").WithSummary("Create a transaction and get the exact amount to pay.")
            .Takes<CreateTransactionRequest>().Answers<TransactionResponse>(201, 400, 401, 404, 409, 422, 503).Produces<Envelope<TransactionResponse>>(200);
        group.MapGet("{id}", GetAsync).WithName("GetTransaction").WithSummary("A transaction with its state and webhook deliveries.")
            .Answers<TransactionResponse>(200, 400, 401, 404, 503);
        group.MapDelete("{id}", CancelAsync).WithName("CancelTransaction").WithSummary("Cancel an active transaction; a cancel webhook follows.")
            .Answers<TransactionResponse>(200, 400, 401, 404, 409, 503);
        group.MapPost("{id}/webhook", RedeliverAsync).WithName("RedeliverWebhook").WithSummary("Send the transaction's last webhook again, with the same event id.")
            .Answers<TransactionResponse>(202, 400, 401, 404, 409, 503);
        return app;
    }

    public static Task<CreateResult> CreateAsync(HttpRequest request, IGrainFactory grains, TransactionPlacer placer, PaycueOptions options) =>
        CreateCoreAsync(request, grains, placer, options, StatusCodes.Status201Created);

    /// <summary>Shared by <c>POST /api/transactions</c> (201) and the original <c>POST /create/transaction/</c> (200).</summary>
    internal static async Task<CreateResult> CreateCoreAsync(HttpRequest request, IGrainFactory grains, TransactionPlacer placer, PaycueOptions options, int successStatus)
    {
        var (body, bodyError) = await JsonBody.ReadObjectAsync(request);
        if (bodyError is not null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, bodyError);
        }

        if (!JsonBody.TryReadAmount(body, "amount", options.Precision == AmountPrecision.Som, out var requestedTiyin, out var amountError))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, amountError!);
        }

        if (!JsonBody.TryReadString(body, "card_id", out var cardId, out var cardError))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, cardError!);
        }

        if (cardId is not null && !CardIds.IsWellFormed(cardId))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, "card_id is malformed; use an id from GET /api/cards.");
        }

        if (!OrderFields.TryRead(body, out var ttl, out var order, out var orderError))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, orderError!);
        }

        if (!JsonBody.TryReadString(body, "bank", out var bankText, out var bankError))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, bankError!);
        }

        string? bank = null;
        if (bankText is not null)
        {
            bank = CardBanks.Parse(bankText);
            if (bank is null)
            {
                return Envelope.Error(StatusCodes.Status400BadRequest, $"bank must be \"humo\" or \"uzcard\", not '{Truncate(bankText)}'; leave it out to use a card of either bank.");
            }

            if (cardId is not null)
            {
                var named = await grains.GetGrain<ICardGrain>(cardId).GetInfoAsync();
                if (named is not null && named.Spec.BankName != bank)
                {
                    return Envelope.Error(StatusCodes.Status400BadRequest, $"card_id '{cardId}' is a {CardBanks.DisplayName(named.Spec.BankName)} card, not {CardBanks.DisplayName(bank)}; send one of the two, or both matching.");
                }
            }
        }

        string? idempotencyKey = request.Headers["Idempotency-Key"];
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, $"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} characters.");
        }

        var placed = idempotencyKey is null
            ? await placer.PlaceAsync(requestedTiyin, cardId, request.HttpContext.RequestAborted, null, ttl, order, bank)
            : await grains.GetGrain<IIdempotencyGrain>(idempotencyKey).CreateOnceAsync(requestedTiyin, cardId, ttl, order, bank);
        if (placed.Status == PlacementStatus.CardNotReady)
        {
            return Envelope.Error(StatusCodes.Status503ServiceUnavailable, await NotReadyTextAsync(cardId!, grains, options));
        }

        return placed.Status switch
        {
            PlacementStatus.Created => Envelope.OkInOnePiece(placed.Transaction!.ToResponse(PayUrls.BaseUrl(options, request)), placed.Replayed ? StatusCodes.Status200OK : successStatus),
            PlacementStatus.UnknownCard => Envelope.Error(StatusCodes.Status404NotFound, $"card_id '{cardId}' is not a registered card; GET /api/cards lists them."),
            PlacementStatus.NoReadyCard when bank is not null => Envelope.Error(StatusCodes.Status503ServiceUnavailable,
                $"No {CardBanks.DisplayName(bank)} card is ready to take payments; GET /api/cards shows each card's bank and status, or leave bank out to use any ready card."),
            PlacementStatus.NoReadyCard => Envelope.Error(StatusCodes.Status503ServiceUnavailable, "No card is ready to take payments; GET /api/cards shows each card's status."),
            PlacementStatus.KeyReused => Envelope.Error(StatusCodes.Status422UnprocessableEntity,
                $"Idempotency-Key was already used for transaction {placed.Transaction!.TransactionId} ({Money.ToSomText(placed.Transaction.RequestedTiyin)} so'm on card {placed.Transaction.CardId}); send a new key for a different amount, card, ttl, order_id, metadata or return_url."),
            _ => Envelope.Error(StatusCodes.Status409Conflict,
                $"No amount within {options.LimitSom} so'm {(options.Direction == AmountDirection.Up ? "above" : "below")} {Money.ToSomText(requestedTiyin)} is free{(cardId is not null ? $" on card {cardId}" : bank is not null ? $" on any {CardBanks.DisplayName(bank)} card" : " on any card")}: open transactions hold them all. Add a card or raise LIMIT."),
        };
    }

    /// <summary>Why a named card takes no transaction now, in a sentence naming the card and its status (a 503: it may pass).</summary>
    private static async Task<string> NotReadyTextAsync(string cardId, IGrainFactory grains, PaycueOptions options)
    {
        var info = await grains.GetGrain<ICardGrain>(cardId).GetInfoAsync();
        var why = info switch
        {
            null => "unregistered",
            { Spec.Kind: CardKind.Sandbox } when !options.Sandbox => "a sandbox card, and this service runs with SANDBOX=false",
            { Spec.Kind: CardKind.Telegram, Spec.Last4: null } => "a Telegram card without a last4; add it again with POST /api/cards and its last4",
            _ => info.Status,
        };
        return $"Card not ready: {cardId} is {why}. Try again once GET /api/cards shows it ready, or leave card_id out to use any ready card.";
    }

    public static async Task<Results<JsonHttpResult<Envelope<IReadOnlyList<TransactionResponse>>>, JsonHttpResult<Envelope<ErrorDetail>>>> ListAsync(
        HttpRequest request, IGrainFactory grains, TransactionService transactions, PaycueOptions options, string? state, int? limit,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "order_id")] string? orderId = null)
    {
        var take = limit ?? 50;
        if (take is < 1 or > 500)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, "limit must be from 1 to 500.");
        }

        if (orderId is not null)
        {
            // Every transaction of the order, in any state (a retried order may have an expired one and a paid one).
            if (!OrderFields.IsValidOrderId(orderId, out var orderError))
            {
                return Envelope.Error(StatusCodes.Status400BadRequest, orderError!);
            }

            var found = await transactions.ByOrderIdAsync(orderId, take);
            var pay = PayUrls.BaseUrl(options, request);
            IReadOnlyList<TransactionResponse> byOrder = found
                .Where(v => state is null or "" || TransactionMapping.StateName(v.State) == state.ToLowerInvariant())
                .Select(v => v.ToResponse(pay)).ToList();
            return Envelope.Ok(byOrder);
        }

        IReadOnlyList<Guid> ids;
        TransactionState wanted;
        switch (state?.ToLowerInvariant())
        {
            case null or "" or "active":
                wanted = TransactionState.Active;
                var cards = await grains.GetGrain<ICardDirectoryGrain>(0).ListAsync();
                var perCard = await Task.WhenAll(cards.Select(c => grains.GetGrain<ICardGrain>(c.Spec.CardId).ListOpenAsync(take)));
                ids = perCard.SelectMany(x => x).ToList();
                break;
            case "confirmed" or "cancelled":
                wanted = state.Equals("confirmed", StringComparison.OrdinalIgnoreCase) ? TransactionState.Confirmed : TransactionState.Cancelled;
                ids = await grains.GetGrain<ILedgerGrain>(0).ClosedTransactionsAsync(null, take * 4);
                break;
            default:
                return Envelope.Error(StatusCodes.Status400BadRequest, "state must be active, confirmed or cancelled.");
        }

        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<ITransactionGrain>(id).GetAsync()));
        var baseUrl = PayUrls.BaseUrl(options, request);
        IReadOnlyList<TransactionResponse> list = views.OfType<TransactionView>().Where(v => v.State == wanted)
            .OrderByDescending(v => v.CreatedAt).Take(take).Select(v => v.ToResponse(baseUrl)).ToList();
        return Envelope.Ok(list);
    }

    public static async Task<TransactionResult> GetAsync(string id, HttpRequest request, TransactionService transactions, PaycueOptions options)
    {
        if (!TryParseId(id, out var transactionId, out var error))
        {
            return error;
        }

        var view = await transactions.GetAsync(transactionId);
        return view is null ? NotFound(transactionId) : Envelope.Ok(view.ToResponse(PayUrls.BaseUrl(options, request)));
    }

    public static async Task<TransactionResult> CancelAsync(string id, HttpRequest request, TransactionService transactions, PaycueOptions options)
    {
        if (!TryParseId(id, out var transactionId, out var error))
        {
            return error;
        }

        var (outcome, view) = await transactions.CancelAsync(transactionId);
        if (view is null)
        {
            return NotFound(transactionId);
        }

        return outcome == CancelOutcome.AlreadyClosed
            ? Envelope.Error(StatusCodes.Status409Conflict, $"Transaction {transactionId:D} is already {TransactionMapping.StateName(view.State)}; only an active transaction can be cancelled.")
            : Envelope.Ok(view.ToResponse(PayUrls.BaseUrl(options, request)));
    }

    public static async Task<TransactionResult> RedeliverAsync(string id, HttpRequest request, TransactionService transactions, PaycueOptions options)
    {
        if (!TryParseId(id, out var transactionId, out var error))
        {
            return error;
        }

        var (found, sent, view) = await transactions.RedeliverAsync(transactionId);
        if (!found || view is null)
        {
            return NotFound(transactionId);
        }

        if (!sent)
        {
            return Envelope.Error(StatusCodes.Status409Conflict, $"Transaction {transactionId:D} is still active, so it has no webhook to send yet.");
        }

        return Envelope.Ok(view.ToResponse(PayUrls.BaseUrl(options, request)), StatusCodes.Status202Accepted);
    }

    internal static bool TryParseId(string id, out Guid transactionId, out TransactionResult error)
    {
        error = default!;
        if (Guid.TryParseExact(id, "D", out transactionId))
        {
            return true;
        }

        error = Envelope.Error(StatusCodes.Status400BadRequest, $"'{Truncate(id)}' is not a transaction id; ids look like 622ea789-5b4c-4e6a-a76b-415ac144eb34.");
        return false;
    }

    private static TransactionResult NotFound(Guid transactionId) =>
        Envelope.Error(StatusCodes.Status404NotFound, $"No transaction {transactionId:D}.");

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
