using Microsoft.AspNetCore.Antiforgery;
using Paycue.Gateway.Endpoints;
using Paycue.Gateway.Services;
using Paycue.Grains.Configuration;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>
/// <c>/console/payments/{id}</c>: one credit that needs a decision, the transactions it may have been meant for and
/// why, and the two decisions (resolve with an optional note, dismiss with a required one), through
/// <see cref="PaymentDecisionService"/> as the API's.
/// </summary>
public static class DecisionPages
{
    /// <summary>The console's link to a credit's page (payment ids hold colons: <c>card:chat:message</c>).</summary>
    public static string Link(string consoleBase, string paymentId) => $"{consoleBase}/payments/{Uri.EscapeDataString(paymentId)}";

    /// <summary>The English words (a text key) for a suggestion's reason, a ledger outcome or a decision; an unknown code as it is.</summary>
    public static string Words(string code) => code switch
    {
        "paid_after_cancel" => "paid after the transaction was cancelled",
        "exact_amount" => "the amount is exact",
        "amount_differs" => "the amount differs",
        "open" => "the transaction is open",
        "cancelled" => "cancelled",
        "resolved_here" => "already resolved with this credit",
        "no_open_transaction" => "no open transaction",
        "expired" => "after the deadline",
        "in_cooldown" => "the transaction was already paid",
        "unknown_card" => "unknown card",
        "resolved" => "attached to a transaction",
        "resolving" => "being attached",
        "dismissed" => "handled outside Paycue",
        _ => code,
    };

    public static Task<IResult> ShowAsync(string id, HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options,
        PaymentDecisionService decisions, string? done) =>
        RenderAsync(new ConsolePage(http, antiforgery, assets, clock, options), id, decisions, done, error: null);

    public static async Task<IResult> ResolveAsync(string id, HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options,
        PaymentDecisionService decisions)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        var form = await http.Request.ReadFormAsync();
        var note = ConsoleEndpoints.Field(form, "note");
        if (!Guid.TryParse(ConsoleEndpoints.Field(form, "transaction_id"), out var transactionId))
        {
            return await RenderAsync(page, id, decisions, null, page.T["Write the id of the transaction this credit paid, like 622ea789-5b4c-4e6a-a76b-415ac144eb34."]);
        }

        if (note is { Length: > PaymentDecisionService.MaxNoteLength })
        {
            return await RenderAsync(page, id, decisions, null, page.Words("The note may have at most {0} characters.", PaymentDecisionService.MaxNoteLength));
        }

