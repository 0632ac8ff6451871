using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paycue.Gateway.MerchantConsole;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>
/// The sign-in lasts 8 hours from its last use: the cookie's own ticket says so, a ticket last renewed more than 8
/// hours ago leads back to the sign-in form, and one used within them is renewed for another 8 hours.
/// </summary>
public sealed partial class ConsoleIdleTimeoutTests : IAsyncLifetime
{
    private readonly PaycueApp app = new();
    private HttpClient http = null!;

    public Task InitializeAsync()
    {
        // No cookie jar, no redirects: every cookie is sent by hand and every answer seen as it is.
        http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
    }

    private ISecureDataFormat<AuthenticationTicket> Tickets =>
        app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(ConsoleHosting.Scheme).TicketDataFormat;

    private static string? CookieValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).Where(c => c.StartsWith(name + "=", StringComparison.Ordinal)).Select(c => c[(name.Length + 1)..]).SingleOrDefault()
            : null;

    private async Task<HttpResponseMessage> OverviewAsync(string ticket)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/console/");
        request.Headers.Add("Cookie", $"{ConsoleHosting.CookieName}={ticket}");
        return await http.SendAsync(request);
    }

    /// <summary>The same sign-in, as if it was last renewed at <paramref name="issued"/> and runs out at <paramref name="expires"/>.</summary>
    private string Ticket(AuthenticationTicket signedIn, DateTimeOffset issued, DateTimeOffset expires)
    {
        var properties = signedIn.Properties.Clone();
        properties.IssuedUtc = issued;
        properties.ExpiresUtc = expires;
        return Tickets.Protect(new AuthenticationTicket(signedIn.Principal, properties, signedIn.AuthenticationScheme));
    }

    [Fact]
    public async Task ASignInRunsOutAfterEightHoursWithoutUseAndIsRenewedByUse()
    {
        var form = await http.GetAsync("/console/login");
        var antiforgery = CookieValue(form, ConsoleHosting.AntiforgeryCookieName)!;
        var token = WebUtility.HtmlDecode(TokenPattern().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value);
        var post = new HttpRequestMessage(HttpMethod.Post, "/console/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["username"] = PaycueApp.User, ["password"] = PaycueApp.Password,
            }),
        };
        post.Headers.Add("Cookie", $"{ConsoleHosting.AntiforgeryCookieName}={antiforgery}");
        var signedIn = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // A browser-session cookie (no Expires) whose ticket allows 8 hours from now.
        Assert.DoesNotContain(signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ConsoleHosting.CookieName + "=", StringComparison.Ordinal)), "expires=", StringComparison.OrdinalIgnoreCase);
        var ticket = Tickets.Unprotect(CookieValue(signedIn, ConsoleHosting.CookieName))!;
        Assert.Equal(ConsoleHosting.IdleTimeout, ticket.Properties.ExpiresUtc - ticket.Properties.IssuedUtc);
        Assert.Equal(TimeSpan.FromHours(8), ConsoleHosting.IdleTimeout);
        Assert.Equal(HttpStatusCode.OK, (await OverviewAsync(CookieValue(signedIn, ConsoleHosting.CookieName)!)).StatusCode);

        // Last used 8 hours and a minute ago: back to the sign-in form.
        var now = DateTimeOffset.UtcNow;
        var idle = await OverviewAsync(Ticket(ticket, now.AddHours(-8).AddMinutes(-1), now.AddMinutes(-1)));
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.Equal("/console/login", idle.Headers.Location?.OriginalString);

        // Last used 7 hours ago: still in, and the answer renews the cookie for 8 hours from now.
        var used = await OverviewAsync(Ticket(ticket, now.AddHours(-7), now.AddHours(1)));
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        var renewed = Tickets.Unprotect(CookieValue(used, ConsoleHosting.CookieName))!;
        Assert.InRange(renewed.Properties.ExpiresUtc!.Value, now.AddHours(8).AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(8).AddMinutes(1));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
