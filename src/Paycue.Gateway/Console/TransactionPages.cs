using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Paycue.Gateway.Endpoints;
using Paycue.Gateway.Http;
using Paycue.Gateway.Services;
using Paycue.Grains.Configuration;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>
/// A place in the close index: the close time in Unix milliseconds (the index's score) and the id (<c>N</c> format),
/// which the index orders descending within one millisecond.
/// </summary>
public sealed record ClosedCursor(long Ms, string Id)
{
    /// <summary>
    /// The index's exclusive upper bound: it still includes the rest of this millisecond, unless <see cref="Id"/> is
    /// empty (past the whole millisecond).
    /// </summary>
    public DateTimeOffset Before => DateTimeOffset.FromUnixTimeMilliseconds(Id.Length == 0 ? Ms : Ms + 1);

    public static ClosedCursor Of(TransactionView view) =>
        new(TransactionService.ClosedAt(view)!.Value.ToUnixTimeMilliseconds(), view.TransactionId.ToString("N"));

    /// <summary>Comes after <paramref name="cursor"/> in newest-first order.</summary>
    public bool IsOlderThan(ClosedCursor cursor) => Ms < cursor.Ms || (Ms == cursor.Ms && string.CompareOrdinal(Id, cursor.Id) < 0 && cursor.Id.Length > 0);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Ms}-{Id}");

    public static ClosedCursor? Parse(string? text)
    {
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        return dash > 0 && long.TryParse(text![..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && text[(dash + 1)..] is var id && (id.Length == 0 || (id.Length == 32 && id.All(char.IsAsciiHexDigitLower)))
            ? new ClosedCursor(ms, id)
            : null;
    }
}

/// <summary><c>/console/transactions</c>: the list with filters and keyset paging, and one transaction's page.</summary>
public static class TransactionPages
{
    public const int PageSize = 25;

    /// <summary>Closed rows a page may scan for its filters before it offers "older" instead of scanning on.</summary>
    public const int ScanBudget = 2_000;
    private const int Batch = 200;

    public static async Task<IResult> ListAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options,
        TransactionService transactions, CardService cards,
        string? state, string? card, string? from, string? to, string? amount, string? q, string? before, string? order = null)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        string? problem = null;

        // The search box: a transaction id opens its page; an order id (the shop's own, which may look like a
        // number) lists that order's transactions; otherwise an amount filters by it.
        IReadOnlyList<TransactionView>? byOrder = null;
        order = order?.Trim() is { Length: > 0 } o ? o : null;
        if (order is not null && !OrderFields.IsValidOrderId(order, out _))
        {
            problem = page.Words("An order id has 1 to {0} characters and no line breaks.", OrderDetails.MaxOrderIdLength);
            order = null;
        }

        if (q is { Length: > 0 })
        {
            q = q.Trim();
            if (Guid.TryParse(q, out var searched))
            {
                if (await transactions.GetAsync(searched) is not null)
                {
                    return ConsoleEndpoints.SeeOther(http, $"/transactions/{searched:D}");
                }

                problem = page.T["No transaction with this id."];
            }
            else if (OrderFields.IsValidOrderId(q, out _) && await transactions.ByOrderIdAsync(q, PageSize) is { Count: > 0 } found)
            {
                order = q;
                byOrder = found;
            }
            else if (ParseSom(q) is not null)
            {
                amount = q;
            }
            else
            {
                problem = page.T["No transaction has this order id. Write a transaction id (like 622ea789-5b4c-4e6a-a76b-415ac144eb34), an order id or an amount in so'm."];
            }
        }

        var amountTiyin = ParseSom(amount);
        var wanted = state is "active" or "confirmed" or "cancelled" ? state : null;
        var fromTime = clock.ParseDay(from);
        var toTime = clock.ParseDay(to)?.AddDays(1);
        var cursor = ClosedCursor.Parse(before);

        bool Matches(TransactionView v) =>
            (card is not { Length: > 0 } || v.CardId == card)
            && (amountTiyin is null || v.AmountTiyin == amountTiyin || v.RequestedTiyin == amountTiyin)
            && (fromTime is null || v.CreatedAt >= fromTime)
            && (toTime is null || v.CreatedAt < toTime);

        var rows = new List<TransactionView>();
        if (order is not null)
        {
            // One order's transactions (a retried order may have an expired one and a paid one): one short list.
            byOrder ??= await transactions.ByOrderIdAsync(order, PageSize);
            rows.AddRange(byOrder.Where(v => (wanted is null || TransactionMapping.StateName(v.State) == wanted) && Matches(v)));
        }
        else if (cursor is null && wanted is null or "active")
        {
            rows.AddRange((await transactions.ActiveAsync(PageSize * 4)).Where(Matches));
        }

        // Closed ones: keyset pages of the close index, newest close first. The cursor is the last row scanned (its
        // close millisecond, the index's score, and its id, which orders rows of the same millisecond), so the next
        // page starts exactly where this one stopped, however many rows there are.
        ClosedCursor? next = null;
        if (wanted is not "active" && order is null)
        {
            var scanned = 0;
            var position = cursor;
            var more = true;
            while (more && rows.Count < PageSize && scanned < ScanBudget)
            {
                var batch = await transactions.ClosedAsync(position?.Before, Batch);
                var fresh = batch.Select(v => (View: v, Key: ClosedCursor.Of(v))).Where(r => position is null || r.Key.IsOlderThan(position))
                    .OrderByDescending(r => r.Key.Ms).ThenByDescending(r => r.Key.Id, StringComparer.Ordinal).ToList();
                more = batch.Count == Batch;
                if (fresh.Count == 0 && more)
                {
                    // A whole batch of one millisecond (hundreds of closes at once): step past that millisecond.
                    position = new ClosedCursor(position!.Ms, "");
                    continue;
                }

                foreach (var (view, key) in fresh)
                {
                    scanned++;
                    position = key;
                    if ((wanted is null || TransactionMapping.StateName(view.State) == wanted) && Matches(view))
                    {
                        rows.Add(view);
                        if (rows.Count == PageSize)
                        {
                            break;
                        }
                    }
                }

                // Closed before the period starts: nothing older can have been created in it.
                if (fromTime is not null && position is not null && position.Ms < fromTime.Value.ToUnixTimeMilliseconds())
                {
                    more = false;
                }
            }

            next = more || (rows.Count == PageSize && position is not null) ? position : null;
        }

        var cardList = await cards.ListAsync();
        page.Start("Transactions", "Transactions");
        page.Notice(problem, error: true);
        page.Raw("<section aria-labelledby=\"filter-h\"><h2 id=\"filter-h\">").Say("Filter").Raw("</h2>")
            .Raw($"<form method=\"get\" action=\"{ConsolePage.E(page.Base + "/transactions")}\" class=\"filters\" role=\"search\">")
            .Raw("<div class=\"field\"><label for=\"q\">").Say("Search by transaction id, order id or amount").Raw("</label>")
            .Raw("<input id=\"q\" name=\"q\" type=\"search\" value=\"").Text(q).Raw("\"></div>")
            .Raw("<div class=\"field\"><label for=\"state\">").Say("State").Raw("</label><select id=\"state\" name=\"state\">");
        foreach (var s in new[] { "", "active", "confirmed", "cancelled" })
        {
            page.Raw($"<option value=\"{s}\"{(s == (wanted ?? "") ? " selected" : "")}>").Say(s.Length == 0 ? "All" : s).Raw("</option>");
        }

        page.Raw("</select></div><div class=\"field\"><label for=\"card\">").Say("Card").Raw("</label><select id=\"card\" name=\"card\"><option value=\"\">").Say("Any card").Raw("</option>");
        foreach (var c in cardList)
        {
            page.Raw("<option value=\"").Text(c.Spec.CardId).Raw(c.Spec.CardId == card ? "\" selected>" : "\">").Text(c.Spec.CardId).Raw("</option>");
        }

        page.Raw("</select></div>")
            .Field("from", page.T["From"], "date", from)
            .Field("to", page.T["To"], "date", to)
            .Field("amount", page.T["Amount, so'm"], "text", amountTiyin is null ? null : amount, "inputmode=\"decimal\"")
            .Field("order", page.T["Order id"], "text", order, $"maxlength=\"{OrderDetails.MaxOrderIdLength}\" autocomplete=\"off\"")
            .Raw("<div class=\"field\"><button type=\"submit\">").Say("Search").Raw("</button></div></form></section>");

        // The newest page refreshes itself (the script swaps #list, pager included, so "older" follows what is shown).
        page.Raw("<section aria-labelledby=\"list-h\"><h2 id=\"list-h\">").Say("Transactions").Raw("</h2><div id=\"list\"")
            .Raw(cursor is null ? " data-refresh=\"10\">" : ">").Raw("<div class=\"table\">");
        if (rows.Count == 0)
        {
            page.Raw("<p>").Say("Nothing found.").Raw("</p>");
        }
        else
        {
            page.Raw("<table class=\"rows\"><thead><tr><th scope=\"col\">").Say("Created").Raw("</th><th scope=\"col\" class=\"num\">").Say("Amount")
                .Raw("</th><th scope=\"col\">").Say("State").Raw("</th><th scope=\"col\">").Say("Card").Raw("</th><th scope=\"col\">").Say("Order id").Raw("</th></tr></thead><tbody>");
            foreach (var v in rows)
            {
                var name = TransactionMapping.StateName(v.State);
                page.Raw("<tr>").Cell("Created").Raw("<a href=\"").Text($"{page.Base}/transactions/{v.TransactionId:D}").Raw("\">").Text(page.Time(v.CreatedAt)).Raw("</a></td>")
                    .Cell("Amount", "num").Text(page.Amount(v.AmountTiyin)).Raw("</td>").Cell("State", $"state-{name}").Say(name).Raw("</td>").Cell("Card").Text(v.CardId)
                    .Raw("</td>").Cell("Order id", "mono").Text(v.Order?.OrderId).Raw("</td></tr>");
            }

            page.Raw("</tbody></table>");
        }

        page.Raw("</div><p class=\"actions\">");
        if (cursor is not null)
        {
            page.Raw("<a href=\"").Text(Link(page, http, null)).Raw("\">").Say("Newest").Raw("</a>");
        }

        if (next is { } older)
        {
            page.Raw("<a rel=\"next\" href=\"").Text(Link(page, http, older)).Raw("\">").Say("Older").Raw("</a>");
        }

        page.Raw("</p></div></section>");
        return ConsoleEndpoints.Html(page.End());
    }

    /// <summary>So'm as a person types them (<c>20 000</c>, <c>20000,50</c>) in integer tiyin; null when not an amount.</summary>
    public static long? ParseSom(string? text) =>
        text is { Length: > 0 } && Money.TryParseSom(text.Replace(" ", "", StringComparison.Ordinal).Replace(',', '.'), wholeSomOnly: false, out var tiyin, out _) ? tiyin : null;

    /// <summary>This list's URL with every filter kept and <c>before</c> set to the next page's cursor.</summary>
    private static string Link(ConsolePage page, HttpContext http, ClosedCursor? before)
    {
        var query = http.Request.Query.Where(p => p.Key is not "before" and not "q")
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value.ToString())}").ToList();
        if (before is { } b)
        {
            query.Add($"before={b}");
        }

        return $"{page.Base}/transactions{(query.Count == 0 ? "" : "?" + string.Join('&', query))}";
    }

    public static async Task<IResult> ShowAsync(string id, HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options,
        TransactionService transactions, LedgerService ledger, string? done)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        var view = Guid.TryParseExact(id, "D", out var transactionId) ? await transactions.GetAsync(transactionId) : null;
        if (view is null)
        {
            page.Start("Transaction", "Transactions").Notice(page.T["No transaction with this id."], error: true);
            return ConsoleEndpoints.Html(page.End(), StatusCodes.Status404NotFound);
        }

        var state = TransactionMapping.StateName(view.State);
        var payUrl = $"{PayUrls.BaseUrl(options, http.Request)}/pay/{view.TransactionId:D}";
        page.Start("Transaction", "Transactions");
        page.Notice(done switch
        {
            "cancelled" => page.T["The transaction is cancelled; a cancel webhook follows."],
            "closed" => page.T["The transaction was already closed; nothing changed."],
            "resent" => page.T["The webhook is being sent again with the same event id."],
            "active" => page.T["The transaction is still active, so it has no webhook to send yet."],
            _ => null,
        });
        page.Raw("<section aria-labelledby=\"tx-h\"><h2 id=\"tx-h\" class=\"mono\">").Text(view.TransactionId.ToString("D")).Raw("</h2><dl class=\"stats\">")
            .Raw("<div><dt>").Say("State").Raw($"</dt><dd id=\"tx-state\" class=\"state-{state}\">").Say(state).Raw("</dd></div>")
            .Raw("<div><dt>").Say("Amount").Raw("</dt><dd id=\"tx-amount\">").Text($"{page.Amount(view.AmountTiyin)} {page.T.Pay.Som}").Raw("</dd></div>")
            .Raw("<div><dt>").Say("Requested amount").Raw("</dt><dd>").Text($"{page.Amount(view.RequestedTiyin)} {page.T.Pay.Som}").Raw("</dd></div>")
            .Raw("<div><dt>").Say("Card").Raw("</dt><dd>").Text($"{view.CardId} ••{view.CardLast4}").Raw("</dd></div>")
            .Raw("<div><dt>").Say("Expires").Raw("</dt><dd>").Text(page.Time(view.ExpiresAt)).Raw("</dd></div>");
        if (view.Order is { } shop)
        {
            // The shop's own references, as text only: a return URL is shown, never followed from here.
            page.Raw("<div><dt>").Say("Order id").Raw("</dt><dd id=\"tx-order\" class=\"mono\">").Text(shop.OrderId ?? "—").Raw("</dd></div>");
            if (shop.ReturnUrl is { } back)
            {
                page.Raw("<div><dt>").Say("Return link").Raw("</dt><dd class=\"mono wrap\">").Text(back).Raw("</dd></div>");
            }
        }

        page.Raw("</dl>");
        if (view.Order?.MetadataJson is { } metadata)
        {
            page.Raw("<h3>").Say("Metadata").Raw("</h3><pre id=\"tx-metadata\" class=\"mono wrap\">").Text(Readable(metadata)).Raw("</pre>");
        }

        page.Raw("<div class=\"field\"><label for=\"pay-link\">").Say("Pay link").Raw("</label><input id=\"pay-link\" readonly value=\"").Text(payUrl).Raw("\"></div>")
            .Raw("<div class=\"actions\"><button type=\"button\" class=\"secondary\" data-copy=\"").Text(payUrl).Raw("\" data-done=\"").Text(page.T["Copied"]).Raw("\">")
            .Say("Copy the pay link").Raw("</button>");
        if (view.State == TransactionState.Active)
        {
            page.ButtonForm($"/transactions/{view.TransactionId:D}/cancel", page.T["Cancel the transaction"], "danger");
        }
        else
        {
            page.ButtonForm($"/transactions/{view.TransactionId:D}/resend", page.T["Send the webhook again"]);
        }

        page.Raw("</div></section>");
        Timeline(page, view, view.Payment is { } paid ? await ledger.PaymentOfAsync(paid) : null);
        return ConsoleEndpoints.Html(page.End());
    }

    /// <summary>
    /// Stored metadata (JSON with &lt; and non-ASCII escaped) indented with its characters as they are, for a person;
    /// the page encodes it like any other text.
    /// </summary>
    private static string Readable(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return System.Text.Json.JsonSerializer.Serialize(document.RootElement,
                new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }

    private static void Timeline(ConsolePage page, TransactionView view, PaymentRecord? credit)
    {
        var events = new List<(DateTimeOffset At, string Text)>
        {
            (view.CreatedAt, page.Words("Created, waiting for {0} so'm until {1}", page.Amount(view.AmountTiyin), page.Time(view.ExpiresAt))),
        };
        if (view.PayPageOpenedAt is { } opened)
        {
            events.Add((opened, page.T["The payer opened the pay page"]));
        }

        string? creditText = null;
        if (view.Payment is { } paid)
        {
            creditText = page.Words("Credit received: {0} so'm, bank message {1}, dated {2}", page.Amount(paid.AmountTiyin), paid.MessageId, page.Time(paid.PaidAt));
            events.Add((paid.PaidAt, creditText));
        }

        if (view.ConfirmedAt is { } confirmed)
        {
            events.Add((confirmed, page.T["Confirmed"]));
        }

        if (view.CancelledAt is { } cancelled)
        {
            events.Add((cancelled, page.Words("Cancelled: {0}", view.CancelReason ?? "")));
        }

        foreach (var webhook in view.Webhooks)
        {
            var number = 0;
            foreach (var attempt in webhook.Log)
            {
                number++;
                var answer = attempt.HttpStatus is { } status ? $"HTTP {status}" : attempt.Error ?? page.T["no answer"];
                events.Add((attempt.At, page.Words("Webhook {0} attempt {1}: {2}, {3} ms", webhook.Action, number, answer, attempt.LatencyMs)));
            }

            if (webhook.NextAttemptAt is { } nextAt)
            {
                events.Add((nextAt, page.Words("Webhook {0}: {1}, next attempt at {2}", webhook.Action, page.T[TransactionMapping.StatusName(webhook.Status)], page.Time(nextAt))));
            }
        }

        page.Raw("<section aria-labelledby=\"timeline-h\"><h2 id=\"timeline-h\">").Say("Timeline").Raw("</h2><ol id=\"timeline\" class=\"timeline\">");
        foreach (var (at, text) in events.OrderBy(e => e.At))
        {
            page.Raw("<li><time datetime=\"").Text(at.ToString("O", CultureInfo.InvariantCulture)).Raw("\">").Text(page.Time(at)).Raw("</time> ").Text(text);
            if (creditText is not null && ReferenceEquals(text, creditText))
            {
                BankMessage(page, credit);
            }

            page.Raw("</li>");
        }

        page.Raw("</ol></section>");
    }

    /// <summary>
    /// The bank bot's message as it arrived, as text in a block that keeps its lines and wraps at any width; nothing
    /// when the ledger row has none (written before texts were kept, or dropped by retention).
    /// </summary>
    public static void BankMessage(ConsolePage page, PaymentRecord? credit)
    {
        if (credit?.MessageText is { Length: > 0 } text)
        {
            page.Raw("<pre class=\"mono wrap bank-message\" aria-label=\"").Text(page.T["Bank message"]).Raw("\">").Text(text).Raw("</pre>");
        }
    }

    public static async Task<IResult> CancelAsync(string id, HttpContext http, TransactionService transactions)
    {
        if (!Guid.TryParseExact(id, "D", out var transactionId))
        {
            return TypedResults.NotFound();
        }

        var (outcome, _) = await transactions.CancelAsync(transactionId);
        return ConsoleEndpoints.SeeOther(http, $"/transactions/{transactionId:D}?done={(outcome == CancelOutcome.AlreadyClosed ? "closed" : "cancelled")}");
    }

    public static async Task<IResult> ResendAsync(string id, HttpContext http, TransactionService transactions)
    {
        if (!Guid.TryParseExact(id, "D", out var transactionId))
        {
            return TypedResults.NotFound();
        }

        var (found, sent, _) = await transactions.RedeliverAsync(transactionId);
        return !found ? TypedResults.NotFound() : ConsoleEndpoints.SeeOther(http, $"/transactions/{transactionId:D}?done={(sent ? "resent" : "active")}");
    }
}
