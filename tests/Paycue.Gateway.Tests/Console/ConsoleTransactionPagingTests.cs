using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Paycue.Grains.Interfaces;
using Paycue.Grains.Ledger;
using Paycue.Grains.Transactions;
using StackExchange.Redis;
using Xunit.Abstractions;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>
/// The transactions list at 100,000 closed transactions in Redis (written through the product's own stores): a page
/// near the oldest end asks Redis for what the newest page asks (one range of the close index and a batch of
/// records), shows exactly the rows at that place, and "older" goes on from there.
/// </summary>
public sealed partial class ConsoleTransactionPagingTests(ITestOutputHelper output)
{
    private const int Rows = 100_000;
    private const int PageSize = Paycue.Gateway.MerchantConsole.TransactionPages.PageSize;

    /// <summary>Redis's count of calls of each command so far.</summary>
    private static async Task<Dictionary<string, long>> CallsAsync(IServer server)
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in (await server.InfoAsync("commandstats")).SelectMany(g => g))
        {
            calls[key.Replace("cmdstat_", "", StringComparison.Ordinal)] = long.Parse(CallsPattern().Match(value).Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return calls;
    }

    private sealed record PageLoad(List<string> Ids, string? Older, TimeSpan Took, long Ranges, long Reads);

    [Fact]
    public async Task APageNearTheOldestOfAHundredThousandCostsWhatTheNewestPageCosts()
    {
        await using var redis = await RedisServer.StartAsync();
        var serviceId = $"paging-{Guid.NewGuid():N}";

        // ids[0] closed last (newest); one close every 400 ms back to about 11 hours ago.
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        var ids = Enumerable.Range(0, Rows).Select(_ => Guid.NewGuid()).ToArray();
        DateTimeOffset ClosedAt(int i) => now.AddMilliseconds(-400L * i);
        using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.Address))
        {
            var transactions = new RedisTransactionStore(connection, serviceId);
            var ledger = new RedisLedgerStore(connection, serviceId);
            var seeding = Stopwatch.StartNew();
            for (var batch = 0; batch < Rows; batch += 2_000)
            {
                await Task.WhenAll(Enumerable.Range(batch, 2_000).Select(async i =>
                {
                    var closed = ClosedAt(i);
                    var record = new TransactionRecord
                    {
                        State = TransactionState.Cancelled,
                        Opening = new TransactionOpening("sandbox-1", "0001", 1_000_000 + (i * 100L), 1_000_000 + (i * 100L), closed.AddMinutes(-5), closed),
                        CancelledAt = closed,
                        CancelReason = "expired",
                    };
                    Assert.Equal(1, await transactions.SaveAsync(ids[i], record, 0));
                    await ledger.RecordClosedAsync(ids[i], closed);
                }));
            }

            output.WriteLine($"seeded {Rows} closed transactions in {seeding.Elapsed.TotalSeconds:F1} s");
        }

        await using var paycue = await PaycueProcess.StartAsync(new Dictionary<string, string>
        {
            ["REDIS_ADDR"] = redis.Address, ["SERVICE_ID"] = serviceId, ["CLUSTER_ID"] = "paging",
        });
        using var console = await ConsoleHttp.SignInAsync(paycue.BaseUrl);
        await using var stats = await ConnectionMultiplexer.ConnectAsync(redis.Address + ",allowAdmin=true");
        var server = stats.GetServer(stats.GetEndPoints()[0]);

        async Task<PageLoad> LoadAsync(string path)
        {
            var before = await CallsAsync(server);
            var watch = Stopwatch.StartNew();
            var response = await console.Client.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            var took = watch.Elapsed;
            var after = await CallsAsync(server);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            long Delta(Func<string, bool> command) => after.Where(c => command(c.Key)).Sum(c => c.Value - before.GetValueOrDefault(c.Key));
            var rows = RowPattern().Matches(html).Select(m => m.Groups[1].Value).ToList();
            var older = OlderPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
            var load = new PageLoad(rows, older, took, Delta(c => c.Contains("range", StringComparison.Ordinal)), Delta(c => c is "hmget" or "hget" or "hgetall"));
            output.WriteLine($"{path}: {rows.Count} rows in {took.TotalMilliseconds:F0} ms, {load.Ranges} index ranges, {load.Reads} record reads");
            return load;
        }

        string Expected(int from, int count) => string.Join(",", ids.Skip(from).Take(count).Select(id => id.ToString("D")));
        string Cursor(int i) => $"{ClosedAt(i).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}-{ids[i]:N}";

        // Warm the program up on a page in the middle, so neither measured page pays for the first request.
        await LoadAsync($"/console/transactions?before={Cursor(50_000)}");

        var newest = await LoadAsync("/console/transactions");
        Assert.Equal(Expected(0, PageSize), string.Join(",", newest.Ids));
        Assert.NotNull(newest.Older);

        // 99,000 rows back: exactly the next 25 rows after the cursor, and no more Redis work than the newest page.
        var deep = await LoadAsync($"/console/transactions?before={Cursor(98_999)}");
        Assert.Equal(Expected(99_000, PageSize), string.Join(",", deep.Ids));
        Assert.InRange(deep.Ranges, 1, newest.Ranges + 2);
        Assert.InRange(deep.Reads, 1, newest.Reads + PageSize);
        Assert.True(deep.Took < (newest.Took * 3) + TimeSpan.FromSeconds(1), $"the deep page took {deep.Took}, the newest {newest.Took}");

        // "Older" goes on from exactly there, and the oldest page ends the list.
        var next = await LoadAsync(deep.Older!);
        Assert.Equal(Expected(99_000 + PageSize, PageSize), string.Join(",", next.Ids));
        var oldest = await LoadAsync($"/console/transactions?before={Cursor(Rows - 11)}");
        Assert.Equal(Expected(Rows - 10, 10), string.Join(",", oldest.Ids));
        Assert.Null(oldest.Older);
    }

    [GeneratedRegex(@"calls=(\d+)")]
    private static partial Regex CallsPattern();

    [GeneratedRegex(@"<tr><td[^>]*><a href=""/console/transactions/([0-9a-f-]{36})""")]
    private static partial Regex RowPattern();

    [GeneratedRegex(@"<a rel=""next"" href=""([^""]+)""")]
    private static partial Regex OlderPattern();
}
