using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Paycue.Gateway.Tests;

/// <summary>
/// The real <c>paycue</c> program (all-in-one: silo + HTTP) under WebApplicationFactory, configured through the same
/// keys an operator writes in <c>.env</c>, on free ports so test classes never collide.
/// </summary>
public sealed class PaycueApp : WebApplicationFactory<Program>
{
    public const string User = "shop";
    public const string Password = "s3cret-pass";

    private readonly Dictionary<string, string> settings;
    private readonly Action<IServiceCollection>? services;

    /// <param name="services">Replaces services after the program registered its own (e.g. a scripted Telegram session factory).</param>
    public PaycueApp(IDictionary<string, string>? overrides = null, Action<IServiceCollection>? services = null)
    {
        this.services = services;
        settings = new Dictionary<string, string>
        {
            ["SANDBOX"] = "true",
            ["SANDBOX_CARDS"] = "2",
            ["API_USERNAME"] = User,
            ["API_PASSWORD"] = Password,
            ["SILO_PORT"] = FreePort.Next().ToString(),
            ["GATEWAY_PORT"] = FreePort.Next().ToString(),
            ["PUBLIC_URL"] = "https://pay.example.uz",
            ["SERVICE_ID"] = $"test-{Guid.NewGuid():N}",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public HttpClient Authorized()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> DataAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("data");
    }

    public static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("status").GetBoolean());
        return body.GetProperty("data").GetProperty("detail").GetString()!;
    }
}
