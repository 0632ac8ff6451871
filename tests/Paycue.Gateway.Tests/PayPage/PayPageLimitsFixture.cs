namespace Paycue.Gateway.Tests.PayPage;

/// <summary>
/// The real program with a small pay-page rate limit and tiyin precision. TestServer has no client address, so
/// tests name one in X-Forwarded-For, which the gateway honours when the direct peer is local.
/// </summary>
public sealed class PayPageLimitsFixture : IAsyncLifetime
{
    public const int RateLimit = 5;

    public PaycueApp App { get; private set; } = null!;

    public Task InitializeAsync()
    {
        App = new PaycueApp(new Dictionary<string, string>
        {
            ["PAY_RATE_LIMIT"] = RateLimit.ToString(),
            ["AMOUNT_PRECISION"] = "tiyin",
        });
        App.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>A payer's browser at <paramref name="address"/>.</summary>
    public HttpClient Payer(string address)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}
