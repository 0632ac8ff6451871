using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.RegularExpressions;
using Paycue.Gateway.Http;
using Paycue.Gateway.Services;
using Paycue.Grains.Configuration;
using Paycue.Grains.Telegram;

namespace Paycue.Gateway.Endpoints;

/// <summary><c>/api/cards</c>: the cards and how each is doing.</summary>
public static partial class CardEndpoints
{
    public static IEndpointRouteBuilder MapCardEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cards").WithTags("Cards").RequireApiCredentials();
        group.MapGet("", ListAsync).WithName("ListCards").WithSummary("Every card with its status and open transactions.")
            .Answers<IReadOnlyList<CardResponse>>(200, 401, 503);
        group.MapPost("", AddAsync).WithName("AddCard").WithSummary("Adds a Telegram card and asks Telegram for a login code.")
            .Takes<AddCardRequest>().Answers<LoginResponse>(200, 400, 401, 503);
        group.MapPost("/{id}/login", LoginAsync).WithName("LoginCard").WithSummary("The login code, then (with two-step verification) the password.")
            .Takes<CardLoginRequest>().Answers<LoginResponse>(200, 400, 401, 404, 503);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteCard").WithSummary("Removes the card (a Telegram account is logged out, its session deleted); ?force=true cancels its open transactions.")
            .Answers<LoginResponse>(200, 400, 401, 404, 409, 503);
        return app;
    }

    public static async Task<Results<JsonHttpResult<Envelope<LoginResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> AddAsync(
        HttpRequest request, CardService cards)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error);
        }

        if (!JsonBody.TryReadString(body, "phone", out var phone, out error)
            || !JsonBody.TryReadString(body, "number", out var number, out error)
            || !JsonBody.TryReadString(body, "last4", out var last4, out error)
            || !JsonBody.TryReadString(body, "owner", out var owner, out error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        phone = phone?.Replace(" ", "", StringComparison.Ordinal);
        number = number?.Replace(" ", "", StringComparison.Ordinal);
        error = NewCardError(phone, number, last4);
        if (error is not null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error);
        }

        var (cardId, result) = await cards.AddTelegramAsync(phone!, number, last4, owner);
        return Answer(cardId, result);
    }

    /// <summary>What is wrong with a new card's fields (spaces already removed), or null; shared with the console's form.</summary>
    internal static string? NewCardError(string? phone, string? number, string? last4) =>
        phone is null || !PhonePattern().IsMatch(phone) ? "phone must be in international format, for example +998901234567."
            : number is not null && !CardNumberPattern().IsMatch(number) ? "number must be the card's 16 to 19 digits."
            : last4 is not null && !Last4Pattern().IsMatch(last4) ? "last4 must be exactly 4 digits."
            : last4 is null && number is null ? "Send the card's last4 or number: only the bank bot's messages about this card may count as payments."
            : last4 is not null && number is not null && !number.EndsWith(last4, StringComparison.Ordinal) ? "last4 must be the last 4 digits of number; fix one, or leave last4 out."
            : null;

    public static async Task<Results<JsonHttpResult<Envelope<LoginResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> LoginAsync(
        string id, HttpRequest request, CardService cards)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error);
        }

        if (!JsonBody.TryReadString(body, "code", out var code, out error) || !JsonBody.TryReadString(body, "password", out var password, out error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (!CardIds.IsWellFormed(id) || (code is null) == (password is null) || (code ?? password)!.Length == 0)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, "Send either {\"code\": \"12345\"} or {\"password\": \"...\"}.");
        }

        var result = code is not null ? await cards.SubmitCodeAsync(id, code) : await cards.SubmitPasswordAsync(id, password!);
        return Answer(id, result);
    }

    public static async Task<Results<JsonHttpResult<Envelope<LoginResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> DeleteAsync(
        string id, CardService cards, bool force = false)
    {
        if (!CardIds.IsWellFormed(id))
        {
            return Envelope.Error(StatusCodes.Status404NotFound, "No such card.");
        }

        return Answer(id, await cards.RemoveAsync(id, force));
    }

    /// <summary>Login failures keep their state and say why: 400 refused, 503 Telegram unreachable, 409 open transactions, 404 no such card.</summary>
    private static Results<JsonHttpResult<Envelope<LoginResponse>>, JsonHttpResult<Envelope<ErrorDetail>>> Answer(string cardId, LoginResult result) =>
        result.Failure switch
        {
            LoginFailure.None => Envelope.Ok(new LoginResponse(cardId, result.Status)),
            LoginFailure.Unreachable => Envelope.Error(StatusCodes.Status503ServiceUnavailable, result.Reason!),
            LoginFailure.OpenTransactions => Envelope.Error(StatusCodes.Status409Conflict, result.Reason!),
            LoginFailure.NotTelegram => Envelope.Error(StatusCodes.Status404NotFound, "No Telegram card with this id."),
            LoginFailure.NotRegistered => Envelope.Error(StatusCodes.Status404NotFound, $"No card {cardId}; GET /api/cards lists the cards."),
            _ => Envelope.Error(StatusCodes.Status400BadRequest, result.Reason ?? "Telegram refused the login step."),
        };

    [GeneratedRegex(@"^\+?[0-9]{7,15}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex("^[0-9]{16,19}$")]
    private static partial Regex CardNumberPattern();

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex Last4Pattern();

    public static async Task<JsonHttpResult<Envelope<IReadOnlyList<CardResponse>>>> ListAsync(CardService cardService)
    {
        IReadOnlyList<CardResponse> cards = (await cardService.ListAsync()).Select(CardResponse.From).ToList();
        return Envelope.Ok(cards);
    }
}

/// <summary>Where a card's login stands: <c>{"card_id": "...", "login": "code_required"}</c>.</summary>
public sealed record LoginResponse(string CardId, string Login);

public sealed record CardResponse(
    string CardId,
    string Kind,
    string? Last4,
    string Status,
    string? StatusReason,
    int OpenTransactions,
    long BalanceGaps,
    DateTimeOffset? LastGapAt)
{
    public static CardResponse From(CardInfo info) => new(
        info.Spec.CardId,
        info.Spec.Kind == CardKind.Sandbox ? "sandbox" : "telegram",
        info.Spec.Last4,
        info.Status,
        info.StatusReason,
        info.OpenTransactions,
        info.BalanceGaps,
        info.LastGapAt);
}
