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
        TransactionService transactions, LedgerService ledger, CardService cards)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        var stats = await new OverviewStats(transactions, ledger, clock).ReadAsync();
        var cardList = await cards.ListAsync();
        page.Start("Overview", "Overview").Raw("<div id=\"live\" data-refresh=\"10\">");
        Period(page, "Today", "today", stats.Today);
        Period(page, "Last 7 days", "week", stats.Week);
        page.Raw("<section aria-labelledby=\"now-h\"><h2 id=\"now-h\">").Say("Open now").Raw("</h2><dl class=\"stats\">");
        Stat(page, "Open now", "open-now", stats.OpenNow.ToString(CultureInfo.InvariantCulture));
        Stat(page, "Stray credits (7 days)", "stray", stats.StrayCredits.ToString(CultureInfo.InvariantCulture));
        page.Raw("</dl></section>");
        page.Raw("<section aria-labelledby=\"cards-h\"><h2 id=\"cards-h\">").Say("Cards").Raw("</h2><ul id=\"card-lines\">");
        foreach (var card in cardList)
        {
            page.Raw("<li>").Text($"{card.Spec.CardId} ••{card.Spec.Last4}: {card.Status}{(card.StatusReason is { } r ? $" ({r})" : "")}, ")
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
