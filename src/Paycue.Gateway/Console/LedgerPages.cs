using Microsoft.AspNetCore.Antiforgery;
using Paycue.Gateway.Endpoints;
using Paycue.Gateway.Services;
using Paycue.Grains.Configuration;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary><c>/console/payments</c> (the ledger and the credits that need a decision) and <c>/console/webhooks</c>.</summary>
public static class LedgerPages
{
    private const int PageSize = 50;

    public static async Task<IResult> PaymentsAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, LedgerService ledger)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        var unmatched = await ledger.PaymentsAsync(PaymentFilter.Unmatched, clock.DayStart(6), null, PageSize);
        var all = await ledger.PaymentsAsync(PaymentFilter.All, null, null, PageSize);
        page.Start("Payments", "Payments");
        page.Raw("<section aria-labelledby=\"decide-h\"><h2 id=\"decide-h\">").Say("Needs a decision").Raw("</h2><p>").Say("Credits that paid no transaction: refund them or honour them.").Raw("</p>");
        Table(page, unmatched, "decisions");
        page.Raw("</section><section aria-labelledby=\"ledger-h\"><h2 id=\"ledger-h\">").Say("Payments ledger").Raw("</h2><p>").Say("Every credit a bank bot reported, matched or not, newest first.").Raw("</p>");
        Table(page, all, "ledger");
        page.Raw("</section>");
        return ConsoleEndpoints.Html(page.End());
    }

    private static void Table(ConsolePage page, IReadOnlyList<PaymentRecord> payments, string id)
    {
        page.Raw($"<div id=\"{id}\" class=\"table\">");
        if (payments.Count == 0)
        {
            page.Raw("<p>").Say("Nothing found.").Raw("</p></div>");
            return;
        }

        page.Raw("<table><thead><tr><th scope=\"col\">").Say("Received").Raw("</th><th scope=\"col\" class=\"num\">").Say("Amount").Raw("</th><th scope=\"col\">")
            .Say("Card").Raw("</th><th scope=\"col\">").Say("Outcome").Raw("</th><th scope=\"col\">").Say("Transaction").Raw("</th></tr></thead><tbody>");
        foreach (var p in payments)
        {
            page.Raw("<tr><td>").Text(page.Time(p.ReceivedAt)).Raw("</td><td class=\"num\">").Text(page.Amount(p.AmountTiyin)).Raw("</td><td>").Text(p.CardId)
                .Raw("</td><td>").Text(p.Outcome).Raw("</td><td>");
            if (p.TransactionId is { } tx)
            {
                page.Raw("<a class=\"mono\" href=\"").Text($"{page.Base}/transactions/{tx:D}").Raw("\">").Text(tx.ToString("D")[..8]).Raw("</a>");
            }

            page.Raw("</td></tr>");
        }

        page.Raw("</tbody></table></div>");
    }

    public static Task<IResult> WebhooksAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, LedgerService ledger) =>
        RenderWebhooksAsync(http, antiforgery, assets, clock, options, ledger, secret: null);

    /// <summary>The "reveal" click: a post, so the secret is never in a URL, a history entry or a referrer.</summary>
    public static async Task<IResult> RevealAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, LedgerService ledger) =>
        await RenderWebhooksAsync(http, antiforgery, assets, clock, options, ledger, await ledger.SecretAsync());

    private static async Task<IResult> RenderWebhooksAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options,
        LedgerService ledger, string? secret)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);

        // Failed first: they are the ones that need the merchant.
        var failed = await ledger.DeliveriesAsync(WebhookStatus.Failed, null, PageSize);
        var pending = await ledger.DeliveriesAsync(WebhookStatus.Pending, null, PageSize);
        var delivered = await ledger.DeliveriesAsync(WebhookStatus.Delivered, null, PageSize);
        page.Start("Webhooks", "Webhooks");
        page.Raw("<section aria-labelledby=\"deliveries-h\"><h2 id=\"deliveries-h\">").Say("Deliveries").Raw("</h2><div id=\"deliveries\" class=\"table\">");
        var rows = failed.Concat(pending).Concat(delivered).ToList();
        if (rows.Count == 0)
        {
            page.Raw("<p>").Say("Nothing found.").Raw("</p>");
        }
        else
        {
            page.Raw("<table><thead><tr><th scope=\"col\">").Say("When").Raw("</th><th scope=\"col\">").Say("Status").Raw("</th><th scope=\"col\">").Say("Kind")
                .Raw("</th><th scope=\"col\" class=\"num\">").Say("Attempts").Raw("</th><th scope=\"col\">").Say("Last answer").Raw("</th><th scope=\"col\">").Say("Transaction").Raw("</th></tr></thead><tbody>");
            foreach (var d in rows)
            {
                var status = TransactionMapping.StatusName(d.Status);
                page.Raw($"<tr class=\"delivery-{status}\"><td>").Text(page.Time(d.At)).Raw("</td><td>").Say(status).Raw("</td><td>").Text(d.Action)
                    .Raw("</td><td class=\"num\">").Text(d.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("</td><td>")
                    .Text(d.LastHttpStatus is { } code ? $"HTTP {code}" : d.LastError ?? "").Raw("</td><td>");
                if (Guid.TryParseExact(d.OwnerId, "D", out var tx))
                {
                    page.Raw("<a class=\"mono\" href=\"").Text($"{page.Base}/transactions/{tx:D}").Raw("\">").Text(d.OwnerId[..8]).Raw("</a> ");
                    if (d.Status != WebhookStatus.Pending)
                    {
                        page.ButtonForm($"/transactions/{tx:D}/resend", page.T["Resend"], "secondary");
                    }
                }
                else
                {
                    page.Text(d.OwnerId);
                }

                page.Raw("</td></tr>");
            }

            page.Raw("</tbody></table>");
        }

        page.Raw("</div></section><section aria-labelledby=\"secret-h\"><h2 id=\"secret-h\">").Say("Signing secret").Raw("</h2>");
        if (secret is null)
        {
            page.Raw("<p>").Say("Hidden. Anyone who sees it can forge webhooks; reveal it only where nobody looks over your shoulder.").Raw("</p>")
                .ButtonForm("/webhooks/reveal", page.T["Reveal the secret"], "secondary");
        }
        else
        {
            page.Raw("<p id=\"secret\" class=\"mono\">").Text(secret).Raw("</p>");
        }

        page.Raw("</section>");
        return ConsoleEndpoints.Html(page.End());
    }
}
