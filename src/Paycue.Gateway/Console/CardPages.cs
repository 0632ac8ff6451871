using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Paycue.Gateway.Services;
using Paycue.Grains.Configuration;
using Paycue.Grains.Telegram;

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
            "added" => page.T["The card is added to the account."],
            _ => null,
        });
        page.Notice(error, error: true);
        page.Raw("<section aria-labelledby=\"cards-h\"><h2 id=\"cards-h\">").Say("Cards").Raw("</h2><div id=\"cards\" class=\"table\"><table class=\"rows\"><thead><tr><th scope=\"col\">")
            .Say("Card").Raw("</th><th scope=\"col\">").Say("Kind").Raw("</th><th scope=\"col\">").Say("Status").Raw("</th><th scope=\"col\" class=\"num\">").Say("Open transactions")
            .Raw("</th><th scope=\"col\" class=\"num\">").Say("Balance gaps").Raw("</th><th scope=\"col\"><span class=\"skip\">").Say("Remove the card").Raw("</span></th></tr></thead><tbody>");
        foreach (var card in list)
        {
            var id = card.Spec.CardId;
            page.Raw("<tr>").Cell("Card").Text($"{id} ••{card.Spec.Last4}").Raw("</td>").Cell("Kind").Text(card.Spec.Kind == CardKind.Sandbox ? "sandbox" : "telegram")
                .Raw("</td>").Cell("Status").Text(StatusText(page, card)).Raw("</td>").Cell("Open transactions", "num")
                .Text(card.OpenTransactions.ToString(CultureInfo.InvariantCulture)).Raw("</td>").Cell("Balance gaps", "num").Text(card.BalanceGaps.ToString(CultureInfo.InvariantCulture))
                .Raw("</td><td class=\"action\">");
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
        foreach (var waiting in list.Where(c => c.Spec.Kind == CardKind.Telegram
            && c.Status is CardStatus.CodeRequired or CardStatus.PasswordRequired or CardStatus.EmailRequired or CardStatus.EmailCodeRequired))
        {
            var id = waiting.Spec.CardId;
            page.Raw($"<section aria-labelledby=\"login-{id}-h\"><h2 id=\"login-{id}-h\">").Text($"{id} ••{waiting.Spec.Last4}").Raw("</h2><p>")
                .Say(waiting.Status switch
                {
                    CardStatus.CodeRequired => "Telegram sent a login code to the account's Telegram app. Enter it here.",
                    CardStatus.EmailRequired => "Telegram asks for a login e-mail address for this account. Enter it; Telegram mails a code to it.",
                    CardStatus.EmailCodeRequired => "Telegram mailed a code to the account's login e-mail address. Enter it here.",
                    _ => "The account has two-step verification. Enter its password.",
                }).Raw("</p>");
            page.FormStart($"/cards/{id}/login");
            switch (waiting.Status)
            {
                case CardStatus.CodeRequired:
                    page.Field("code", page.T["Login code"], "text", extra: "inputmode=\"numeric\" autocomplete=\"one-time-code\" required");
                    break;
                case CardStatus.EmailRequired:
                    page.Field("email", page.T["Login e-mail address"], "email", extra: "autocomplete=\"email\" required");
                    break;
                case CardStatus.EmailCodeRequired:
                    page.Field("email_code", page.T["Code from the e-mail"], "text", extra: "inputmode=\"numeric\" autocomplete=\"one-time-code\" required");
                    break;
                default:
                    page.Field("password", page.T["Two-step verification password"], "password", extra: "autocomplete=\"current-password\" required");
                    break;
            }

            page.Raw("<button type=\"submit\">").Say("Continue").Raw("</button></form>");

            // Stuck (no code came, a wrong e-mail): the account's phone number starts the login again from any step.
            page.FormStart($"/cards/{id}/login")
                .Field($"restart-{id}", page.T["Phone number"], "tel", extra: "autocomplete=\"off\" placeholder=\"+998901234567\" required", name: "phone")
                .Raw("<button type=\"submit\" class=\"secondary\">").Say("Start again with the phone number").Raw("</button></form></section>");
        }

        // A further card on an account already added: its bank bot writes into the same Telegram.
        foreach (var account in list.Where(c => c.Spec.Kind == CardKind.Telegram && !c.Spec.IsHosted))
        {
            var id = account.Spec.CardId;
            page.Raw($"<section aria-labelledby=\"more-{id}-h\"><h2 id=\"more-{id}-h\">").Say("Add a card to {0}", id).Raw("</h2>");
            page.FormStart($"/cards/{id}/cards");
            Bank(page, $"bank-{id}");
            page.Field($"number-{id}", page.T["Card number"], "text", extra: "inputmode=\"numeric\" autocomplete=\"off\"", name: "number")
                .Field($"last4-{id}", page.T["Last 4 digits"], "text", extra: "inputmode=\"numeric\" maxlength=\"4\" autocomplete=\"off\"", name: "last4")
                .Field($"owner-{id}", page.T["Card owner"], "text", extra: "autocomplete=\"off\"", name: "owner")
                .Raw("<button type=\"submit\">").Say("Add the card").Raw("</button></form></section>");
        }

        page.Raw("<section aria-labelledby=\"add-h\"><h2 id=\"add-h\">").Say("Add a Telegram account").Raw("</h2>");
        page.FormStart("/cards")
            .Field("phone", page.T["Phone number"], "tel", extra: "autocomplete=\"off\" placeholder=\"+998901234567\" required");
        Bank(page, "bank");
        page
            .Field("number", page.T["Card number"], "text", extra: "inputmode=\"numeric\" autocomplete=\"off\"")
            .Field("last4", page.T["Last 4 digits"], "text", extra: "inputmode=\"numeric\" maxlength=\"4\" autocomplete=\"off\"")
            .Field("owner", page.T["Card owner"], "text", extra: "autocomplete=\"off\"")
            .Raw("<button type=\"submit\">").Say("Send the login code").Raw("</button></form></section>");
        return ConsoleEndpoints.Html(page.End(), status);
    }

    /// <summary>
    /// A card's status in the page's language, with the card's reason after it as the card gave it (a Telegram
    /// refusal or what to do; never a secret).
    /// </summary>
    public static string StatusText(ConsolePage page, CardInfo card) =>
        page.T[card.Status switch
        {
            CardStatus.LoginRequired => "login required",
            CardStatus.CodeRequired => "waiting for the login code",
            CardStatus.PasswordRequired => "waiting for the two-step password",
            CardStatus.EmailRequired => "waiting for the login e-mail",
            CardStatus.EmailCodeRequired => "waiting for the code from the e-mail",
            var other => other,
        }] + (card.StatusReason is { } reason ? $" ({reason})" : "");

    /// <summary>The bank select of a card form.</summary>
    private static void Bank(ConsolePage page, string id)
    {
        page.Raw($"<div class=\"field\"><label for=\"{id}\">").Say("Bank").Raw($"</label><select id=\"{id}\" name=\"bank\">");
        foreach (var bank in CardBanks.All)
        {
            page.Raw($"<option value=\"{bank}\">").Text(bank == CardBanks.Humo ? "Humo" : "Uzcard").Raw("</option>");
        }

        page.Raw("</select></div>");
    }

    /// <summary>The card fields of a form, checked as the API checks a JSON body's; the error is the API's sentence.</summary>
    private static string? ReadCard(IFormCollection form, out CardSpec card) =>
        Endpoints.CardEndpoints.CardFieldsError(ConsoleEndpoints.Field(form, "bank") ?? CardBanks.Humo, ConsoleEndpoints.Field(form, "number"),
            ConsoleEndpoints.Field(form, "last4"), ConsoleEndpoints.Field(form, "owner"), out card);

    /// <summary>A further card on a Telegram account (bank, last4 or number, owner).</summary>
    public static async Task<IResult> AddCardAsync(string id, HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, CardService cards)
    {
        if (!Endpoints.CardIds.IsWellFormed(id))
        {
            return TypedResults.NotFound();
        }

        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        var form = await http.Request.ReadFormAsync();
        if (ReadCard(form, out var card) is { } problem)
        {
            return await RenderAsync(page, cards, null, null, problem);
        }

        var added = await cards.AddAccountCardAsync(id, card);
        if (added is null)
        {
            return await RenderAsync(page, cards, null, null, page.T["No such Telegram account."]);
        }

        return added.Succeeded
            ? ConsoleEndpoints.SeeOther(http, "/cards?done=added")
            : await RenderAsync(page, cards, null, null, page.Words("The card was not added: {0}", added.Reason ?? added.Failure.ToString()));
    }

    public static async Task<IResult> AddAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, CardService cards)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        var form = await http.Request.ReadFormAsync();
        var phone = ConsoleEndpoints.Field(form, "phone")?.Replace(" ", "", StringComparison.Ordinal);
        var number = ConsoleEndpoints.Field(form, "number")?.Replace(" ", "", StringComparison.Ordinal);
        var last4 = ConsoleEndpoints.Field(form, "last4");
        if ((Endpoints.CardEndpoints.NewCardError(phone, number, last4) ?? ReadCard(form, out _)) is { } problem)
        {
            return await RenderAsync(page, cards, null, null, problem);
        }

        ReadCard(form, out var card);
        var (accountId, _, result) = await cards.AddTelegramAsync(phone!, card);
        return await AnswerAsync(page, cards, accountId, result);
    }

    public static async Task<IResult> LoginAsync(string id, HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, CardService cards)
    {
        if (!Endpoints.CardIds.IsWellFormed(id))
        {
            return TypedResults.NotFound();
        }

        var form = await http.Request.ReadFormAsync();
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        var code = ConsoleEndpoints.Field(form, "code");
        var password = form["password"].ToString();
        var email = ConsoleEndpoints.Field(form, "email");
        var emailCode = ConsoleEndpoints.Field(form, "email_code");
        var phone = ConsoleEndpoints.Field(form, "phone")?.Replace(" ", "", StringComparison.Ordinal);
        if (email is not null && !email.Contains('@', StringComparison.Ordinal))
        {
            return await RenderAsync(page, cards, null, null, page.T["Enter an e-mail address, such as shop@example.com."]);
        }

        if (phone is not null && (Endpoints.CardEndpoints.NewCardError(phone, null, "0000") is not null || TelegramCardIds.FromPhone(phone) != id))
        {
            // Another number would log a different Telegram account in under this card.
            return await RenderAsync(page, cards, null, null, page.T["Enter this account's own phone number, such as +998901234567."]);
        }

        var result = code is not null ? await cards.SubmitCodeAsync(id, code)
            : password.Length > 0 ? await cards.SubmitPasswordAsync(id, password)
            : email is not null ? await cards.SubmitEmailAsync(id, email)
            : emailCode is not null ? await cards.SubmitEmailCodeAsync(id, emailCode)
            : phone is not null ? await cards.RestartLoginAsync(id, phone)
            : null;
        return result is null ? ConsoleEndpoints.SeeOther(http, "/cards") : await AnswerAsync(page, cards, id, result);
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
