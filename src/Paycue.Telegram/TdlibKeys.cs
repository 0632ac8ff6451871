using System.Security.Cryptography;
using System.Text;

namespace Paycue.Telegram;

/// <summary>
/// Keys derived from the <c>SESSION_KEY</c> secret. One secret protects a session twice: TDLib encrypts its
/// database with one key, and the snapshot of that database kept in grain state is sealed with another.
/// The two come from HKDF-SHA256 with different labels, so neither key reveals the other.
/// </summary>
public static class TdlibKeys
{
    /// <summary>The shortest SESSION_KEY accepted; anything shorter is too easy to guess.</summary>
    public const int MinimumSessionKeyLength = 16;

    private static readonly byte[] DatabaseKeyLabel = "paycue/tdlib-database-encryption-key/v1"u8.ToArray();
    private static readonly byte[] SnapshotKeyLabel = "paycue/session-snapshot/v1"u8.ToArray();

    /// <summary>TDLib's <c>database_encryption_key</c> (32 bytes) for this SESSION_KEY; the same on every silo.</summary>
    public static byte[] DatabaseEncryptionKey(string sessionKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, SecretBytes(sessionKey), 32, salt: [], info: DatabaseKeyLabel);

    /// <summary>The AES-256 key of one snapshot; the salt is random per snapshot and stored in its header.</summary>
    internal static byte[] SnapshotKey(string sessionKey, ReadOnlySpan<byte> salt)
    {
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, SecretBytes(sessionKey), key, salt, SnapshotKeyLabel);
        return key;
    }

    private static byte[] SecretBytes(string sessionKey)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        if (sessionKey.Length < MinimumSessionKeyLength)
        {
            throw new ArgumentException($"SESSION_KEY must be at least {MinimumSessionKeyLength} characters long.", nameof(sessionKey));
        }

        return Encoding.UTF8.GetBytes(sessionKey);
    }
}
