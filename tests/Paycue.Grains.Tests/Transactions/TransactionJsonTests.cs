using System.Text;
using System.Text.Json;
using Paycue.Grains.Pool;
using Paycue.Grains.Transactions;

namespace Paycue.Grains.Tests.Transactions;

/// <summary>
/// The hand-written writers of the two JSON documents every create stores (the transaction record and its pool entry)
/// produce the serializer's bytes exactly: what is already in Redis, and every reader of it, stays as it was.
/// </summary>
public sealed class TransactionJsonTests
{
    private static readonly JsonSerializerOptions RecordOptions = new(JsonSerializerDefaults.General);
    private static readonly JsonSerializerOptions EntryOptions = new(JsonSerializerDefaults.Web);

    public static TheoryData<string?, long, string, string?> Openings() => new()
    {
        { "0001", 2_000_000, "+00:00", null },
        { null, 1, "+05:00", null },
        { "7159", long.MaxValue / 2, "-03:30", "empty" },
        { "8346", 123_456_789, "+00:00", "plain" },
        { "0002", 99, "+14:00", "escapes" },
    };

    [Theory]
    [MemberData(nameof(Openings))]
    public void ACreatedRecordIsWrittenAsTheSerializerWritesIt(string? last4, long tiyin, string offset, string? order)
    {
        var created = new DateTimeOffset(2026, 12, 8, 0, 40, 51, TimeSpan.Parse(offset.TrimStart('+'))).AddTicks(2571235);
        var details = order switch
        {
            null => null,
            "empty" => new OrderDetails(null, null, null),
            "plain" => new OrderDetails("order-17", "{\"sku\":\"A-1\",\"qty\":2}", "https://shop.example.uz/thanks?id=17&x=1"),
            _ => new OrderDetails("буюртма/№5 <b>'\"\\", "{\"note\":\"Oʻzbekiston 🇺🇿 \\u0000 +\"}", "https://shop.uz/t?a=<1>&b='2'"),
        };
        var record = new TransactionRecord
        {
            State = TransactionState.Active,
            Opening = new TransactionOpening("sandbox-1", last4, tiyin - 1, tiyin, created, created.AddMinutes(30), details),
        };

        var handWritten = TransactionJson.Serialize(record);

        Assert.Equal(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(record, RecordOptions)), Encoding.UTF8.GetString(handWritten));
        var back = TransactionJson.Deserialize(handWritten);
        Assert.Equal(record.Opening, back.Opening);
        Assert.Equal(TransactionState.Active, back.State);
    }

    [Fact]
    public void ARecordPastItsCreateGoesThroughTheSerializer()
    {
        var at = DateTimeOffset.Parse("2026-12-08T01:00:00+05:00");
        var record = new TransactionRecord
        {
            State = TransactionState.Confirmed,
            Opening = new TransactionOpening("sandbox-2", "0002", 100, 101, at, at.AddMinutes(30)),
            ConfirmedAt = at.AddMinutes(3),
            Payment = new PaymentEvidence("sandbox-2", 42, 101, at.AddMinutes(3)),
            LedgerOwed = true,
        };

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(record, RecordOptions), TransactionJson.Serialize(record));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void APoolEntryIsWrittenAsTheSerializerWritesIt(bool closed)
    {
        var at = new DateTimeOffset(2026, 12, 8, 0, 40, 51, TimeSpan.FromHours(5)).AddTicks(7);
        var entry = new PoolEntry(2_000_017, Guid.Parse("75540db2-0c3c-42c3-ac6e-639f39d02a12"), at, at.AddMinutes(30), closed ? at.AddMinutes(4) : null);

        Assert.Equal(JsonSerializer.Serialize(entry, EntryOptions), (string)RedisCardStore.Serialize(entry)!);
    }
}
