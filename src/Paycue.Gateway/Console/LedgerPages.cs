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
        // Every credit still waiting, however old: money that left the queue after a week would be forgotten money.
        var unmatched = await ledger.PaymentsAsync(PaymentFilter.Unmatched, null, null, PageSize);
        var all = await ledger.PaymentsAsync(PaymentFilter.All, null, null, PageSize);
        page.Start("Payments", "Payments");
        page.Raw("<section aria-labelledby=\"decide-h\"><h2 id=\"decide-h\">").Say("Needs a decision").Raw("</h2><p>").Say("Credits that paid no transaction: refund them or honour them.").Raw("</p>");
        Table(page, unmatched, "decisions");
        page.Raw("</section><section aria-labelledby=\"ledger-h\"><h2 id=\"ledger-h\">").Say("Payments ledger").Raw("</h2><p>").Say("Every credit a bank bot reported, matched or not, newest first.").Raw("</p>");
        Table(page, all, "ledger");
        page.Raw("</section>");
        ConsoleExports.Form(page);
        return ConsoleEndpoints.Html(page.End());
    }

    private static void Table(ConsolePage page, IReadOnlyList<PaymentRecord> payments, string id)
    {
        page.Raw($"<div id=\"{id}\" class=\"table\" data-refresh=\"10\">");
        if (payments.Count == 0)
        {
            page.Raw("<p>").Say("Nothing found.").Raw("</p></div>");
            return;
        }

        page.Raw("<table class=\"rows\"><thead><tr><th scope=\"col\">").Say("Received").Raw("</th><th scope=\"col\" class=\"num\">").Say("Amount").Raw("</th><th scope=\"col\">")
            .Say("Card").Raw("</th><th scope=\"col\">").Say("Outcome").Raw("</th><th scope=\"col\">").Say("Transaction").Raw("</th><th scope=\"col\">").Say("Credit").Raw("</th></tr></thead><tbody>");
        foreach (var p in payments)
        {
            page.Raw("<tr>").Cell("Received").Text(page.Time(p.ReceivedAt)).Raw("</td>").Cell("Amount", "num").Text(page.Amount(p.AmountTiyin)).Raw("</td>").Cell("Card").Text(p.CardId)
                .Raw("</td>").Cell("Outcome").Say(DecisionPages.Words(p.Outcome)).Raw("</td>").Cell("Transaction");
            if (p.TransactionId is { } tx)
            {
                page.Raw("<a class=\"mono\" href=\"").Text($"{page.Base}/transactions/{tx:D}").Raw("\">").Text(tx.ToString("D")[..8]).Raw("</a>");
            }

            // The queue's way in: the credit's page with its suggestions and the decisions.
            page.Raw("</td>").Cell("Credit").Raw("<a href=\"").Text(DecisionPages.Link(page.Base, p.PaymentId)).Raw("\">")
                .Say(p.Unhandled ? "Decide" : "Details").Raw("</a></td></tr>");
        }

        page.Raw("</tbody></table></div>");
    }

    public static Task<IResult> WebhooksAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, LedgerService ledger) =>
        RenderWebhooksAsync(http, antiforgery, assets, clock, options, ledger, secret: null);

    /// <summary>"Send a test webhook": one signed test to WEBHOOK_URL, and the receiver's answer shown on the page.</summary>
    public static async Task<IResult> TestAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, LedgerService ledger) =>
        await RenderWebhooksAsync(http, antiforgery, assets, clock, options, ledger, secret: null, test: await ledger.SendTestWebhookAsync(), tested: true);

    /// <summary>The "reveal" click: a post, so the secret is never in a URL, a history entry or a referrer.</summary>
    public static async Task<IResult> RevealAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, LedgerService ledger) =>
        await RenderWebhooksAsync(http, antiforgery, assets, clock, options, ledger, await ledger.SecretAsync());

    private static void TestSection(ConsolePage page, WebhookTestResult? test, bool tested)
    {
        page.Raw("<section aria-labelledby=\"test-h\"><h2 id=\"test-h\">").Say("Test webhook").Raw("</h2>");
        if (page.Options.WebhookUrl is null)
        {
            page.Raw("<p>").Say("WEBHOOK_URL is not set, so there is nowhere to send a test; set it in .env to your backend's webhook address and restart Paycue.").Raw("</p></section>");
            return;
        }

        page.Raw("<p>").Say("Sends one signed webhook {{\"action\": \"test\"}} to {0} and shows what your backend answered.", page.Options.WebhookUrl.GetLeftPart(UriPartial.Path)).Raw("</p>");
        if (tested && test is { } t)
        {
            var a = t.Attempt;
            page.Raw($"<div id=\"test-result\" role=\"status\" class=\"{(a.Succeeded ? "notice" : "error")}\"><p id=\"test-verdict\">")
                .Say(a.Succeeded ? "Your backend accepted the test webhook." : "Your backend did not accept the test webhook.").Raw("</p><dl class=\"stats\">")
                .Raw("<div><dt>").Say("Status").Raw("</dt><dd id=\"test-status\">").Text(a.HttpStatus is { } code ? $"HTTP {code}" : page.T["no answer"]).Raw("</dd></div>")
                .Raw("<div><dt>").Say("Latency").Raw("</dt><dd id=\"test-latency\">").Text($"{a.LatencyMs} ms").Raw("</dd></div></dl>");
            if (a.Error is { } error)
            {
                page.Raw("<p id=\"test-error\">").Text(error).Raw("</p>");
            }

            if (a.ResponseExcerpt is { Length: > 0 } body)
            {
                page.Raw("<p>").Say("The answer's first bytes:").Raw("</p><pre id=\"test-answer\" class=\"mono wrap\">").Text(body).Raw("</pre>");
            }

            page.Raw("</div>");
        }

        page.ButtonForm("/webhooks/test", page.T["Send a test webhook"], "secondary").Raw("</section>");
    }

    private static async Task<IResult> RenderWebhooksAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options,
        LedgerService ledger, string? secret, WebhookTestResult? test = null, bool tested = false)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);

        // Failed first: they are the ones that need the merchant.
        var failed = await ledger.DeliveriesAsync(WebhookStatus.Failed, null, PageSize);
        var pending = await ledger.DeliveriesAsync(WebhookStatus.Pending, null, PageSize);
        var delivered = await ledger.DeliveriesAsync(WebhookStatus.Delivered, null, PageSize);
        page.Start("Webhooks", "Webhooks");
        TestSection(page, test, tested);
        page.Raw("<section aria-labelledby=\"deliveries-h\"><h2 id=\"deliveries-h\">").Say("Deliveries").Raw("</h2><div id=\"deliveries\" class=\"table\" data-refresh=\"10\">");
        var rows = failed.Concat(pending).Concat(delivered).ToList();
        if (rows.Count == 0)
        {
            page.Raw("<p>").Say("Nothing found.").Raw("</p>");
        }
        else
        {
            page.Raw("<table class=\"rows\"><thead><tr><th scope=\"col\">").Say("When").Raw("</th><th scope=\"col\">").Say("Status").Raw("</th><th scope=\"col\">").Say("Kind")
                .Raw("</th><th scope=\"col\" class=\"num\">").Say("Attempts").Raw("</th><th scope=\"col\">").Say("Last answer").Raw("</th><th scope=\"col\">").Say("Transaction").Raw("</th></tr></thead><tbody>");
            foreach (var d in rows)
            {
                var status = TransactionMapping.StatusName(d.Status);
                page.Raw($"<tr class=\"delivery-{status}\">").Cell("When").Text(page.Time(d.At)).Raw("</td>").Cell("Status").Say(status).Raw("</td>").Cell("Kind").Text(d.Action)
                    .Raw("</td>").Cell("Attempts", "num").Text(d.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("</td>").Cell("Last answer")
                    .Text(d.LastHttpStatus is { } code ? $"HTTP {code}" : d.LastError ?? "").Raw("</td>").Cell("Transaction");
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
