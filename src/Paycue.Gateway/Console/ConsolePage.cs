using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;
using Paycue.Gateway.PayPage;
using Paycue.Grains.Configuration;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>
/// One console page being rendered on the server: the shared layout (skip link, header with the menu, the language
/// switch and sign-out, a main landmark), forms that always carry the anti-forgery token, and encoding of every
/// dynamic value.
/// </summary>
public sealed class ConsolePage
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly (string Path, string Name)[] Menu =
    [
        ("", "Overview"), ("/transactions", "Transactions"), ("/payments", "Payments"), ("/cards", "Cards"), ("/webhooks", "Webhooks"),
    ];

    private readonly StringBuilder html = new(16 * 1024);
    private readonly string token;

    public ConsolePage(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options)
    {
        Http = http;
        T = ConsoleText.For(http.Request);
        Clock = clock;
        Options = options;
        Assets = assets;
        Base = $"{http.Request.PathBase}/console";
        token = antiforgery.GetAndStoreTokens(http).RequestToken!;
    }

    public HttpContext Http { get; }

    public ConsoleText T { get; }

    public ConsoleClock Clock { get; }

    public PaycueOptions Options { get; }

    public ConsoleAssets Assets { get; }

    /// <summary>The console's root URL path, such as <c>/console</c>.</summary>
    public string Base { get; }

    public bool SignedIn => Http.User.Identity?.IsAuthenticated == true;

    public StringBuilder Html => html;

    public ConsolePage Raw(string markup)
    {
        html.Append(markup);
        return this;
    }

    /// <summary>Appends encoded text.</summary>
    public ConsolePage Text(string? text)
    {
        html.Append(E(text ?? ""));
        return this;
    }

    /// <summary>Appends the translation of <paramref name="english"/>, encoded.</summary>
    public ConsolePage Say(string english, params object[] args)
    {
        var words = T[english];
        html.Append(E(args.Length == 0 ? words : string.Format(CultureInfo.InvariantCulture, words, args)));
        return this;
    }

    public string Words(string english, params object[] args) =>
        args.Length == 0 ? T[english] : string.Format(CultureInfo.InvariantCulture, T[english], args);

    /// <summary>An amount as the pay page writes it: <c>20 001</c>, or <c>20 001,05</c> in tiyin precision.</summary>
    public string Amount(long tiyin) => PayAmountText.Format(tiyin, Options.Precision == AmountPrecision.Tiyin);

    public string Time(DateTimeOffset? time) => time is { } t ? Clock.Format(t) : "";

    /// <summary>A <c>POST</c> form to <paramref name="action"/> (under the console) with its anti-forgery token.</summary>
    public ConsolePage FormStart(string action, string? cssClass = null)
    {
        html.Append("<form method=\"post\" action=\"").Append(E(Base + action)).Append('"');
        if (cssClass is not null)
        {
            html.Append(" class=\"").Append(cssClass).Append('"');
        }

        html.Append("><input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"").Append(E(token)).Append("\">");
        return this;
    }

    /// <summary>A one-button form: an action as a plain post.</summary>
    public ConsolePage ButtonForm(string action, string label, string cssClass = "", params (string Name, string Value)[] fields)
    {
        FormStart(action, "inline");
        foreach (var (name, value) in fields)
        {
            Hidden(name, value);
        }

        html.Append("<button type=\"submit\"").Append(cssClass.Length > 0 ? $" class=\"{cssClass}\"" : "").Append('>').Append(E(label)).Append("</button></form>");
        return this;
    }

    /// <summary>
    /// Opens a table cell that names its column (<c>data-label</c>, the translation of <paramref name="column"/>): a
    /// narrow screen shows each row as a list of "column: value" lines instead of squeezing the columns.
    /// </summary>
    public ConsolePage Cell(string column, string? cssClass = null)
    {
        html.Append("<td data-label=\"").Append(E(T[column])).Append('"');
        if (cssClass is not null)
        {
            html.Append(" class=\"").Append(cssClass).Append('"');
        }

        html.Append('>');
        return this;
    }

    public ConsolePage Hidden(string name, string value)
    {
        html.Append("<input type=\"hidden\" name=\"").Append(E(name)).Append("\" value=\"").Append(E(value)).Append("\">");
        return this;
    }

    /// <summary>A labelled input; its name is <paramref name="id"/> unless <paramref name="name"/> says otherwise (several forms on one page).</summary>
    public ConsolePage Field(string id, string label, string type = "text", string? value = null, string extra = "", string? name = null)
    {
        html.Append("<div class=\"field\"><label for=\"").Append(id).Append("\">").Append(E(label)).Append("</label>")
            .Append("<input id=\"").Append(id).Append("\" name=\"").Append(name ?? id).Append("\" type=\"").Append(type).Append('"');
        if (value is not null)
        {
            html.Append(" value=\"").Append(E(value)).Append('"');
        }

        html.Append(extra.Length > 0 ? " " + extra : "").Append("></div>");
        return this;
    }

    public ConsolePage Notice(string? message, bool error = false)
    {
        if (!string.IsNullOrEmpty(message))
        {
            html.Append(error ? "<p class=\"error\" role=\"alert\">" : "<p class=\"notice\" role=\"status\">").Append(E(message)).Append("</p>");
        }

        return this;
    }

    /// <summary>Everything up to and including <c>&lt;main&gt;</c> and the page's heading.</summary>
    public ConsolePage Start(string title, string? current)
    {
        var heading = T[title];
        html.Append("<!doctype html>\n<html lang=\"").Append(T.Pay.HtmlLang).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n")
            .Append("<title>").Append(E(heading)).Append(" · Paycue</title>\n<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(E(Assets.Url(Http.Request.PathBase, "console.css"))).Append("\">\n")
            .Append("<script src=\"").Append(E(Assets.Url(Http.Request.PathBase, "console.js"))).Append("\" defer></script>\n</head>\n<body>\n")
            .Append("<a class=\"skip\" href=\"#main\">").Append(E(T["Skip to content"])).Append("</a>\n<header>\n")
            .Append("<span class=\"brand\">").Append(E(T["Paycue console"])).Append("</span>\n");
        if (SignedIn)
        {
            html.Append("<nav class=\"menu\" aria-label=\"").Append(E(T["Main menu"])).Append("\"><ul>");
            var menu = Options.Sandbox ? [.. Menu, ("/sandbox", "Sandbox")] : Menu;
            foreach (var (path, name) in menu)
            {
                html.Append("<li><a href=\"").Append(E(Base + (path.Length == 0 ? "/" : path))).Append('"')
                    .Append(current == name ? " aria-current=\"page\"" : "").Append('>').Append(E(T[name])).Append("</a></li>");
            }

            html.Append("</ul></nav>\n");
        }

        Languages();
        if (SignedIn)
        {
            FormStart("/logout", "inline");
            html.Append("<button type=\"submit\" class=\"link\">").Append(E(T["Sign out"])).Append("</button></form>\n");
        }

        html.Append("</header>\n<main id=\"main\" tabindex=\"-1\">\n<h1>").Append(E(heading)).Append("</h1>\n");
        return this;
    }

    public string End()
    {
        html.Append("<p class=\"muted\">").Append(E(Words("Times are in {0}.", Clock.ZoneName))).Append("</p>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The switch: each language is a link that sets the language cookie and comes back to this page.</summary>
    private void Languages()
    {
        var back = Http.Request.Path + Http.Request.QueryString;
        html.Append("<nav class=\"langs\" aria-label=\"").Append(E(T["Language"])).Append("\"><ul>");
        foreach (var t in ConsoleText.All)
        {
            html.Append("<li><a href=\"").Append(E($"{Base}/lang/{t.Code}?back={Uri.EscapeDataString(back)}")).Append("\" lang=\"").Append(t.Pay.HtmlLang).Append('"')
                .Append(t == T ? " aria-current=\"true\"" : "").Append('>').Append(E(t.Pay.LanguageName)).Append("</a></li>");
        }

        html.Append("</ul></nav>\n");
    }

    public static string E(string text) => Encoder.Encode(text);
}
