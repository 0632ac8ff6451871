namespace Paycue.Gateway.Services;

/// <summary>What needs a person (open alerts first) and the alert bot's test message: for the HTTP API and the console alike.</summary>
public sealed class AlertService(IGrainFactory grains)
{
    /// <summary>Open alerts (newest first), then the recent resolved and one-time ones.</summary>
    public Task<IReadOnlyList<AlertView>> ListAsync() => grains.GetGrain<IAlertGrain>(0).ListAsync();

    /// <summary>The open ones only.</summary>
    public async Task<IReadOnlyList<AlertView>> OpenAsync() => (await ListAsync()).Where(a => a.State == "open").ToList();

    public Task<AlertTestResult> TestAsync() => grains.GetGrain<IAlertGrain>(0).TestAsync();
}
