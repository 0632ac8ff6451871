using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Paycue.Gateway.Endpoints;
using Paycue.Gateway.Services;
using Paycue.Grains.Configuration;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary><c>/console/payments</c> (the ledger and the credits that need a decision) and <c>/console/webhooks</c>.</summary>
public static class LedgerPages
{
    public const int PageSize = 50;

    /// <summary>Failed first (they need the merchant), then pending, then delivered; the webhooks list pages through them in this order.</summary>
    private static readonly WebhookStatus[] DeliveryOrder = [WebhookStatus.Failed, WebhookStatus.Pending, WebhookStatus.Delivered];

    /// <summary>
    /// The "needs a decision" queue and the ledger, newest first; <paramref name="before"/> (a <see cref="ListCursor"/>)
    /// pages the ledger back by keyset over its time index, and an older page shows the ledger alone.
    /// <paramref name="queueBefore"/> does the same for the queue: however many credits wait, every one can be reached.
    /// </summary>
    public static async Task<IResult> PaymentsAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, LedgerService ledger,
        string? before, [FromQuery(Name = "queue_before")] string? queueBefore)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        var cursor = ListCursor.Parse(before);
        var queueCursor = ListCursor.Parse(queueBefore);
        page.Start("Payments", "Payments");
        if (cursor is null)
        {
            // Every credit still waiting, however old: money that left the queue after a week would be forgotten money.
            var (unmatched, olderUnmatched) = await ListCursor.PageAsync(
                (b, n) => ledger.PaymentsAsync(PaymentFilter.Unmatched, null, b, n), p => ListCursor.Of(p.ReceivedAt, p.PaymentId), queueCursor, PageSize);
            page.Raw("<section aria-labelledby=\"decide-h\"><h2 id=\"decide-h\">").Say("Needs a decision").Raw("</h2><p>").Say("Credits that paid no transaction: refund them or honour them.").Raw("</p>");
            Table(page, unmatched, "decisions", live: queueCursor is null,
                pager: (queueCursor is null ? null : $"{page.Base}/payments#decide-h", olderUnmatched is null ? null : $"{page.Base}/payments?queue_before={Uri.EscapeDataString(olderUnmatched.ToString())}#decide-h"));
            page.Raw("</section>");
        }

        if (queueCursor is null || cursor is not null)
        {
            var (all, next) = await ListCursor.PageAsync((b, n) => ledger.PaymentsAsync(PaymentFilter.All, null, b, n), p => ListCursor.Of(p.ReceivedAt, p.PaymentId), cursor, PageSize);
            page.Raw("<section aria-labelledby=\"ledger-h\"><h2 id=\"ledger-h\">").Say("Payments ledger").Raw("</h2><p>").Say("Every credit a bank bot reported, matched or not, newest first.").Raw("</p>");
            Table(page, all, "ledger", live: cursor is null, pager: (cursor is null ? null : $"{page.Base}/payments#ledger-h", next is null ? null : $"{page.Base}/payments?before={Uri.EscapeDataString(next.ToString())}#ledger-h"));
            page.Raw("</section>");
        }

        ConsoleExports.Form(page);
        return ConsoleEndpoints.Html(page.End());
    }

    /// <summary>"Newest" and "older" links under a list, inside its live part so a refresh keeps them with the rows.</summary>
    private static void Pager(ConsolePage page, string? newest, string? older)
    {
        if (newest is null && older is null)
        {
            return;
        }

        page.Raw("<p class=\"actions\">");
        if (newest is not null)
        {
            page.Raw("<a href=\"").Text(newest).Raw("\">").Say("Newest").Raw("</a>");
        }

        if (older is not null)
        {
            page.Raw("<a rel=\"next\" href=\"").Text(older).Raw("\">").Say("Older").Raw("</a>");
        }

        page.Raw("</p>");
    }

    private static void Table(ConsolePage page, IReadOnlyList<PaymentRecord> payments, string id, bool live, (string? Newest, string? Older) pager = default)
    {
        // The newest page refreshes itself; an older one stays as it is.
        page.Raw($"<div id=\"{id}\"").Raw(live ? " data-refresh=\"10\">" : ">").Raw("<div class=\"table\">");
        if (payments.Count == 0)
        {
            page.Raw("<p>").Say("Nothing found.").Raw("</p></div>");
            Pager(page, pager.Newest, pager.Older);
            page.Raw("</div>");
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
        Pager(page, pager.Newest, pager.Older);
        page.Raw("</div>");
    }

    /// <summary>
    /// The deliveries, failed first; <paramref name="status"/> and <paramref name="before"/> (a <see cref="ListCursor"/>)
    /// say where an older page starts: in that status's index, at that row.
    /// </summary>
    public static Task<IResult> WebhooksAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, LedgerService ledger,
        string? status, string? before) =>
        RenderWebhooksAsync(http, antiforgery, assets, clock, options, ledger, secret: null,
            from: DeliveryOrder.Where(s => TransactionMapping.StatusName(s) == status).Select(s => ((WebhookStatus, ListCursor?)?)(s, ListCursor.Parse(before))).FirstOrDefault());

    /// <summary>
    /// One page of deliveries in <see cref="DeliveryOrder"/>: from <paramref name="from"/> on, through each status's
    /// time index by keyset; the place the next page starts at, when there is more.
    /// </summary>
    private static async Task<(List<DeliveryRecord> Rows, (WebhookStatus Status, ListCursor? Before)? Next)> DeliveriesPageAsync(LedgerService ledger,
        (WebhookStatus Status, ListCursor? Before) from)
    {
        var rows = new List<DeliveryRecord>();
        var first = Array.IndexOf(DeliveryOrder, from.Status);
        for (var i = first; i < DeliveryOrder.Length; i++)
        {
            var status = DeliveryOrder[i];
            if (rows.Count == PageSize)
            {
                // The page is full: the next one starts at the first status still to come that has any delivery.
                for (var j = i; j < DeliveryOrder.Length; j++)
                {
                    if ((await ledger.DeliveriesAsync(DeliveryOrder[j], null, 1)).Count > 0)
                    {
                        return (rows, (DeliveryOrder[j], null));
                    }
                }

                return (rows, null);
            }

            var (got, next) = await ListCursor.PageAsync((b, n) => ledger.DeliveriesAsync(status, b, n), d => ListCursor.Of(d.At, d.EventId),
                i == first ? from.Before : null, PageSize - rows.Count);
            rows.AddRange(got);
            if (next is not null)
            {
                return (rows, (status, next));
            }
        }

        return (rows, null);
    }


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
        LedgerService ledger, string? secret, WebhookTestResult? test = null, bool tested = false, (WebhookStatus Status, ListCursor? Before)? from = null)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);

        // Failed first: they are the ones that need the merchant.
        var (rows, next) = await DeliveriesPageAsync(ledger, from ?? (DeliveryOrder[0], null));
        page.Start("Webhooks", "Webhooks");
        TestSection(page, test, tested);
        page.Raw("<section aria-labelledby=\"deliveries-h\"><h2 id=\"deliveries-h\">").Say("Deliveries").Raw("</h2><div id=\"deliveries\"")
            .Raw(from is null ? " data-refresh=\"10\">" : ">").Raw("<div class=\"table\">");
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
                page.Raw($"<tr class=\"delivery-{status}\" data-event=\"").Text(d.EventId).Raw("\">").Cell("When").Text(page.Time(d.At)).Raw("</td>").Cell("Status").Say(status).Raw("</td>").Cell("Kind").Text(d.Action)
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

        page.Raw("</div>");
        var older = next is { } n
            ? $"{page.Base}/webhooks?status={TransactionMapping.StatusName(n.Status)}{(n.Before is { } b ? "&before=" + Uri.EscapeDataString(b.ToString()) : "")}#deliveries-h"
            : null;
        Pager(page, from is null ? null : $"{page.Base}/webhooks#deliveries-h", older);
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
