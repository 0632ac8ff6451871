using System.Net;
using Paycue.Gateway.MerchantConsole;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>Two gateway processes on one Redis share the console's data-protection keys: one sign-in works on both.</summary>
public sealed class ConsoleKeyRingTests
{
    [Fact]
    public async Task ACookieFromOneGatewayIsAcceptedByASecondOneOnTheSameRedis()
    {
        await using var redis = await RedisServer.StartAsync();
        var serviceId = $"keyring-{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string> { ["REDIS_ADDR"] = redis.Address, ["SERVICE_ID"] = serviceId, ["CLUSTER_ID"] = "keyring" };
        await using var first = await PaycueProcess.StartAsync(new Dictionary<string, string>(settings));
        await using var second = await PaycueProcess.StartAsync(new Dictionary<string, string>(settings));

        using var console = await ConsoleHttp.SignInAsync(first.BaseUrl);
        Assert.NotNull(console.SessionCookie(first.BaseUrl));
        using var other = console.On(second.BaseUrl);

        // The same cookie jar, the other process: the overview, not the sign-in form.
        var overview = await other.Client.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains("id=\"today-created\"", await overview.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A form opened on the second and posted there carries the first one's anti-forgery cookie: accepted too.
        var signOut = await other.PostAsync("/console/", "/console/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.EndsWith("/console/login?signed_out=1", signOut.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // The key ring lives in Redis under the service's prefix.
        await using var store = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Address);
        Assert.True(await store.GetDatabase().KeyExistsAsync(ConsoleHosting.KeyRingKey(serviceId)));
    }
}