        var result = await decisions.ResolveAsync(id, transactionId, By(http), note);
        return await AnswerAsync(page, id, decisions, result, "resolved");
    }

    public static async Task<IResult> DismissAsync(string id, HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options,
        PaymentDecisionService decisions)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        var form = await http.Request.ReadFormAsync();
        var note = ConsoleEndpoints.Field(form, "note");
        if (note is null)
        {
            return await RenderAsync(page, id, decisions, null, page.T["Write a note on how the credit was handled, such as \"refunded to the payer\"."]);
        }

        if (note.Length > PaymentDecisionService.MaxNoteLength)
        {
            return await RenderAsync(page, id, decisions, null, page.Words("The note may have at most {0} characters.", PaymentDecisionService.MaxNoteLength));
        }

        var result = await decisions.DismissAsync(id, By(http), note);
        return await AnswerAsync(page, id, decisions, result, "dismissed");
    }

    /// <summary>Who decided, as the ledger records it: the signed-in console user.</summary>
    private static string By(HttpContext http) => http.User.Identity?.Name ?? "console";

    private static async Task<IResult> AnswerAsync(ConsolePage page, string id, PaymentDecisionService decisions, ResolveResult result, string done)
    {
        if (result.Status == ResolveStatus.Done)
        {
            return TypedResults.Redirect($"{Link(page.Base, id)}?done={done}");
        }

        // The resolver's sentence says exactly why (already matched, other card, amount too low); it names no secret.
        var why = result.Status switch
        {
            ResolveStatus.PaymentNotFound => page.T["No credit with this id in the ledger."],
            ResolveStatus.TransactionNotFound => page.T["No transaction with this id."],
            _ => page.Words("Refused: {0}", result.Detail ?? result.Status.ToString()),
        };
        return await RenderAsync(page, id, decisions, null, why);
    }

    private static async Task<IResult> RenderAsync(ConsolePage page, string id, PaymentDecisionService decisions, string? done, string? error)
    {
        var found = await decisions.CandidatesAsync(id);
        if (found is null)
        {
            page.Start("Credit", "Payments").Notice(page.T["No credit with this id in the ledger."], error: true);
            return ConsoleEndpoints.Html(page.End(), StatusCodes.Status404NotFound);
        }

        var p = found.Payment;
        page.Start("Credit", "Payments");
        page.Notice(done switch
        {
            "resolved" => page.T["The credit is attached to the transaction, which is confirmed; a confirm webhook follows."],
            "dismissed" => page.T["The credit is marked handled outside Paycue."],
            _ => null,
        });
        page.Notice(error, error: true);
        var status = p.Matched ? "matched" : p.Unhandled ? "unmatched" : p.Resolution!.Status;
        page.Raw("<section aria-labelledby=\"credit-h\"><h2 id=\"credit-h\" class=\"mono\">").Text(p.PaymentId).Raw("</h2><dl class=\"stats\">")
            .Raw("<div><dt>").Say("Amount").Raw("</dt><dd id=\"credit-amount\">").Text($"{page.Amount(p.AmountTiyin)} {page.T.Pay.Som}").Raw("</dd></div>")
            .Raw("<div><dt>").Say("Card").Raw("</dt><dd>").Text(p.CardId).Raw("</dd></div>")
            .Raw("<div><dt>").Say("Received").Raw("</dt><dd>").Text(page.Time(p.ReceivedAt)).Raw("</dd></div>")
            .Raw("<div><dt>").Say("Bank time").Raw("</dt><dd>").Text(page.Time(p.BankTime)).Raw("</dd></div>")
            .Raw("<div><dt>").Say("Outcome").Raw("</dt><dd>").Say(Words(p.Outcome)).Raw("</dd></div>")
            .Raw("<div><dt>").Say("Status").Raw("</dt><dd id=\"credit-status\">").Say(Words(status)).Raw("</dd></div></dl>");
        TransactionPages.BankMessage(page, p);
        if (p.Resolution is { } r)
        {
            page.Raw("<p id=\"credit-decision\">").Say("Decided by {0} at {1}", r.By, page.Time(r.At));
            if (r.Note is { } note)
            {
                page.Text(": ").Text(note);
            }

            if (r.TransactionId is { } tx)
            {
                page.Text(" ").Raw("<a class=\"mono\" href=\"").Text($"{page.Base}/transactions/{tx:D}").Raw("\">").Text(tx.ToString("D")).Raw("</a>");
            }

            page.Raw("</p>");
        }
        else if (p.TransactionId is { } paid && p.Matched)
        {
            page.Raw("<p><a class=\"mono\" href=\"").Text($"{page.Base}/transactions/{paid:D}").Raw("\">").Text(paid.ToString("D")).Raw("</a></p>");
        }

        page.Raw("</section>");
        if (!p.Unhandled)
        {
            return ConsoleEndpoints.Html(page.End(), error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
        }

        page.Raw("<section aria-labelledby=\"candidates-h\"><h2 id=\"candidates-h\">").Say("Suggested transactions").Raw("</h2><p>")
            .Say("Only a suggestion: attach the credit only to the order it really paid. The transaction is confirmed and a confirm webhook goes out.").Raw("</p><ol id=\"candidates\" class=\"candidates\">");
        if (found.Candidates.Count == 0)
        {
            page.Raw("<li>").Say("Nothing found.").Raw("</li>");
        }

        var n = 0;
        foreach (var c in found.Candidates)
        {
            n++;
            var v = c.Transaction;
            var state = TransactionMapping.StateName(v.State);
            page.Raw("<li><p><a class=\"mono\" href=\"").Text($"{page.Base}/transactions/{v.TransactionId:D}").Raw("\">").Text(v.TransactionId.ToString("D")[..8]).Raw("</a> ")
                .Text($"{page.Amount(v.AmountTiyin)} {page.T.Pay.Som}, ").Say(state).Text(", ").Say("created {0}", page.Time(v.CreatedAt));
            if (v.Order?.OrderId is { } order)
            {
                page.Text(", ").Say("order {0}", order);
            }

            page.Raw("</p><p class=\"why\">").Say("Why").Text(": ").Text(string.Join("; ", c.Reasons.Select(reason => page.T[Words(reason)])));
            if (c.DifferenceTiyin != 0)
            {
                page.Text("; ").Say("the credit differs by {0} so'm", (c.DifferenceTiyin > 0 ? "+" : "−") + page.Amount(Math.Abs(c.DifferenceTiyin)));
            }

            page.Raw("</p>");
            page.FormStart($"/payments/{Uri.EscapeDataString(p.PaymentId)}/resolve", "decide").Hidden("transaction_id", v.TransactionId.ToString("D"))
                .Field($"note-{n}", page.T["Note (optional)"], "text", extra: $"maxlength=\"{PaymentDecisionService.MaxNoteLength}\"", name: "note")
                .Raw("<button type=\"submit\">").Say("Attach to this transaction").Raw("</button></form></li>");
        }

        page.Raw("</ol></section>");

        page.Raw("<section aria-labelledby=\"manual-h\"><h2 id=\"manual-h\">").Say("Attach to another transaction").Raw("</h2>");
        page.FormStart($"/payments/{Uri.EscapeDataString(p.PaymentId)}/resolve", "decide")
            .Field("transaction_id", page.T["Transaction id"], "text", extra: "required autocomplete=\"off\" spellcheck=\"false\"")
            .Field("manual-note", page.T["Note (optional)"], "text", extra: $"maxlength=\"{PaymentDecisionService.MaxNoteLength}\"", name: "note")
            .Raw("<button type=\"submit\">").Say("Attach").Raw("</button></form></section>");

        page.Raw("<section aria-labelledby=\"dismiss-h\"><h2 id=\"dismiss-h\">").Say("Dismiss").Raw("</h2><p>")
            .Say("When the money was refunded or booked by hand: the credit leaves the queue with your note.").Raw("</p>");
        page.FormStart($"/payments/{Uri.EscapeDataString(p.PaymentId)}/dismiss", "decide")
            .Field("dismiss-note", page.T["Note (required)"], "text", extra: $"required maxlength=\"{PaymentDecisionService.MaxNoteLength}\"", name: "note")
            .Raw("<button type=\"submit\" class=\"secondary\">").Say("Dismiss the credit").Raw("</button></form></section>");
        return ConsoleEndpoints.Html(page.End(), error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
