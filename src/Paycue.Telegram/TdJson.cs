using System.Globalization;
using System.Text.Json;

namespace Paycue.Telegram;

/// <summary>Small readers for TDLib's JSON conventions (the <c>@type</c> tag; int64 fields sent as strings).</summary>
internal static class TdJson
{
    /// <summary>The object's <c>@type</c>, or null when it is not an object or has none.</summary>
    public static string? TypeOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("@type", out var type)
        && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;

    /// <summary>
    /// Reads an integer field. TDLib writes int32 and int53 as numbers and int64 as strings; both are accepted.
    /// </summary>
    public static bool TryGetInt64(JsonElement element, string name, out long value)
    {
        value = 0;
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var field))
        {
            return false;
        }

        return field.ValueKind switch
        {
            JsonValueKind.Number => field.TryGetInt64(out value),
            JsonValueKind.String => long.TryParse(field.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    /// <summary>True when the field is present and not null.</summary>
    public static bool HasObject(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var field)
        && field.ValueKind != JsonValueKind.Null;
}
