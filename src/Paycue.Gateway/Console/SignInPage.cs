using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Paycue.Grains.Configuration;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary><c>/console/login</c>: the sign-in form, and its post (rate limited per address with a growing delay).</summary>
public static class SignInPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, string? signed_out)
    {
        if ((await http.AuthenticateAsync(ConsoleHosting.Scheme)).Succeeded)
        {
            return ConsoleEndpoints.SeeOther(http, "/");
        }

        var page = new ConsolePage(http, antiforgery, assets, clock, options);
        return ConsoleEndpoints.Html(Render(page, signed_out is not null ? page.T["You have signed out."] : null, error: false, username: null));
    }

    public static async Task<IResult> SubmitAsync(HttpContext http, IAntiforgery antiforgery, ConsoleAssets assets, ConsoleClock clock, PaycueOptions options, ConsoleSignIn signIn)
    {
        var form = await http.Request.ReadFormAsync();
        var username = ConsoleEndpoints.Field(form, "username") ?? "";
        var password = form["password"].ToString();
        var address = http.Connection.RemoteIpAddress;
        var page = new ConsolePage(http, antiforgery, assets, clock, options);

        // A waiting address is refused before its password is even looked at, so guessing gains nothing by speed.
        var wait = signIn.WaitFor(address);
        if (wait > TimeSpan.Zero)
        {
            http.Response.Headers.RetryAfter = ConsoleEndpoints.Seconds(wait);
            return ConsoleEndpoints.Html(Render(page, page.Words("Too many failed attempts from your address. Try again in {0} s.", ConsoleEndpoints.Seconds(wait)), error: true, username),
                StatusCodes.Status429TooManyRequests);
        }

        if (!signIn.TrySignIn(address, username, password))
        {
            return ConsoleEndpoints.Html(Render(page, page.T["The username or password is wrong."], error: true, username), StatusCodes.Status401Unauthorized);
        }

        await ConsoleEndpoints.SignInAsync(http, username);
        return ConsoleEndpoints.SeeOther(http, "/");
    }

    private static string Render(ConsolePage page, string? message, bool error, string? username)
    {
        page.Start("Sign in", null).Raw("<section class=\"signin\">");
        page.Notice(message, error);
        page.Raw("<p>").Say("Sign in with the API credentials (API_USERNAME and API_PASSWORD) or with CONSOLE_USERNAME and CONSOLE_PASSWORD.").Raw("</p>");
        page.FormStart("/login")
            .Field("username", page.T["Username"], value: username, extra: "autocomplete=\"username\" required")
            .Field("password", page.T["Password"], type: "password", extra: "autocomplete=\"current-password\" required")
            .Raw("<button type=\"submit\">").Say("Sign in").Raw("</button></form></section>");
        return page.End();
    }
}
