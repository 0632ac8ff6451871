using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Paycue.Gateway.PayPage;

/// <summary>
/// Renders the pay page and its 404 page on the server, in the payer's language. The script only updates what the
/// server already rendered, so the page is complete and correct even before (or without) it runs.
/// </summary>
public static class PayPageHtml
{
    private static readonly TimeSpan Tashkent = TimeSpan.FromHours(5);

    // Every dynamic value is encoded; all of Unicode stays readable so Cyrillic text is not inflated into entities.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(PayView view, string apiUrl, PayTexts t, PayAssets assets, string pathBase)
    {
        var state = view.PageState;
        var html = Head(t, $"{t.Title}: {view.AmountText} {t.Som}", assets, pathBase);
        html.Append("<body class=\"state-").Append(state)
            .Append("\" data-api=\"").Append(E(apiUrl))
            .Append("\" data-seconds-left=\"").Append(view.SecondsLeft.ToString(CultureInfo.InvariantCulture))
            .Append("\" data-final=\"").Append(view.State == "active" ? "false" : "true").Append("\">\n<main>\n");
        Languages(html, t);
        html.Append("<h1>").Append(E(t.Title)).Append("</h1>\n");

        // The live region: screen readers hear each state change once, without the page moving focus.
        html.Append("<p id=\"state\" class=\"state\" role=\"status\" aria-live=\"polite\"")
            .Append(" data-active=\"").Append(E(t.StateActive))
            .Append("\" data-confirmed=\"").Append(E(t.StateConfirmed))
            .Append("\" data-expired=\"").Append(E(t.StateExpired))
            .Append("\" data-checking=\"").Append(E(t.StateChecking))
            .Append("\" data-cancelled=\"").Append(E(t.StateCancelled)).Append("\">")
            .Append(E(StateText(state, t))).Append("</p>\n");

        html.Append("<div id=\"pay\" class=\"pay\">\n");
        Amount(html, view, t);
        if (view.SecondsLeft > 0)
        {
            Card(html, view, t);
        }

        Countdown(html, view, t);
        html.Append("</div>\n");

        // The merchant's return_url, and nothing else from it: a plain link, attribute-encoded, no referrer or opener.
        // The stylesheet shows it only once paid or expired (the state class changes live, so it appears then).
        if (view.ReturnUrl is { } back)
        {
            html.Append("<p class=\"back\"><a id=\"back\" class=\"button\" rel=\"noopener noreferrer\" href=\"").Append(E(back)).Append("\">")
                .Append(E(t.BackToShop)).Append("</a></p>\n");
        }

        html.Append("<p id=\"announce\" class=\"sr-only\" aria-live=\"polite\"></p>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static string RenderNotFound(PayTexts t, PayAssets assets, string pathBase)
    {
        var html = Head(t, t.NotFoundTitle, assets, pathBase);
        html.Append("<body class=\"state-missing\">\n<main>\n");
        Languages(html, t);
        html.Append("<h1>").Append(E(t.NotFoundTitle)).Append("</h1>\n")
            .Append("<p class=\"state\">").Append(E(t.NotFoundText)).Append("</p>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static string StateText(string pageState, PayTexts t) => pageState switch
    {
        "confirmed" => t.StateConfirmed,
        "expired" => t.StateExpired,
        "checking" => t.StateChecking,
        "cancelled" => t.StateCancelled,
        _ => t.StateActive,
    };

    /// <summary>Seconds as the countdown shows them: <c>29:59</c>, or <c>1:00:00</c> from an hour up.</summary>
    public static string Clock(long seconds)
    {
        var hours = seconds / 3600;
        var minutes = seconds / 60 % 60;
        var rest = seconds % 60;
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}:{minutes:00}:{rest:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes:00}:{rest:00}");
    }

    private static StringBuilder Head(PayTexts t, string title, PayAssets assets, string pathBase) =>
        new StringBuilder(6 * 1024)
            .Append("<!doctype html>\n<html lang=\"").Append(t.HtmlLang).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"robots\" content=\"noindex\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n")

            // An empty icon: browsers otherwise ask for /favicon.ico, a request that can only fail.
            .Append("<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(E(assets.Url(pathBase, "pay.css"))).Append("\">\n")
            .Append("<script src=\"").Append(E(assets.Url(pathBase, "pay.js"))).Append("\" defer></script>\n")
            .Append("</head>\n");

    private static void Languages(StringBuilder html, PayTexts current)
    {
        html.Append("<nav class=\"langs\" aria-label=\"").Append(E(current.LanguagesLabel)).Append("\">");
        foreach (var t in PayTexts.All)
        {
            html.Append("<a href=\"?lang=").Append(t.Code).Append("\" lang=\"").Append(t.HtmlLang).Append('"')
                .Append(t == current ? " aria-current=\"page\"" : "").Append('>').Append(E(t.LanguageName)).Append("</a>");
        }

        html.Append("</nav>\n");
    }

    private static void Amount(StringBuilder html, PayView view, PayTexts t)
    {
        var comma = view.AmountText.IndexOf(',', StringComparison.Ordinal);
        var som = comma < 0 ? view.AmountText : view.AmountText[..comma];
        html.Append("<section aria-labelledby=\"amount-label\">\n<h2 id=\"amount-label\">").Append(E(t.AmountLabel)).Append("</h2>\n")
            .Append("<p class=\"exactly\">").Append(E(t.PayExactly)).Append("</p>\n")
            .Append("<p id=\"amount\" class=\"amount\"><span class=\"som\">").Append(E(som)).Append("</span>");
        if (comma >= 0)
        {
            html.Append("<span class=\"tiyin\">").Append(E(view.AmountText[comma..])).Append("</span>");
        }

        html.Append(" <span class=\"currency\">").Append(E(t.Som)).Append("</span></p>\n");
        if (comma >= 0)
        {
            // Spelled out as well: ",05" alone is easy to read as a typo or to drop.
            var words = string.Format(CultureInfo.InvariantCulture, t.SomAndTiyin, som, view.AmountText[(comma + 1)..]);
            html.Append("<p class=\"words\">").Append(E(words)).Append("</p>\n");
        }

        html.Append("<p class=\"hint\">").Append(E(t.NoRounding)).Append("</p>\n");
        CopyButton(html, PayAmountText.ForCopy(view.AmountText), t.CopyAmount, t);
        html.Append("</section>\n");
    }

    private static void Card(StringBuilder html, PayView view, PayTexts t)
    {
        html.Append("<section aria-labelledby=\"card-label\">\n<h2 id=\"card-label\">").Append(E(t.CardLabel)).Append("</h2>\n");
        if (view.Bank is { } bank)
        {
            html.Append("<p id=\"bank\" class=\"bank\">").Append(E(bank)).Append("</p>\n");
        }

        if (view.CardNumber is { } number)
        {
            html.Append("<p id=\"card\" class=\"card\">").Append(E(number)).Append("</p>\n");
            CopyButton(html, number.Replace(" ", "", StringComparison.Ordinal), t.CopyCard, t);
        }
        else
        {
            html.Append("<p id=\"card\" class=\"card\">•••• ").Append(E(view.CardLast4 ?? "????")).Append("</p>\n")
                .Append("<p class=\"hint\">").Append(E(t.Last4Only)).Append("</p>\n");
        }

        if (view.Owner is { } owner)
        {
            html.Append("<p class=\"owner\">").Append(E(t.OwnerLabel)).Append(": <strong id=\"owner\">").Append(E(owner)).Append("</strong></p>\n");
        }

        html.Append("</section>\n");
    }

    private static void Countdown(StringBuilder html, PayView view, PayTexts t)
    {
        var deadline = view.ExpiresAt.ToOffset(Tashkent).ToString("HH:mm", CultureInfo.InvariantCulture);

        // role="timer" is not announced every second; the state live region says when time is up.
        html.Append("<section aria-labelledby=\"timer-label\">\n<h2 id=\"timer-label\">").Append(E(t.TimeLeftLabel)).Append("</h2>\n")
            .Append("<p id=\"timer\" class=\"timer\" role=\"timer\">").Append(Clock(view.SecondsLeft)).Append("</p>\n")
            .Append("<p class=\"hint\">").Append(E(string.Format(CultureInfo.InvariantCulture, t.Deadline, deadline))).Append("</p>\n</section>\n");
    }

    private static void CopyButton(StringBuilder html, string value, string label, PayTexts t) =>
        html.Append("<button type=\"button\" class=\"copy\" data-copy=\"").Append(E(value))
            .Append("\" data-done=\"").Append(E(t.Copied)).Append("\" data-failed=\"").Append(E(t.CopyFailed)).Append("\">")
            .Append(E(label)).Append("</button>\n");

    private static string E(string text) => Encoder.Encode(text);
}
