using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Paycue.Gateway.Cli;

/// <summary>Reading fields of an API answer for people, and writing it back out for scripts, without ever turning an amount into a double.</summary>
public static class JsonText
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A field as text: strings as they are, numbers as their exact JSON text (so 20001.5 stays 20001.5), null or missing as null.</summary>
    public static string? Field(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? Text(value) : null;

    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    /// <summary>An amount for people: the API's number text followed by the currency.</summary>
    public static string? Som(this JsonElement element, string name) => element.Field(name) is { } amount ? $"{amount} so'm" : null;

    /// <summary>A time for people: this machine's local time to the second; the API's text as it is when it is not a time.</summary>
    public static string? Time(this JsonElement element, string name) =>
        element.Field(name) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : text;

    public static IEnumerable<JsonElement> Items(this JsonElement element, string? name = null)
    {
        var list = name is null ? element : element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var inner) ? inner : default;
        return list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];
    }

    /// <summary>Writes the API's <c>data</c> as indented JSON; numbers keep their exact text.</summary>
    public static void Write(JsonElement data, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            data.WriteTo(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
