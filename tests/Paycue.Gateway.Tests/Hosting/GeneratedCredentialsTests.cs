using Microsoft.Extensions.Logging;
using Paycue.Gateway.Hosting;
using Paycue.Gateway.Http;

namespace Paycue.Gateway.Tests.Hosting;

/// <summary>Generated API credentials reach a terminal only, never the log stream (journald keeps it).</summary>
public sealed class GeneratedCredentialsTests
{
    [Fact]
    public async Task WithoutATerminalTheProcessOutputSaysWhereToSetThemWithoutTheValues()
    {
        // Both streams redirected, as under systemd: the test reads exactly what journald would keep.
        await using var paycue = await PaycueProcess.StartAsync(new Dictionary<string, string> { ["API_USERNAME"] = "", ["API_PASSWORD"] = "" });
        await Eventually.WaitAsync(() => Task.FromResult(paycue.Log), l => l.Contains("listening on port", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the start-up announcement");

        var log = paycue.Log;
        Assert.DoesNotContain("this run accepts", log);
        Assert.DoesNotContain("paycue / ", log);
        Assert.Contains("Set API_USERNAME and API_PASSWORD in .env", log);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await paycue.Http.GetAsync("/api/transactions")).StatusCode);
    }

    [Fact]
    public void OnATerminalThePairIsPrintedThereAndNotLogged()
    {
        var credentials = new ApiCredentials("paycue", "generated-secret-value", generated: true);
        var terminal = new StringWriter();
        var logger = new ListLogger();

        GatewayHosting.AnnounceGeneratedCredentials(credentials, terminal, logger);

        Assert.Contains("paycue / generated-secret-value", terminal.ToString());
        Assert.DoesNotContain(logger.Lines, l => l.Contains("generated-secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutATerminalOnlyTheHintIsLogged()
    {
        var credentials = new ApiCredentials("paycue", "generated-secret-value", generated: true);
        var logger = new ListLogger();

        GatewayHosting.AnnounceGeneratedCredentials(credentials, null, logger);

        var line = Assert.Single(logger.Lines);
        Assert.Contains("Set API_USERNAME and API_PASSWORD", line);
        Assert.DoesNotContain("generated-secret-value", line);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
