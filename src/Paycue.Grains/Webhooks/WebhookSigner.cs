using System.Security.Cryptography;
using System.Text;

namespace Paycue.Grains.Webhooks;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64 HMAC-SHA256 over <c>id.timestamp.body</c>, keyed with the
/// bytes of a <c>whsec_</c> base64 secret. A receiver recomputes it to know the webhook came from us, unaltered.
/// </summary>
public static class WebhookSigner
{
    public const string Prefix = "whsec_";

    public static string GenerateSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static bool TryParseSecret(string? secret, out byte[] key)
    {
        key = [];
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var buffer = new byte[secret.Length];
        if (!Convert.TryFromBase64String(secret[Prefix.Length..], buffer, out var written) || written < 16)
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }

    public static string Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, message));
    }
}
