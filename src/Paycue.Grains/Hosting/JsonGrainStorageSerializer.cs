using System.Text.Json;
using Orleans.Storage;

namespace Paycue.Grains.Hosting;

/// <summary>
/// Stores grain state as plain System.Text.Json, without the assembly-qualified type names of the default
/// serializer, so renaming or moving a state class never strands stored transactions.
/// </summary>
public sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)!;
}
