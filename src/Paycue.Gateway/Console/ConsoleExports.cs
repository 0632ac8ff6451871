using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Paycue.Gateway.Exports;
using Paycue.Grains.Configuration;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>
/// <c>/console/export/payments.csv</c> and <c>/console/export/transactions.csv</c>: the API's CSV exports behind the
/// console cookie. Only the period is the console's (days in the console's time zone, "to" inclusive); the rows are
/// streamed by <see cref="ExportEndpoints"/> itself, the very code behind <c>/api/*.csv</c>.
/// </summary>
public static class ConsoleExports
{
    public static IResult Payments(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, IGrainFactory grains,
        string? from, string? to, string? status, string? card, CancellationToken cancellationToken)
    {
        if (Period(clock, from, to) is not var (since, before))
        {
            return Refused(http, antiforgery, assets, clock, options);
        }

        return ExportEndpoints.PaymentsCsvAsync(grains, options, status is "unmatched" or "matched" ? status : null, since, before, Card(card), cancellationToken);
    }

    public static IResult Transactions(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, IGrainFactory grains,
        string? from, string? to, string? state, string? card, CancellationToken cancellationToken)
    {
        if (Period(clock, from, to) is not var (since, before))
        {
            return Refused(http, antiforgery, assets, clock, options);
        }

        return ExportEndpoints.TransactionsCsvAsync(grains, options, state is "active" or "confirmed" or "cancelled" ? state : null, null, since, before, Card(card), cancellationToken);
    }

    /// <summary>The form on the payments page: a period and the two downloads.</summary>
    public static void Form(ConsolePage page)
    {
        var today = page.Clock.Local(page.Clock.Now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var weekAgo = page.Clock.Local(page.Clock.DayStart(6)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        page.Raw("<section aria-labelledby=\"export-h\"><h2 id=\"export-h\">").Say("Export").Raw("</h2><p>")
            .Say("CSV (UTF-8, so'm with two decimals, times in {0}) for the days chosen, both included.", page.Clock.ZoneName).Raw("</p>")
            .Raw($"<form method=\"get\" action=\"{ConsolePage.E(page.Base + "/export/payments.csv")}\" class=\"filters\">")
            .Field("export-from", page.T["From"], "date", weekAgo, "required", name: "from")
            .Field("export-to", page.T["To"], "date", today, "required", name: "to")
            .Raw("<div class=\"field\"><button type=\"submit\">").Say("Download payments (CSV)").Raw("</button></div>")
            .Raw($"<div class=\"field\"><button type=\"submit\" class=\"secondary\" formaction=\"{ConsolePage.E(page.Base + "/export/transactions.csv")}\">")
            .Say("Download transactions (CSV)").Raw("</button></div></form></section>");
    }

    /// <summary>The period as the export's since/before (ISO 8601); null when a day is not a day.</summary>
    private static (string? Since, string? Before)? Period(ConsoleClock clock, string? from, string? to)
    {
        var since = clock.ParseDay(from);
        var until = clock.ParseDay(to);
        if ((from is { Length: > 0 } && since is null) || (to is { Length: > 0 } && until is null))
        {
            return null;
        }

        return (since?.ToString("O", CultureInfo.InvariantCulture), until?.AddDays(1).ToString("O", CultureInfo.InvariantCulture));
    }

    private static string? Card(string? card) => card is { Length: > 0 } ? card : null;

    private static IResult Refused(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options)
    {
        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        page.Start("Export", "Payments").Notice(page.T["Choose the days as year-month-day, such as 2026-12-01."], error: true);
        Form(page);
        return ConsoleEndpoints.Html(page.End(), StatusCodes.Status400BadRequest);
    }
}
