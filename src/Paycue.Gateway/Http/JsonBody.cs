using System.Buffers;
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

        // A pooled buffer: a create's body is a few dozen bytes, and a fresh 4 KiB chunk per request was a quarter
        // of what a create allocated.
        var buffer = ArrayPool<byte>.Shared.Rent(512);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > MaxBytes)
                {
                    return (default, $"The body is larger than {MaxBytes / 1024} KiB; send only the fields this endpoint takes.");
                }
            }

            if (length == 0)
            {
                return (default, "The body is empty; send a JSON object such as {\"amount\": 20000}.");
            }

            try
            {
                // The document reads the pooled buffer in place; the clone it returns owns a copy of its own.
                using var document = JsonDocument.Parse(buffer.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = 16 });
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
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
