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
        group.MapPost("", AddAsync).WithName("AddCard").WithSummary("Shortcut: a Telegram account (by phone) and one card on it (bank humo or uzcard); asks Telegram for a login code.")
            .Takes<AddCardRequest>().Answers<LoginResponse>(200, 400, 401, 503);
        group.MapPost("/{id}/login", LoginAsync).WithName("LoginCard").WithSummary("The next login step: code, password, email or email_code, as the card's status asks; or phone to start the login again.")
            .Takes<CardLoginRequest>().Answers<LoginResponse>(200, 400, 401, 404, 503);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteCard").WithSummary("Removes the card; ?force=true cancels its open transactions. A further card of an account leaves the session running; an account's first card goes last, and with it the session (logged out, deleted).")
            .Answers<LoginResponse>(200, 400, 401, 404, 409, 503);
        return app;
    }

    public static async Task<Results<JsonHttpResult<Envelope<LoginResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> AddAsync(
        HttpRequest request, Services.CardService cards)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error);
        }

        if (!JsonBody.TryReadString(body, "phone", out var phone, out error)
            || !JsonBody.TryReadString(body, "bank", out var bankText, out error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        phone = phone?.Replace(" ", "", StringComparison.Ordinal);
        if (phone is null || !PhonePattern().IsMatch(phone))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, "phone must be in international format, for example +998901234567.");
        }

        if (ReadCard(body, bankText ?? CardBanks.Humo, out var card) is { } cardError)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, cardError);
        }

        // The shortcut: the account (registered with this card as its first, when new) and one card on it.
        var (accountId, cardId, login) = await cards.AddTelegramAsync(phone, card);
        return login.Succeeded ? Envelope.Ok(new LoginResponse(cardId, login.Status, accountId)) : Answer(accountId, login);
    }

    /// <summary>What is wrong with a new card's fields (spaces already removed), or null; shared with the console's form.</summary>
    internal static string? NewCardError(string? phone, string? number, string? last4) =>
        phone is null || !PhonePattern().IsMatch(phone) ? "phone must be in international format, for example +998901234567."
            : number is not null && !CardNumberPattern().IsMatch(number) ? "number must be the card's 16 to 19 digits."
            : last4 is not null && !Last4Pattern().IsMatch(last4) ? "last4 must be exactly 4 digits."
            : last4 is null && number is null ? "Send the card's last4 or number: only the bank bot's messages about this card may count as payments."
            : last4 is not null && number is not null && !number.EndsWith(last4, StringComparison.Ordinal) ? "last4 must be the last 4 digits of number; fix one, or leave last4 out."
            : null;

    /// <summary>The card fields of a body (bank, last4, number, owner), checked; the spec's id and kind are the account's to set.</summary>
    internal static string? ReadCard(System.Text.Json.JsonElement body, string bankText, out CardSpec card)
    {
        card = null!;
        if (!JsonBody.TryReadString(body, "number", out var number, out var error)
            || !JsonBody.TryReadString(body, "last4", out var last4, out error)
            || !JsonBody.TryReadString(body, "owner", out var owner, out error))
        {
            return error;
        }

        return CardFieldsError(bankText, number, last4, owner, out card);
    }

    /// <summary>A card's fields (bank, number, last4, owner) checked, as one card spec; shared by the JSON bodies and the console's forms.</summary>
    internal static string? CardFieldsError(string bankText, string? number, string? last4, string? owner, out CardSpec card)
    {
        card = null!;
        string? error;
        number = number?.Replace(" ", "", StringComparison.Ordinal);
        var bank = CardBanks.Parse(bankText);
        error = bank is null ? $"bank must be \"humo\" or \"uzcard\", not '{(bankText.Length > 20 ? bankText[..20] + "..." : bankText)}'."
            : number is not null && !CardNumberPattern().IsMatch(number) ? "number must be the card's 16 to 19 digits."
            : last4 is not null && !Last4Pattern().IsMatch(last4) ? "last4 must be exactly 4 digits."
            : last4 is null && number is null ? "Send the card's last4 or number: only the bank bot's messages about this card may count as payments."
            : last4 is not null && number is not null && !number.EndsWith(last4, StringComparison.Ordinal) ? "last4 must be the last 4 digits of number; fix one, or leave last4 out."
            : null;
        if (error is not null)
        {
            return error;
        }

        card = new CardSpec("", CardKind.Telegram, last4 ?? number![^4..], number, owner, 0, bank);
        return null;
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
        string id, Services.CardService cards, bool force = false)
    {
        if (!CardIds.IsWellFormed(id))
        {
            return Envelope.Error(StatusCodes.Status404NotFound, "No such card.");
        }

        return Answer(id, await cards.RemoveAsync(id, force));
    }

    /// <summary>Login failures keep their state and say why: 400 refused, 503 Telegram unreachable, 409 open transactions, 404 no such card.</summary>
    internal static Results<JsonHttpResult<Envelope<LoginResponse>>, JsonHttpResult<Envelope<ErrorDetail>>> Answer(string cardId, LoginResult result) =>
        result.Failure switch
        {
            LoginFailure.None => Envelope.Ok(new LoginResponse(cardId, result.Status, AccountCardIds.AccountOf(cardId))),
            LoginFailure.Unreachable => Envelope.Error(StatusCodes.Status503ServiceUnavailable, result.Reason!),
            LoginFailure.OpenTransactions or LoginFailure.Conflict => Envelope.Error(StatusCodes.Status409Conflict, result.Reason!),
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
        IReadOnlyList<CardResponse> cards = infos.OfType<CardInfo>().Where(i => !i.Spec.SessionOnly).Select(CardResponse.From).ToList();
        return Envelope.Ok(cards);
    }
}

/// <summary>Where a card's login stands: <c>{"card_id": "...", "login": "code_required", "account_id": "..."}</c>.</summary>
public sealed record LoginResponse(string CardId, string Login, string? AccountId = null);

public sealed record CardResponse(
    string CardId,
    string Kind,
    string? Last4,
    string Status,
    string? StatusReason,
    int OpenTransactions,
    long BalanceGaps,
    DateTimeOffset? LastGapAt,
    string Bank,
    string AccountId)
{
    public static CardResponse From(CardInfo info) => new(
        info.Spec.CardId,
        info.Spec.Kind == CardKind.Sandbox ? "sandbox" : "telegram",
        info.Spec.Last4,
        info.Status,
        info.StatusReason,
        info.OpenTransactions,
        info.BalanceGaps,
        info.LastGapAt,
        info.Spec.BankName,
        info.Spec.Account);
}
