using System.Text.Json;

namespace Paycue.Gateway.Http;

/// <summary>
/// Reads a small JSON object body by hand, so every way it can be wrong gets a sentence that says what to fix
/// instead of a framework error page.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 16 * 1024;

    public static async Task<(JsonElement Body, string? Error)> ReadObjectAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (default, $"The body is larger than {MaxBytes / 1024} KiB; send only the fields this endpoint takes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return (default, $"The body is larger than {MaxBytes / 1024} KiB; send only the fields this endpoint takes.");
            }
        }

        if (buffer.Length == 0)
        {
            return (default, "The body is empty; send a JSON object such as {\"amount\": 20000}.");
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (default, "The body must be a JSON object such as {\"amount\": 20000}.");
            }

            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (default, "The body is not valid JSON; send a JSON object such as {\"amount\": 20000}.");
        }
    }

    /// <summary>Reads <c>amount</c> (a JSON number or numeric string of so'm) into tiyin.</summary>
    public static bool TryReadAmount(JsonElement body, string name, bool wholeSomOnly, out long tiyin, out string? error)
    {
        tiyin = 0;
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            error = $"{name} is missing; send it as a number of so'm, such as {{\"{name}\": 20000}}.";
            return false;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString()!,
            _ => null,
        };
        if (text is null)
        {
            error = $"{name} must be a number of so'm, such as 20000.";
            return false;
        }

        if (!Money.TryParseSom(text, wholeSomOnly, out tiyin, out error))
        {
            error = error!.Replace("amount", name, StringComparison.Ordinal);
            return false;
        }

        return true;
    }

    /// <summary>Reads an optional string field; an error when present but not a string.</summary>
    public static bool TryReadString(JsonElement body, string name, out string? text, out string? error)
    {
        text = null;
        error = null;
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error = $"{name} must be a string.";
            return false;
        }

        text = value.GetString();
        return true;
    }
}
