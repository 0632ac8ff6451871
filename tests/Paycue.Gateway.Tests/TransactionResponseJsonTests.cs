using System.Text.Json;
using Paycue.Gateway.Endpoints;
using Paycue.Gateway.Http;

namespace Paycue.Gateway.Tests;

/// <summary>
/// The hand-written writer of a transaction's answer must give the very bytes the reflection serializer gives with the
/// same options: the wire contract is the serializer's, the writer only makes it cheaper.
/// </summary>
public sealed class TransactionResponseJsonTests
{
    private static readonly JsonSerializerOptions ByReflection = WithoutHandWriter();

    private static JsonSerializerOptions WithoutHandWriter()
    {
        var options = new JsonSerializerOptions(Envelope.Json);
        var removed = options.Converters.Remove(options.Converters.Single(c => c is TransactionResponseConverter));
        Assert.True(removed);
        return options;
    }

    private static readonly DateTimeOffset Created = new(2026, 12, 7, 19, 4, 5, 123, TimeSpan.Zero);

    private static TransactionResponse JustCreated() => new(
        Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), new SomAmount(2_000_001_00), new SomAmount(2_000_000_00), "humo-1234", "1234", "active",
        false, Created, Created.AddMinutes(30), null, null, null, "http://127.0.0.1:5000/pay/0f8fad5b-d9cb-469f-a165-70867728950e",
        new WebhookSummary("pending", 0, null), []);

    private static TransactionResponse EveryField()
    {
        using var metadata = JsonDocument.Parse("""{"savat": [1, 2.50, "o‘zbek <b>&'\"</b>"], "nested": {"ok": true, "none": null}}""");
        return new TransactionResponse(
            Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), new SomAmount(12_345), new SomAmount(12_300), "uzcard-9876", null, "confirmed",
            false, Created.ToOffset(TimeSpan.FromHours(5)), Created.AddMinutes(30), Created.AddMinutes(3).AddTicks(1234567), Created.AddHours(2),
            "Bekor qilindi — \"xaridor\" <so'rovi> \u0001 bilan", "https://shop.example.uz/to'lov?a=1&b=<2>/pay/7c9e6679-7425-40de-944b-e07fc1f90ae7",
            new WebhookSummary("failed", 3, "evt_01"),
            [
                new WebhookEventResponse("evt_00", "confirm", "delivered", 1, null,
                    [new WebhookAttemptResponse(Created, 200, 12, "ok", null, true)]),
                new WebhookEventResponse("evt_01", "cancel", "failed", 3, Created.AddSeconds(90),
                    [
                        new WebhookAttemptResponse(Created, null, 5000, null, "timeout after 5 s", false),
                        new WebhookAttemptResponse(Created.AddSeconds(10), 503, 40, "<html>Поддержка</html>", null, false),
                    ]),
            ],
            "manual", "pay_42",
            new ResolutionResponse("resolved", "pay_42", Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), "shop", Created.AddHours(1), "to‘lov qo‘lda"),
            "order-№7", metadata.RootElement.Clone(), "https://shop.example.uz/thanks?o=7&x=\"y\"", Created.AddMinutes(1));
    }

    public static TheoryData<string> Cases() => new() { "just created", "every field" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheHandWriterWritesTheBytesTheSerializerWrites(string which)
    {
        var response = which == "every field" ? EveryField() : JustCreated();
        var envelope = new Envelope<TransactionResponse>(true, response);

        var expected = JsonSerializer.Serialize(envelope, ByReflection);
        var actual = JsonSerializer.Serialize(envelope, Envelope.Json);

        Assert.Equal(expected, actual);
        // The reflection options really took the reflection path: a converter left in place would compare it with itself.
        Assert.DoesNotContain(ByReflection.Converters, c => c is TransactionResponseConverter);
    }

    [Fact]
    public void ListsOfTransactionsAreWrittenTheSameWay()
    {
        var envelope = new Envelope<IReadOnlyList<TransactionResponse>>(true, [JustCreated(), EveryField()]);

        Assert.Equal(JsonSerializer.Serialize(envelope, ByReflection), JsonSerializer.Serialize(envelope, Envelope.Json));
    }

    [Fact]
    public void EveryPropertyOfTheRecordIsWritten()
    {
        // A field added to TransactionResponse and forgotten in the hand writer would be missing from the answer.
        using var written = JsonDocument.Parse(JsonSerializer.Serialize(EveryField(), Envelope.Json));
        var names = written.RootElement.EnumerateObject().Select(p => p.Name).ToList();

        Assert.Equal(typeof(TransactionResponse).GetProperties().Length, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
