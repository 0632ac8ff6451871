using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Paycue.Telegram.Tests;

/// <summary>
/// A snapshot of a live session is a copy of one moment of TDLib's directory, even while TDLib keeps writing: against
/// a writer that rewrites a file in place, and against real TDLib persisting a stream of option changes (offline).
/// </summary>
[Collection(TdlibCollection.Name)]
public sealed class SnapshotUnderWritesTests(TdlibFixture tdlib, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ACopyIsAlwaysAMomentTheFileWasReallyIn()
    {
        // The writer stamps each round into the file's head, then its tail: at every real moment the head's round is
        // the tail's or one ahead. A copy that read the head, then the tail a round or more later, is no real moment.
        var directory = tdlib.NewDirectory();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "td.binlog");
        const int size = 4 * 1024 * 1024;
        await File.WriteAllBytesAsync(path, new byte[size]);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            var stamp = new byte[8];
            for (var round = 1L; !stop.IsCancellationRequested; round++)
            {
                BitConverter.TryWriteBytes(stamp, round);
                stream.Position = 0;
                stream.Write(stamp);
                stream.Flush();
                Thread.Yield();
                stream.Position = size - stamp.Length;
                stream.Write(stamp);
                stream.Flush();
                Thread.Yield();
                if (round % 200 == 0)
                {
                    Thread.Sleep(15); // idle now and then, as TDLib is between updates
                }
            }
        });

        var copies = 0;
        var refused = 0;
        for (var i = 0; i < 40; i++)
        {
            byte[] snapshot;
            try
            {
                snapshot = SessionSnapshot.Pack(directory, TdlibFixture.SessionKey);
            }
            catch (SessionSnapshotException)
            {
                refused++;
                continue;
            }

            var restored = tdlib.NewDirectory();
            SessionSnapshot.Restore(snapshot, restored, TdlibFixture.SessionKey);
            var content = await File.ReadAllBytesAsync(Path.Combine(restored, "td.binlog"));
            var head = BitConverter.ToInt64(content, 0);
            var tail = BitConverter.ToInt64(content, size - 8);
            Assert.True(head == tail || head == tail + 1, $"copy {i} has head round {head} and tail round {tail}: two moments mixed");
            copies++;
        }

        await stop.CancelAsync();
        await writer;
        output.WriteLine($"{copies} consistent copies, {refused} refused because the file kept changing.");
        Assert.True(copies > 0, "no copy found the file idle");
    }

    [Fact]
    public async Task SnapshotsTakenWhileTdlibWritesEachReopenAtOneMomentOfTheStream()
    {
        var live = tdlib.NewDirectory();
        await using var client = tdlib.Loop.CreateClient();
        using var login = new TelegramLogin(client, TdlibFixture.Settings(live), Timeout);
        Assert.Equal(TelegramLoginStatus.LoginRequired, (await login.StartAsync()).Status);

        using var stop = new CancellationTokenSource();
        var last = 0L;
        var stream = Task.Run(async () =>
        {
            for (var value = 1L; !stop.IsCancellationRequested; value++)
            {
                await client.SendAsync(TdMessages.SetProbeOption(value), Timeout);
                Interlocked.Exchange(ref last, value);
                await Task.Delay(2);
            }
        });

        var snapshots = new List<(byte[] Snapshot, long AtLeast)>();
        var refused = 0;
        for (var i = 0; i < 12; i++)
        {
            await Task.Delay(30);
            var atLeast = Interlocked.Read(ref last);
            try
            {
                snapshots.Add((await Task.Run(() => SessionSnapshot.Pack(live, TdlibFixture.SessionKey)), atLeast));
            }
            catch (SessionSnapshotException)
            {
                refused++;
            }
        }

        await stop.CancelAsync();
        await stream;
        var written = Interlocked.Read(ref last);
        await client.CloseAsync(Timeout);
        output.WriteLine($"{snapshots.Count} snapshots under {written} writes, {refused} refused.");
        Assert.NotEmpty(snapshots);

        foreach (var (snapshot, atLeast) in snapshots)
        {
            var restored = tdlib.NewDirectory();
            SessionSnapshot.Restore(snapshot, restored, TdlibFixture.SessionKey);
            await using var reopened = tdlib.Loop.CreateClient();
            using var again = new TelegramLogin(reopened, TdlibFixture.Settings(restored), Timeout);
            Assert.Equal(TelegramLoginStatus.LoginRequired, (await again.StartAsync()).Status);
            var option = await reopened.SendAsync(new JsonObject { ["@type"] = "getOption", ["name"] = TdMessages.ProbeOption }, Timeout);
            await reopened.CloseAsync(Timeout);
            var value = option.GetProperty("@type").GetString() == "optionValueInteger"
                ? long.Parse(option.GetProperty("value").GetString()!, CultureInfo.InvariantCulture)
                : 0;
            output.WriteLine($"snapshot after write {atLeast}: reopened at {value}");
            Assert.InRange(value, 0, written);
        }
    }
}
