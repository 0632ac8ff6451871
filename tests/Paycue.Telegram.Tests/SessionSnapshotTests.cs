using System.Text;

namespace Paycue.Telegram.Tests;

/// <summary>Sealing and restoring session directories, and the keys behind them.</summary>
public sealed class SessionSnapshotTests : IDisposable
{
    private const string SessionKey = "snapshot-tests-session-key-01";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "paycue-snapshot-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void RoundTripRestoresEveryFileExactly()
    {
        var source = SampleSession();
        var target = Path.Combine(_root, "restored");

        SessionSnapshot.Restore(SessionSnapshot.Pack(source, SessionKey), target, SessionKey);

        Assert.Equal(Tree(source), Tree(target));
        Assert.Equal(3, Tree(target).Count);
    }

    [Theory]
    [InlineData(5)] // salt
    [InlineData(25)] // nonce
    [InlineData(40)] // ciphertext
    [InlineData(-1)] // tag
    public void AnyAlteredByteIsRejectedAndNothingIsWritten(int position)
    {
        var snapshot = SessionSnapshot.Pack(SampleSession(), SessionKey);
        snapshot[position >= 0 ? position : snapshot.Length + position] ^= 0x01;
        var target = Path.Combine(_root, "restored");

        var error = Assert.Throws<SessionSnapshotException>(() => SessionSnapshot.Restore(snapshot, target, SessionKey));

        Assert.Equal("The session snapshot cannot be opened: SESSION_KEY is not the key it was made with, or the snapshot was altered.", error.Message);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void AnotherSessionKeyCannotOpenIt()
    {
        var snapshot = SessionSnapshot.Pack(SampleSession(), SessionKey);

        var error = Assert.Throws<SessionSnapshotException>(
            () => SessionSnapshot.Restore(snapshot, Path.Combine(_root, "restored"), "a-different-session-key-0000"));

        Assert.Contains("SESSION_KEY is not the key", error.Message);
    }

    [Fact]
    public void AnUnknownFormatVersionOrForeignBytesAreNamedAsSuch()
    {
        var snapshot = SessionSnapshot.Pack(SampleSession(), SessionKey);
        var future = (byte[])snapshot.Clone();
        future[4] = 2;

        var versionError = Assert.Throws<SessionSnapshotException>(() => SessionSnapshot.Restore(future, Path.Combine(_root, "a"), SessionKey));
        var foreignError = Assert.Throws<SessionSnapshotException>(() => SessionSnapshot.Restore("not a snapshot at all, just text"u8, Path.Combine(_root, "b"), SessionKey));
        var truncatedError = Assert.Throws<SessionSnapshotException>(() => SessionSnapshot.Restore(snapshot.AsSpan(0, 20), Path.Combine(_root, "c"), SessionKey));

        Assert.Equal("The session snapshot has format version 2, which this Paycue cannot read.", versionError.Message);
        Assert.Equal("This is not a Paycue session snapshot.", foreignError.Message);
        Assert.Equal("This is not a Paycue session snapshot.", truncatedError.Message);
    }

    [Fact]
    public void RestoreRefusesADirectoryThatIsNotEmpty()
    {
        var snapshot = SessionSnapshot.Pack(SampleSession(), SessionKey);
        var target = Path.Combine(_root, "occupied");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "td.binlog"), "someone else's session");

        Assert.Throws<SessionSnapshotException>(() => SessionSnapshot.Restore(snapshot, target, SessionKey));
        Assert.Equal("someone else's session", File.ReadAllText(Path.Combine(target, "td.binlog")));
    }

    [Fact]
    public void SnapshotsShowNeitherContentNorFileNamesAndNeverRepeat()
    {
        var source = SampleSession();

        var first = SessionSnapshot.Pack(source, SessionKey);
        var second = SessionSnapshot.Pack(source, SessionKey);

        Assert.NotEqual(first, second);
        var asText = Encoding.UTF8.GetString(first);
        Assert.DoesNotContain("td.binlog", asText);
        Assert.DoesNotContain("auth key material", asText);
    }

    [Fact]
    public void TdlibKeyIsStablePerSessionKeyAndIndependentOfTheSnapshotKey()
    {
        var key = TdlibKeys.DatabaseEncryptionKey(SessionKey);

        Assert.Equal(32, key.Length);
        Assert.Equal(key, TdlibKeys.DatabaseEncryptionKey(SessionKey));
        Assert.NotEqual(key, TdlibKeys.DatabaseEncryptionKey(SessionKey + "!"));
        Assert.NotEqual(key, TdlibKeys.SnapshotKey(SessionKey, []));
        Assert.Throws<ArgumentException>(() => TdlibKeys.DatabaseEncryptionKey("short"));
    }

    private string SampleSession()
    {
        var directory = Path.Combine(_root, "session-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, "temp"));
        File.WriteAllText(Path.Combine(directory, "td.binlog"), "auth key material");
        File.WriteAllBytes(Path.Combine(directory, "temp", "blob"), Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray());
        File.WriteAllBytes(Path.Combine(directory, "empty"), []);
        return directory;
    }

    private static SortedDictionary<string, string> Tree(string directory) =>
        new(Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(directory, file), file => Convert.ToHexString(File.ReadAllBytes(file))),
            StringComparer.Ordinal);
}
