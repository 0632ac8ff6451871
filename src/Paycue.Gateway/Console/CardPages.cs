using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Paycue.Gateway.Services;
using Paycue.Grains.Configuration;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary><c>/console/cards</c>: each card's status, open transactions and balance gaps; removing a card.</summary>
public static class CardPages
{
    public static Task<IResult> ShowAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options,
        CardService cards, string? done, string? confirm) =>
        RenderAsync(new ConsolePage(http, antiforgery, assets, clock, options), cards, done, confirm, error: null);

    /// <summary>
    /// The page, with <paramref name="error"/> (a refused step) rendered straight into it with a 400, never carried in
    /// a URL where a crafted link could put any words on the page.
    /// </summary>
    private static async Task<IResult> RenderAsync(ConsolePage page, CardService cards, string? done, string? confirm, string? error)
    {
        var list = await cards.ListAsync();
        page.Start("Cards", "Cards");
        page.Notice(done switch
        {
            "removed" => page.T["The card is removed."],
            "ready" => page.T["The card is logged in and ready."],
            _ => null,
        });
        page.Notice(error, error: true);
        page.Raw("<section aria-labelledby=\"cards-h\"><h2 id=\"cards-h\">").Say("Cards").Raw("</h2><div id=\"cards\" class=\"table\"><table><thead><tr><th scope=\"col\">")
            .Say("Card").Raw("</th><th scope=\"col\">").Say("Kind").Raw("</th><th scope=\"col\">").Say("Status").Raw("</th><th scope=\"col\" class=\"num\">").Say("Open transactions")
            .Raw("</th><th scope=\"col\" class=\"num\">").Say("Balance gaps").Raw("</th><th scope=\"col\"><span class=\"skip\">").Say("Remove the card").Raw("</span></th></tr></thead><tbody>");
        foreach (var card in list)
        {
            var id = card.Spec.CardId;
            page.Raw("<tr><td>").Text($"{id} ••{card.Spec.Last4}").Raw("</td><td>").Text(card.Spec.Kind == CardKind.Sandbox ? "sandbox" : "telegram")
                .Raw("</td><td>").Text(card.Status + (card.StatusReason is { } r ? $" ({r})" : "")).Raw("</td><td class=\"num\">")
                .Text(card.OpenTransactions.ToString(CultureInfo.InvariantCulture)).Raw("</td><td class=\"num\">").Text(card.BalanceGaps.ToString(CultureInfo.InvariantCulture)).Raw("</td><td>");
            if (card.OpenTransactions > 0 && confirm == id)
            {
                // The open-transactions warning: removing cancels each, so the second click says so.
                page.Raw("<p class=\"error\" role=\"alert\">").Say("This card has {0} open transactions; removing it cancels each (with a cancel webhook).", card.OpenTransactions).Raw("</p>")
                    .ButtonForm($"/cards/{id}/remove", page.Words("Remove it and cancel its {0} open transactions", card.OpenTransactions), "danger", ("force", "true"));
            }
            else
            {
                page.ButtonForm($"/cards/{id}/remove", page.T["Remove the card"], "secondary");
            }

            page.Raw("</td></tr>");
        }

        page.Raw("</tbody></table></div></section>");
        var status = error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;

        // A login in progress: the step the card's status asks for, as an ordinary form.
        foreach (var waiting in list.Where(c => c.Spec.Kind == CardKind.Telegram && c.Status is CardStatus.CodeRequired or CardStatus.PasswordRequired))
        {
            var id = waiting.Spec.CardId;
            var code = waiting.Status == CardStatus.CodeRequired;
            page.Raw($"<section aria-labelledby=\"login-{id}-h\"><h2 id=\"login-{id}-h\">").Text($"{id} ••{waiting.Spec.Last4}").Raw("</h2><p>")
                .Say(code ? "Telegram sent a login code to the account's Telegram app. Enter it here." : "The account has two-step verification. Enter its password.").Raw("</p>");
            page.FormStart($"/cards/{id}/login");
            if (code)
            {
                page.Field("code", page.T["Login code"], "text", extra: "inputmode=\"numeric\" autocomplete=\"one-time-code\" required");
            }
            else
            {
                page.Field("password", page.T["Two-step verification password"], "password", extra: "autocomplete=\"current-password\" required");
            }

            page.Raw("<button type=\"submit\">").Say("Continue").Raw("</button></form></section>");
        }

        page.Raw("<section aria-labelledby=\"add-h\"><h2 id=\"add-h\">").Say("Add a Telegram account").Raw("</h2>");
        page.FormStart("/cards")
            .Field("phone", page.T["Phone number"], "tel", extra: "autocomplete=\"off\" placeholder=\"+998901234567\" required")
            .Field("number", page.T["Card number"], "text", extra: "inputmode=\"numeric\" autocomplete=\"off\"")
            .Field("last4", page.T["Last 4 digits"], "text", extra: "inputmode=\"numeric\" maxlength=\"4\" autocomplete=\"off\"")
            .Field("owner", page.T["Card owner"], "text", extra: "autocomplete=\"off\"")
            .Raw("<button type=\"submit\">").Say("Send the login code").Raw("</button></form></section>");
        return ConsoleEndpoints.Html(page.End(), status);
    }

    public static async Task<IResult> AddAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, CardService cards)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        var form = await http.Request.ReadFormAsync();
        var phone = ConsoleEndpoints.Field(form, "phone")?.Replace(" ", "", StringComparison.Ordinal);
        var number = ConsoleEndpoints.Field(form, "number")?.Replace(" ", "", StringComparison.Ordinal);
        var last4 = ConsoleEndpoints.Field(form, "last4");
        if (Endpoints.CardEndpoints.NewCardError(phone, number, last4) is { } problem)
        {
            return await RenderAsync(page, cards, null, null, problem);
        }

        var (cardId, result) = await cards.AddTelegramAsync(phone!, number, last4, ConsoleEndpoints.Field(form, "owner"));
        return await AnswerAsync(page, cards, cardId, result);
    }

    public static async Task<IResult> LoginAsync(string id, HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, CardService cards)
    {
        if (!Endpoints.CardIds.IsWellFormed(id))
        {
            return TypedResults.NotFound();
        }

        var form = await http.Request.ReadFormAsync();
        var code = ConsoleEndpoints.Field(form, "code");
        var password = form["password"].ToString();
        var result = code is not null ? await cards.SubmitCodeAsync(id, code)
            : password.Length > 0 ? await cards.SubmitPasswordAsync(id, password)
            : null;
        return result is null ? ConsoleEndpoints.SeeOther(http, "/cards") : await AnswerAsync(new ConsolePage(http, antiforgery, assets, clock, options), cards, id, result);
    }

    /// <summary>
    /// Telegram's refusals in plain words (the card's reason never holds the phone, code or password), shown on the
    /// cards page, where the card's status shows the step to repeat.
    /// </summary>
    private static async Task<IResult> AnswerAsync(ConsolePage page, CardService cards, string cardId, LoginResult result) => result.Failure switch
    {
        LoginFailure.None when result.Status == CardStatus.Ready => ConsoleEndpoints.SeeOther(page.Http, "/cards?done=ready"),
        LoginFailure.None => ConsoleEndpoints.SeeOther(page.Http, $"/cards?login={Uri.EscapeDataString(cardId)}"),
        LoginFailure.Unreachable => await RenderAsync(page, cards, null, null, page.T["Telegram did not answer; try again in a minute."]),
        _ => await RenderAsync(page, cards, null, null, page.Words("Telegram refused: {0}", result.Reason ?? result.Failure.ToString())),
    };

    public static async Task<IResult> RemoveAsync(string id, HttpContext http, CardService cards)
    {
        if (!Endpoints.CardIds.IsWellFormed(id))
        {
            return TypedResults.NotFound();
        }

        var form = await http.Request.ReadFormAsync();
        var force = form["force"] == "true";
        var result = await cards.RemoveAsync(id, force);
        if (result.Failure == LoginFailure.OpenTransactions)
        {
            return ConsoleEndpoints.SeeOther(http, $"/cards?confirm={Uri.EscapeDataString(id)}");
        }

        return ConsoleEndpoints.SeeOther(http, result.Succeeded ? "/cards?done=removed" : "/cards");
    }
}
