using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.RegularExpressions;
using Paycue.Gateway.Http;
using Paycue.Grains.Configuration;
using Paycue.Grains.Telegram;

namespace Paycue.Gateway.Endpoints;

/// <summary>
/// <c>/api/accounts</c>: Telegram accounts (one phone, one session) and the cards on them. An account's id is the
/// id of its first card; its further cards have ids <c>&lt;account&gt;.&lt;bank&gt;-&lt;last4&gt;</c>.
/// </summary>
public static partial class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts").WithTags("Accounts").RequireApiCredentials();
        group.MapGet("", ListAsync).WithName("ListAccounts").WithSummary("Every Telegram account with its login status and its cards.")
            .Answers<IReadOnlyList<AccountResponse>>(200, 401, 503);
        group.MapPost("", AddAsync).WithName("AddAccount").WithSummary("Starts a Telegram login for a phone (Telegram texts a code); add its cards with POST /api/accounts/{id}/cards.")
            .Takes<AddAccountRequest>().Answers<LoginResponse>(200, 400, 401, 503);
        group.MapPost("/{id}/login", CardEndpoints.LoginAsync).WithName("LoginAccount").WithSummary("The next login step: code, password, email or email_code, as the account's login status asks; or phone to start the login again.")
            .Takes<CardLoginRequest>().Answers<LoginResponse>(200, 400, 401, 404, 503);
        group.MapPost("/{id}/cards", AddCardAsync).WithName("AddAccountCard").WithSummary("Adds a card (bank humo or uzcard, last4) whose bank bot writes into this account.")
            .Takes<AccountCardRequest>().Answers<CardResponse>(201, 400, 401, 404, 409, 503);
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

        if (!JsonBody.TryReadString(body, "phone", out var phone, out error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        phone = phone?.Replace(" ", "", StringComparison.Ordinal);
        if (phone is null || !PhonePattern().IsMatch(phone))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, "phone must be in international format, for example +998901234567.");
        }

        var id = TelegramCardIds.FromPhone(phone);
        var account = grains.GetGrain<ICardGrain>(id);
        if (await account.GetInfoAsync() is null)
        {
            // A session with no card yet: it logs in now and takes no transactions until a card is added.
            await account.RegisterAsync(new CardSpec(id, CardKind.Telegram, null, null, null, options.WatchId, SessionOnly: true));
        }

        var login = await account.StartLoginAsync(phone);
        return CardEndpoints.Answer(id, login);
    }

    public static async Task<Results<JsonHttpResult<Envelope<CardResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> AddCardAsync(
        string id, HttpRequest request, IGrainFactory grains, Services.CardService cards)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error);
        }

        if (!JsonBody.TryReadString(body, "bank", out var bankText, out error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (bankText is null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, "bank is missing: send \"humo\" or \"uzcard\".");
        }

        if (CardEndpoints.ReadCard(body, bankText, out var card) is { } cardError)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, cardError);
        }

        if (!CardIds.IsWellFormed(id) || AccountCardIds.AccountOf(id) != id)
        {
            return Envelope.Error(StatusCodes.Status404NotFound, $"No account {id}; GET /api/accounts lists them.");
        }

        if (await cards.AddAccountCardAsync(id, card) is not { } added)
        {
            return Envelope.Error(StatusCodes.Status404NotFound, $"No Telegram account {id}; POST /api/accounts starts one, GET /api/accounts lists them.");
        }

        if (!added.Succeeded)
        {
            return Envelope.Error(added.Failure == LoginFailure.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, added.Reason ?? "The card was not added.");
        }

        var created = await grains.GetGrain<ICardGrain>(added.Reason!).GetInfoAsync();
        return Envelope.Ok(CardResponse.From(created!), StatusCodes.Status201Created);
    }

    public static async Task<JsonHttpResult<Envelope<IReadOnlyList<AccountResponse>>>> ListAsync(IGrainFactory grains)
    {
        var entries = await grains.GetGrain<ICardDirectoryGrain>(0).ListAsync();
        var accounts = entries.Where(e => e.Spec.Kind == CardKind.Telegram && !e.Spec.IsHosted).ToList();
        var cards = await Task.WhenAll(accounts.Select(e => grains.GetGrain<ICardGrain>(e.Spec.CardId).ListAccountCardsAsync()));
        IReadOnlyList<AccountResponse> list = accounts.Select((e, i) => new AccountResponse(
            e.Spec.CardId,
            e.Status,
            cards[i].Select(c => new AccountCard(c.CardId, c.BankName, c.Last4)).ToList())).ToList();
        return Envelope.Ok(list);
    }

    [GeneratedRegex(@"^\+?[0-9]{7,15}$")]
    private static partial Regex PhonePattern();
}

/// <summary>A Telegram account: its id, its session's login status, and its cards.</summary>
public sealed record AccountResponse(string AccountId, string Login, IReadOnlyList<AccountCard> Cards);

/// <summary>A card as an account lists it.</summary>
public sealed record AccountCard(string CardId, string Bank, string? Last4);
