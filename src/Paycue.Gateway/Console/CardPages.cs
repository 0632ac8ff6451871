using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Paycue.Gateway.Services;
using Paycue.Grains.Configuration;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary><c>/console/cards</c>: each card's status, open transactions and balance gaps; removing a card.</summary>
public static class CardPages
{
    public static async Task<IResult> ShowAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options,
        CardService cards, string? done, string? confirm)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        var list = await cards.ListAsync();
        page.Start("Cards", "Cards");
        page.Notice(done == "removed" ? page.T["The card is removed."] : null);
        page.Raw("<section aria-labelledby=\"cards-h\"><h2 id=\"cards-h\">").Say("Cards").Raw("</h2><div id=\"cards\" class=\"table\"><table><thead><tr><th scope=\"col\">")
            .Say("Card").Raw("</th><th scope=\"col\">").Say("Kind").Raw("</th><th scope=\"col\">").Say("Status").Raw("</th><th scope=\"col\" class=\"num\">").Say("Open transactions")
            .Raw("</th><th scope=\"col\" class=\"num\">").Say("Balance gaps").Raw("</th><th scope=\"col\"><span class=\"skip\">").Say("Remove the card").Raw("</span></th></tr></thead><tbody>");
        foreach (var card in list)
        {
            var id = card.Spec.CardId;
            page.Raw("<tr><td>").Text($"{id} ·•{card.Spec.Last4}").Raw("</td><td>").Text(card.Spec.Kind == CardKind.Sandbox ? "sandbox" : "telegram")
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
        return ConsoleEndpoints.Html(page.End());
    }

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
