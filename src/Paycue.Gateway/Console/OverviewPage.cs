using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Paycue.Gateway.Services;
using Paycue.Grains.Configuration;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary><c>/console/</c>: whether money is flowing, at a glance; the script refreshes it every 10 s.</summary>
public static class OverviewPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options,
        TransactionService transactions, LedgerService ledger, CardService cards, AlertService alerts)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        var stats = await new OverviewStats(transactions, ledger, clock).ReadAsync();
        var cardList = await cards.ListAsync();
        var openAlerts = await alerts.OpenAsync();
        page.Start("Overview", "Overview").Raw("<div id=\"live\" data-refresh=\"10\">");
        Period(page, "Today", "today", stats.Today);
        Period(page, "Last 7 days", "week", stats.Week);
        if (stats.Truncated)
        {
            // A bound, said out loud: a very busy week is counted from its newest closes only.
            page.Raw("<p class=\"muted\" id=\"truncated\">").Say("The week is counted from its newest {0} closed transactions only.", OverviewStats.MaxScanned).Raw("</p>");
        }

        page.Raw("<section aria-labelledby=\"now-h\"><h2 id=\"now-h\">").Say("Open now").Raw("</h2><dl class=\"stats\">");
        Stat(page, "Open now", "open-now", stats.OpenNow.ToString(CultureInfo.InvariantCulture));
        Stat(page, "Stray credits waiting for a decision", "stray",
            stats.StrayCredits >= OverviewStats.MaxStray ? $"{OverviewStats.MaxStray}+" : stats.StrayCredits.ToString(CultureInfo.InvariantCulture));
        Stat(page, "Open alerts", "open-alerts", openAlerts.Count.ToString(CultureInfo.InvariantCulture));
        page.Raw("</dl>");
        if (stats.StrayCredits > 0)
        {
            page.Raw("<p><a href=\"").Text(page.Base + "/payments").Raw("\">").Say("Decide about the stray credits").Raw("</a></p>");
        }

        page.Raw("</section>");
        if (openAlerts.Count > 0)
        {
            // The alert's own text in the alert language (as Telegram got it): it names the card and what to do.
            page.Raw("<section aria-labelledby=\"alerts-h\"><h2 id=\"alerts-h\">").Say("Open alerts").Raw("</h2><ul id=\"alerts\">");
            foreach (var alert in openAlerts)
            {
                page.Raw("<li>").Text(page.Time(alert.OpenedAt)).Text(": ").Text(alert.Text).Raw("</li>");
            }

            page.Raw("</ul></section>");
        }
        page.Raw("<section aria-labelledby=\"cards-h\"><h2 id=\"cards-h\">").Say("Cards").Raw("</h2><ul id=\"card-lines\">");
        foreach (var card in cardList)
        {
            page.Raw("<li>").Text($"{card.Spec.CardId} ••{card.Spec.Last4}: ").Text(CardPages.StatusText(page, card)).Text(", ")
                .Say("Open transactions").Text($" {card.OpenTransactions}, ").Say("Balance gaps").Text($" {card.BalanceGaps}").Raw("</li>");
        }

        page.Raw("</ul></section><p class=\"muted\">").Say("Updated").Text(": " + page.Time(clock.Now)).Raw("</p></div>");
        return ConsoleEndpoints.Html(page.End());
    }

    private static void Period(ConsolePage page, string title, string id, PeriodStats stats)
    {
        page.Raw($"<section aria-labelledby=\"{id}-h\"><h2 id=\"{id}-h\">").Say(title).Raw("</h2><dl class=\"stats\">");
        Stat(page, "Created", $"{id}-created", stats.Created.ToString(CultureInfo.InvariantCulture));
        Stat(page, "Paid", $"{id}-paid", stats.Paid.ToString(CultureInfo.InvariantCulture));
        Stat(page, "Amount received", $"{id}-received", $"{page.Amount(stats.ReceivedTiyin)} {page.T.Pay.Som}");
        Stat(page, "Conversion", $"{id}-conversion", stats.ConversionPercent is { } p ? $"{p}%" : "—");
        Stat(page, "Average time to pay", $"{id}-time", stats.AverageTimeToPay is { } t ? Duration(t) : "—");
        page.Raw("</dl></section>");
    }

    private static void Stat(ConsolePage page, string label, string id, string value) =>
        page.Raw("<div><dt>").Say(label).Raw($"</dt><dd id=\"{id}\">").Text(value).Raw("</dd></div>");

    /// <summary><c>4:05</c> (minutes and seconds), or <c>1:04:05</c> from an hour.</summary>
    public static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}:{span.Seconds:00}");
}
