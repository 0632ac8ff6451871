namespace Paycue.Telegram.Tests;

/// <summary>
/// The real libtdjson, found the way production finds it, and the process's one receive loop.
/// Databases go to a temporary folder removed at the end.
/// </summary>
public sealed class TdlibFixture : IAsyncLifetime
{
    /// <summary>A SESSION_KEY for tests; any string of 16 characters or more will do.</summary>
    public const string SessionKey = "test-session-key-0123456789";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "paycue-tdlib-tests-" + Guid.NewGuid().ToString("N"));

    public TdReceiveLoop Loop { get; private set; } = null!;

    public string LibraryPath { get; private set; } = null!;

    /// <summary>Everything the loop and its clients logged, TDLib's own lines included.</summary>
    internal RecordingLoggerFactory Logs { get; } = new();

    public Task InitializeAsync()
    {
        LibraryPath = TdLibraryLocator.Find()
            ?? throw new InvalidOperationException(TdLibraryLocator.DescribeMissing());
        Directory.CreateDirectory(_root);
        // Warnings too (the most allowed): a test that fails on TDLib's behaviour can then show what TDLib said.
        Loop = new TdReceiveLoop(new TdReceiveLoopOptions { TdlibLogVerbosity = TdReceiveLoopOptions.MaxSafeTdlibLogVerbosity }, Logs);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Loop.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A fresh, not yet existing directory for one TDLib database.</summary>
    public string NewDirectory() => Path.Combine(_root, Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Settings with placeholder API credentials: reaching <c>authorizationStateWaitPhoneNumber</c> needs no
    /// network, so Telegram never sees them.
    /// </summary>
    public static TdlibSettings Settings(string directory, string sessionKey = SessionKey) => new()
    {
        ApiId = 12345,
        ApiHash = "0123456789abcdef0123456789abcdef",
        DatabaseDirectory = directory,
        DatabaseEncryptionKey = TdlibKeys.DatabaseEncryptionKey(sessionKey),
        DeviceModel = "Paycue tests",
    };
}
