using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.RegularExpressions;
using Paycue.Gateway.Http;
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
        group.MapPost("/{id}/login", LoginAsync).WithName("LoginCard").WithSummary("The next login step: code, password, email or email_code, as the card's status asks; or phone to start the login again.")
            .Takes<CardLoginRequest>().Answers<LoginResponse>(200, 400, 401, 404, 503);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteCard").WithSummary("Removes the card (a Telegram account is logged out, its session deleted); ?force=true cancels its open transactions.")
            .Answers<LoginResponse>(200, 400, 401, 404, 409, 503);
        return app;
    }

    public static async Task<Results<JsonHttpResult<Envelope<LoginResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> AddAsync(
        HttpRequest request, IGrainFactory grains, PaycueOptions options)
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
        error = phone is null || !PhonePattern().IsMatch(phone) ? "phone must be in international format, for example +998901234567."
            : number is not null && !CardNumberPattern().IsMatch(number) ? "number must be the card's 16 to 19 digits."
            : last4 is not null && !Last4Pattern().IsMatch(last4) ? "last4 must be exactly 4 digits."
            : last4 is null && number is null ? "Send the card's last4 or number: only the bank bot's messages about this card may count as payments."
            : last4 is not null && number is not null && !number.EndsWith(last4, StringComparison.Ordinal) ? "last4 must be the last 4 digits of number; fix one, or leave last4 out."
            : null;
        if (error is not null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error);
        }

        var spec = new CardSpec(TelegramCardIds.FromPhone(phone!), CardKind.Telegram, last4 ?? number?[^4..], number, owner, options.WatchId);
        var card = grains.GetGrain<ICardGrain>(spec.CardId);
        await card.RegisterAsync(spec);
        return Answer(spec.CardId, await card.StartLoginAsync(phone!));
    }

    public static async Task<Results<JsonHttpResult<Envelope<LoginResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> LoginAsync(
        string id, HttpRequest request, IGrainFactory grains)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error);
        }

        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in LoginFields)
        {
            if (!JsonBody.TryReadString(body, name, out var value, out error))
            {
                return Envelope.Error(StatusCodes.Status400BadRequest, error!);
            }

            if (value is not null)
            {
                fields[name] = value;
            }
        }

        if (!CardIds.IsWellFormed(id) || fields.Count != 1 || fields.Values.Single()!.Trim().Length == 0)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest,
                "Send exactly one of {\"code\": \"12345\"}, {\"password\": \"...\"}, {\"email\": \"...\"}, {\"email_code\": \"...\"} (as the card's status asks) or {\"phone\": \"+998...\"} to start the login again.");
        }

        var (field, answer) = fields.Single();
        if (field == "phone")
        {
            answer = answer!.Replace(" ", "", StringComparison.Ordinal);
            if (!PhonePattern().IsMatch(answer))
            {
                return Envelope.Error(StatusCodes.Status400BadRequest, "phone must be in international format, for example +998901234567.");
            }

            if (TelegramCardIds.FromPhone(answer) != id)
            {
                // A card is one Telegram account: another number would log a different account in under this card.
                return Envelope.Error(StatusCodes.Status400BadRequest, $"phone must be the number of card {id}'s Telegram account; add another account with POST /api/cards.");
            }
        }

        if (field == "email" && !answer!.Contains('@', StringComparison.Ordinal))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, "email must be an e-mail address, for example shop@example.com.");
        }

        var card = grains.GetGrain<ICardGrain>(id);
        var result = field switch
        {
            "code" => await card.SubmitLoginCodeAsync(answer!),
            "password" => await card.SubmitLoginPasswordAsync(answer!),
            "email" => await card.SubmitLoginEmailAsync(answer!.Trim()),
            "email_code" => await card.SubmitLoginEmailCodeAsync(answer!.Trim()),
            _ => await card.StartLoginAsync(answer!),
        };
        return Answer(id, result);
    }

    private static readonly string[] LoginFields = ["code", "password", "email", "email_code", "phone"];

    public static async Task<Results<JsonHttpResult<Envelope<LoginResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> DeleteAsync(
        string id, IGrainFactory grains, bool force = false)
    {
        if (!CardIds.IsWellFormed(id))
        {
            return Envelope.Error(StatusCodes.Status404NotFound, "No such card.");
        }

        return Answer(id, await grains.GetGrain<ICardGrain>(id).LogoutAsync(force));
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

    public static async Task<JsonHttpResult<Envelope<IReadOnlyList<CardResponse>>>> ListAsync(IGrainFactory grains)
    {
        var entries = await grains.GetGrain<ICardDirectoryGrain>(0).ListAsync();
        var infos = await Task.WhenAll(entries.Select(e => grains.GetGrain<ICardGrain>(e.Spec.CardId).GetInfoAsync()));
        IReadOnlyList<CardResponse> cards = infos.OfType<CardInfo>().Select(CardResponse.From).ToList();
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
