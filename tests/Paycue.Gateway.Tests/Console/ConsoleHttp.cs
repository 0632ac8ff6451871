using System.Net;
using System.Text.RegularExpressions;
using Paycue.Gateway.MerchantConsole;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>The console over plain HTTP, as a browser without JavaScript uses it: a cookie jar, the sign-in form and its token.</summary>
public sealed partial class ConsoleHttp : IDisposable
{
    private ConsoleHttp(string baseUrl, CookieContainer cookies)
    {
        Cookies = cookies;
        Client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public CookieContainer Cookies { get; }

    /// <summary>Signs in through the form with the API credentials; fails the test unless the console lets it in.</summary>
    public static async Task<ConsoleHttp> SignInAsync(string baseUrl, CookieContainer? cookies = null)
    {
        var console = new ConsoleHttp(baseUrl, cookies ?? new CookieContainer());
        var signedIn = await console.PostAsync("/console/login", "/console/login", new() { ["username"] = PaycueProcess.User, ["password"] = PaycueProcess.Password });
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"sign-in answered {(int)signedIn.StatusCode}");
        Assert.Equal("/console/", signedIn.Headers.Location?.OriginalString);
        return console;
    }

    /// <summary>Another client on the same cookie jar pointed at <paramref name="baseUrl"/> (a second gateway).</summary>
    public ConsoleHttp On(string baseUrl) => new(baseUrl, Cookies);

    /// <summary>Opens <paramref name="formPage"/> for its anti-forgery token, then posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var html = await (await Client.GetAsync(formPage)).Content.ReadAsStringAsync();
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        return await Client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>The sign-in cookie's value, to show it is the same cookie a second gateway accepts.</summary>
    public string? SessionCookie(string baseUrl) => Cookies.GetCookies(new Uri(baseUrl + "/console/"))[ConsoleHosting.CookieName]?.Value;

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
