using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paycue.Gateway.Http;

/// <summary>An amount on the wire: so'm as a JSON number, written from integer tiyin as exact decimal text.</summary>
[JsonConverter(typeof(SomAmountConverter))]
public readonly record struct SomAmount(long Tiyin)
{
    public override string ToString() => Money.ToSomText(Tiyin);
}

public sealed class SomAmountConverter : JsonConverter<SomAmount>
{
    public override SomAmount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.Number
            ? System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan)
            : throw new JsonException("An amount must be a JSON number.");
        return Money.TryParseSom(text, wholeSomOnly: false, out var tiyin, out var error) ? new SomAmount(tiyin) : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, SomAmount value, JsonSerializerOptions options) => WriteValue(writer, value);

    /// <summary>The amount as a JSON number; also used by writers that write a whole object by hand.</summary>
    public static void WriteValue(Utf8JsonWriter writer, SomAmount value) =>
        writer.WriteRawValue(Money.ToSomText(value.Tiyin), skipInputValidation: true);
}
