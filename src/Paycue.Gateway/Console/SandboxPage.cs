using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using Paycue.Gateway.Endpoints;
using Paycue.Gateway.Services;
using Paycue.Grains.Configuration;
using Paycue.Grains.Transactions;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>
/// <c>/console/sandbox</c> (only with <c>SANDBOX=true</c>): create a test transaction, then simulate the bank bot's
/// message for it, through the same placer and sandbox feed as the API.
/// </summary>
public static class SandboxPage
{
    private static readonly FrozenSet<string> KnownOutcomes = typeof(MatchOutcomes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToFrozenSet(StringComparer.Ordinal);

    public static async Task<IResult> ShowAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options,
        CardService cards, TransactionService transactions, string? tx, string? outcome, string? error)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        var sandboxCards = (await cards.ListAsync()).Where(c => c.Spec.Kind == CardKind.Sandbox).ToList();
        var view = Guid.TryParseExact(tx, "D", out var id) ? await transactions.GetAsync(id) : null;
        page.Start("Sandbox", "Sandbox");
        page.Notice(error switch
        {
            "amount" => page.T["Enter an amount in so'm, such as 20000."],
            "full" => page.T["No amount near this one is free: open transactions hold them all."],
            "nocard" => page.T["No card is ready to take payments."],
            "notready" => page.T["The card cannot take transactions now."],
            _ => null,
        }, error: true);
        // Only an outcome code the matcher has: the URL is not a place a crafted link can put words on the page.
        if (outcome is not null && KnownOutcomes.Contains(outcome))
        {
            page.Notice(page.Words("The bank message was read: {0}.", outcome));
        }

        page.Raw("<p>").Say("Sandbox cards pay no real money: create a transaction, then pretend the bank bot reported its amount.").Raw("</p>");
        page.Raw("<section aria-labelledby=\"create-h\"><h2 id=\"create-h\">").Say("Create a test transaction").Raw("</h2>");
        page.FormStart("/sandbox/transactions").Field("amount", page.T["Amount, so'm"], "text", "20000", "inputmode=\"decimal\" required")
            .Raw("<div class=\"field\"><label for=\"card\">").Say("Card").Raw("</label><select id=\"card\" name=\"card\">");
        foreach (var c in sandboxCards)
        {
            page.Raw("<option>").Text(c.Spec.CardId).Raw("</option>");
        }

        page.Raw("</select></div><button type=\"submit\">").Say("Create a test transaction").Raw("</button></form></section>");
        if (view is not null)
        {
            page.Raw("<section aria-labelledby=\"pay-h\"><h2 id=\"pay-h\">").Say("Simulate the bank message").Raw("</h2><p id=\"sandbox-tx\">")
                .Say("Test transaction {0} waits for {1} so'm on {2}.", view.TransactionId.ToString("D")[..8], page.Amount(view.AmountTiyin), view.CardId)
                .Raw(" <a href=\"").Text($"{page.Base}/transactions/{view.TransactionId:D}").Raw("\">").Say("Transaction").Raw("</a></p>");
            page.FormStart("/sandbox/payments").Hidden("tx", view.TransactionId.ToString("D"))
                .Raw("<button type=\"submit\">").Say("Simulate the bank message").Raw("</button></form></section>");
        }

        return ConsoleEndpoints.Html(page.End());
    }

    public static async Task<IResult> CreateAsync(HttpContext http, TransactionPlacer placer, CardService cards)
    {
        var form = await http.Request.ReadFormAsync();
        if (TransactionPages.ParseSom(ConsoleEndpoints.Field(form, "amount")) is not { } tiyin || tiyin <= 0)
        {
            return ConsoleEndpoints.SeeOther(http, "/sandbox?error=amount");
        }

        // Only a sandbox card: the panel never creates a transaction a real payer could be sent to.
        var cardId = ConsoleEndpoints.Field(form, "card");
        var sandbox = (await cards.ListAsync()).FirstOrDefault(c => c.Spec.Kind == CardKind.Sandbox && (cardId is null || c.Spec.CardId == cardId));
        if (sandbox is null)
        {
            return ConsoleEndpoints.SeeOther(http, "/sandbox?error=nocard");
        }

        var placed = await placer.PlaceAsync(tiyin, sandbox.Spec.CardId, http.RequestAborted);
        return placed.Status switch
        {
            PlacementStatus.Created => ConsoleEndpoints.SeeOther(http, $"/sandbox?tx={placed.Transaction!.TransactionId:D}"),
            PlacementStatus.CardNotReady => ConsoleEndpoints.SeeOther(http, "/sandbox?error=notready"),
            PlacementStatus.NoReadyCard or PlacementStatus.UnknownCard => ConsoleEndpoints.SeeOther(http, "/sandbox?error=nocard"),
            _ => ConsoleEndpoints.SeeOther(http, "/sandbox?error=full"),
        };
    }

    public static async Task<IResult> PayAsync(HttpContext http, TransactionService transactions, CardService cards, SandboxFeed feed, TimeProvider time)
    {
        var form = await http.Request.ReadFormAsync();
        var view = Guid.TryParseExact(ConsoleEndpoints.Field(form, "tx"), "D", out var id) ? await transactions.GetAsync(id) : null;
        var card = view is null ? null : (await cards.ListAsync()).FirstOrDefault(c => c.Spec.CardId == view.CardId && c.Spec.Kind == CardKind.Sandbox);
        if (view is null || card is null)
        {
            return ConsoleEndpoints.SeeOther(http, "/sandbox?error=nocard");
        }

        var now = time.GetUtcNow();
        var result = await feed.DeliverAsync(card.Spec.CardId, SandboxEndpoints.HumoCredit(view.AmountTiyin, card.Spec.Last4, now), now, SandboxFeed.NextMessageId(now));
        return ConsoleEndpoints.SeeOther(http, $"/sandbox?tx={view.TransactionId:D}&outcome={Uri.EscapeDataString(result.Outcome)}");
    }
}
