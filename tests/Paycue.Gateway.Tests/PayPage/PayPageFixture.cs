namespace Paycue.Gateway.Tests.PayPage;

/// <summary>The real program under TestServer with default pay-page settings (som precision, 120 requests a minute).</summary>
public sealed class PayPageFixture : IAsyncLifetime
{
    public PaycueApp App { get; private set; } = null!;

    public Task InitializeAsync()
    {
        App = new PaycueApp();
        App.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
