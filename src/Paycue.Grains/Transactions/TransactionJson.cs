using System.Buffers;
using System.Text.Json;

namespace Paycue.Grains.Transactions;

/// <summary>The stored form of a <see cref="TransactionRecord"/>: plain System.Text.Json, no type names.</summary>
internal static class TransactionJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    // The names the serializer gives the properties under Options (no naming policy: as declared).
    private static readonly JsonEncodedText State = JsonEncodedText.Encode(nameof(TransactionRecord.State));
    private static readonly JsonEncodedText Opening = JsonEncodedText.Encode(nameof(TransactionRecord.Opening));
    private static readonly JsonEncodedText ConfirmedAt = JsonEncodedText.Encode(nameof(TransactionRecord.ConfirmedAt));
    private static readonly JsonEncodedText CancelledAt = JsonEncodedText.Encode(nameof(TransactionRecord.CancelledAt));
    private static readonly JsonEncodedText CancelReason = JsonEncodedText.Encode(nameof(TransactionRecord.CancelReason));
    private static readonly JsonEncodedText Payment = JsonEncodedText.Encode(nameof(TransactionRecord.Payment));
    private static readonly JsonEncodedText Events = JsonEncodedText.Encode(nameof(TransactionRecord.Events));
    private static readonly JsonEncodedText Resolution = JsonEncodedText.Encode(nameof(TransactionRecord.Resolution));
    private static readonly JsonEncodedText PayPageOpenedAt = JsonEncodedText.Encode(nameof(TransactionRecord.PayPageOpenedAt));
    private static readonly JsonEncodedText LedgerOwed = JsonEncodedText.Encode(nameof(TransactionRecord.LedgerOwed));
    private static readonly JsonEncodedText CardId = JsonEncodedText.Encode(nameof(TransactionOpening.CardId));
    private static readonly JsonEncodedText CardLast4 = JsonEncodedText.Encode(nameof(TransactionOpening.CardLast4));
    private static readonly JsonEncodedText RequestedTiyin = JsonEncodedText.Encode(nameof(TransactionOpening.RequestedTiyin));
    private static readonly JsonEncodedText AmountTiyin = JsonEncodedText.Encode(nameof(TransactionOpening.AmountTiyin));
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode(nameof(TransactionOpening.CreatedAt));
    private static readonly JsonEncodedText ExpiresAt = JsonEncodedText.Encode(nameof(TransactionOpening.ExpiresAt));
    private static readonly JsonEncodedText Order = JsonEncodedText.Encode(nameof(TransactionOpening.Order));

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// The record as JSON. A record as every create writes it (active, nothing after the opening yet) is written field by
    /// field: the reflection serializer was a visible share of a create's CPU. The bytes are the serializer's
    /// (<c>TransactionJsonTests</c> compares the two); any other record goes through the serializer itself.
    /// </summary>
    public static byte[] Serialize(TransactionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!IsJustCreated(record))
        {
            return JsonSerializer.SerializeToUtf8Bytes(record, Options);
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        try
        {
            WriteJustCreated(writer, record);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            writer.Reset();
            if (buffer.Capacity > 64 * 1024)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    public static TransactionRecord Deserialize(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<TransactionRecord>(json, Options)!;

    /// <summary>A deep copy, to change and save while the current record stays what storage last confirmed.</summary>
    public static TransactionRecord Clone(TransactionRecord record) => Deserialize(Serialize(record));

    private static bool IsJustCreated(TransactionRecord record) =>
        record.Opening is not null && record.ConfirmedAt is null && record.CancelledAt is null && record.CancelReason is null
        && record.Payment is null && record.Events is { Count: 0 } && record.Resolution is null && record.PayPageOpenedAt is null;

    private static void WriteJustCreated(Utf8JsonWriter writer, TransactionRecord record)
    {
        var opening = record.Opening!;
        writer.WriteStartObject();
        writer.WriteNumber(State, (int)record.State);
        writer.WriteStartObject(Opening);
        writer.WriteString(CardId, opening.CardId);
        if (opening.CardLast4 is { } last4)
        {
            writer.WriteString(CardLast4, last4);
        }
        else
        {
            writer.WriteNull(CardLast4);
        }

        writer.WriteNumber(RequestedTiyin, opening.RequestedTiyin);
        writer.WriteNumber(AmountTiyin, opening.AmountTiyin);
        writer.WriteString(CreatedAt, opening.CreatedAt);
        writer.WriteString(ExpiresAt, opening.ExpiresAt);
        writer.WritePropertyName(Order);
        if (opening.Order is { } order)
        {
            JsonSerializer.Serialize(writer, order, Options);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteEndObject();
        writer.WriteNull(ConfirmedAt);
        writer.WriteNull(CancelledAt);
        writer.WriteNull(CancelReason);
        writer.WriteNull(Payment);
        writer.WriteStartArray(Events);
        writer.WriteEndArray();
        writer.WriteNull(Resolution);
        writer.WriteNull(PayPageOpenedAt);
        writer.WriteBoolean(LedgerOwed, record.LedgerOwed);
        writer.WriteEndObject();
    }
}
