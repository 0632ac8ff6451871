using System.Text.Json;

namespace Paycue.Grains.Transactions;

/// <summary>The stored form of a <see cref="TransactionRecord"/>: plain System.Text.Json, no type names.</summary>
internal static class TransactionJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static byte[] Serialize(TransactionRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, Options);

    public static TransactionRecord Deserialize(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<TransactionRecord>(json, Options)!;

    /// <summary>A deep copy, to change and save while the current record stays what storage last confirmed.</summary>
    public static TransactionRecord Clone(TransactionRecord record) => Deserialize(Serialize(record));
}
