using System.Text;
using System.Text.Json;

namespace Paycue.Gateway.Endpoints;

/// <summary>
/// The create call's optional per-order fields (<c>order_id</c>, <c>metadata</c>, <c>ttl</c>, <c>return_url</c>),
/// read by hand so each way one can be wrong gets a sentence saying what to send instead.
/// </summary>
public static class OrderFields
{
    public const int MinTtlSeconds = 60;
    public const int MaxTtlSeconds = 86_400;
    public const int MaxReturnUrlLength = 2048;

    public static bool TryRead(JsonElement body, out TimeSpan? ttl, out OrderDetails? order, out string? error)
    {
        ttl = null;
        order = null;
        if (!TryOrderId(body, out var orderId, out error) || !TryMetadata(body, out var metadata, out error)
            || !TryTtl(body, out ttl, out error) || !TryReturnUrl(body, out var returnUrl, out error))
        {
            return false;
        }

        order = OrderDetails.OrNull(orderId, metadata, returnUrl);
        return true;
    }

    private static bool Present(JsonElement body, string name, out JsonElement value) =>
        body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static bool TryOrderId(JsonElement body, out string? orderId, out string? error)
    {
        orderId = null;
        error = null;
        if (!Present(body, "order_id", out var value))
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error = "order_id must be a string, such as \"order-1042\".";
            return false;
        }

        var text = value.GetString()!;
        if (!IsValidOrderId(text, out error))
        {
            return false;
        }

        orderId = text;
        return true;
    }

    /// <summary>1 to 64 characters, none of them control characters (they would break logs and CSV rows).</summary>
    public static bool IsValidOrderId(string text, out string? error)
    {
        error = text.Length is 0 or > OrderDetails.MaxOrderIdLength
            ? $"order_id must be 1 to {OrderDetails.MaxOrderIdLength} characters; it is {text.Length}."
            : text.Any(char.IsControl) ? "order_id must not contain control characters such as line breaks or tabs." : null;
        return error is null;
    }

    private static bool TryMetadata(JsonElement body, out string? metadata, out string? error)
    {
        metadata = null;
        error = null;
        if (!Present(body, "metadata", out var value))
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            error = "metadata must be a JSON object, such as {\"customer\": \"42\"}.";
            return false;
        }

        // Kept compact, as sent: it is echoed back byte for byte in reads and webhooks.
        var compact = JsonSerializer.Serialize(value);
        var bytes = Encoding.UTF8.GetByteCount(compact);
        if (bytes > OrderDetails.MaxMetadataBytes)
        {
            error = $"metadata is {bytes} bytes as compact JSON; keep it to {OrderDetails.MaxMetadataBytes} bytes (store the rest on your side under order_id).";
            return false;
        }

        metadata = compact;
        return true;
    }

    private static bool TryTtl(JsonElement body, out TimeSpan? ttl, out string? error)
    {
        ttl = null;
        error = null;
        if (!Present(body, "ttl", out var value))
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds))
        {
            error = $"ttl must be a whole number of seconds from {MinTtlSeconds} to {MaxTtlSeconds}, such as 600 for 10 minutes.";
            return false;
        }

        if (seconds is < MinTtlSeconds or > MaxTtlSeconds)
        {
            error = $"ttl must be from {MinTtlSeconds} seconds (1 minute) to {MaxTtlSeconds} seconds (1 day); it is {seconds}.";
            return false;
        }

        ttl = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static bool TryReturnUrl(JsonElement body, out string? returnUrl, out string? error)
    {
        returnUrl = null;
        error = null;
        if (!Present(body, "return_url", out var value))
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error = "return_url must be a string, such as \"https://shop.example/orders/1042\".";
            return false;
        }

        var text = value.GetString()!;
        if (!IsValidReturnUrl(text, out error))
        {
            return false;
        }

        returnUrl = text;
        return true;
    }

    /// <summary>An absolute http or https URL with a host, no credentials in it, at most 2048 characters.</summary>
    public static bool IsValidReturnUrl(string text, out string? error)
    {
        error = null;
        if (text.Length > MaxReturnUrlLength)
        {
            error = $"return_url must be at most {MaxReturnUrlLength} characters.";
        }
        else if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0 || text.Any(char.IsControl))
        {
            error = "return_url must be an absolute http or https URL, such as \"https://shop.example/orders/1042\".";
        }
        else if (uri.UserInfo.Length > 0)
        {
            error = "return_url must not carry a user name or password.";
        }

        return error is null;
    }
}
