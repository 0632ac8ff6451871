using System.Security.Cryptography;
using System.Text;

namespace Paycue.Telegram;

/// <summary>
/// Packs a TDLib database directory (the Telegram session) into one sealed byte array for grain state, and
/// restores it into an empty directory on whichever silo activates the card.
/// <para>
/// Format, version 1: <c>"PCSS"</c>, a version byte, a 16-byte random salt, a 12-byte random nonce, then the
/// AES-256-GCM ciphertext of the packed files and its 16-byte tag. The key is HKDF-SHA256 of SESSION_KEY with
/// the salt (<see cref="TdlibKeys"/>); the header is authenticated too, so any altered byte is detected.
/// Packed files: a count, then for each its relative path (with <c>/</c>) and its bytes.
/// </para>
/// TDLib's files are already encrypted with the database key; sealing them again keeps even file names and sizes
/// out of the state store, and lets a snapshot be checked before anything is written to disk.
/// </summary>
public static class SessionSnapshot
{
    /// <summary>Refuse sessions larger than this: with TDLib's databases off a session is a few kilobytes.</summary>
    public const int MaxPackedBytes = 16 * 1024 * 1024;

    private const byte FormatVersion = 1;
    private const int SaltSize = 16;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 4 + 1 + SaltSize + NonceSize;

    private static ReadOnlySpan<byte> Magic => "PCSS"u8;

    /// <summary>Packs and seals every file under <paramref name="databaseDirectory"/>.</summary>
    public static byte[] Pack(string databaseDirectory, string sessionKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseDirectory);
        if (!Directory.Exists(databaseDirectory))
        {
            throw new SessionSnapshotException($"The session directory {databaseDirectory} does not exist.");
        }

        var plaintext = PackFiles(databaseDirectory);
        var snapshot = new byte[HeaderSize + plaintext.Length + TagSize];
        var header = snapshot.AsSpan(0, HeaderSize);
        Magic.CopyTo(header);
        header[4] = FormatVersion;
        var salt = header.Slice(5, SaltSize);
        var nonce = header.Slice(5 + SaltSize, NonceSize);
        RandomNumberGenerator.Fill(salt);
        RandomNumberGenerator.Fill(nonce);

        var key = TdlibKeys.SnapshotKey(sessionKey, salt);
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Encrypt(nonce, plaintext, snapshot.AsSpan(HeaderSize, plaintext.Length), snapshot.AsSpan(HeaderSize + plaintext.Length), header);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return snapshot;
    }

    /// <summary>
    /// Checks and opens a snapshot, then writes its files into <paramref name="targetDirectory"/>, which must be
    /// empty or absent. Nothing is written unless the whole snapshot is intact.
    /// </summary>
    public static void Restore(ReadOnlySpan<byte> snapshot, string targetDirectory, string sessionKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetDirectory);
        var files = Open(snapshot, sessionKey);

        var root = Path.GetFullPath(targetDirectory);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new SessionSnapshotException($"The session directory {root} is not empty; a snapshot is only restored into an empty one.");
        }

        Directory.CreateDirectory(root);
        foreach (var (relativePath, content) in files)
        {
            var path = Path.Combine(root, relativePath.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
        }
    }

    private static List<(string Path, byte[] Content)> Open(ReadOnlySpan<byte> snapshot, string sessionKey)
    {
        if (snapshot.Length < HeaderSize + TagSize || !snapshot[..4].SequenceEqual(Magic))
        {
            throw new SessionSnapshotException("This is not a Paycue session snapshot.");
        }

        if (snapshot[4] != FormatVersion)
        {
            throw new SessionSnapshotException($"The session snapshot has format version {snapshot[4]}, which this Paycue cannot read.");
        }

        var header = snapshot[..HeaderSize];
        var salt = header.Slice(5, SaltSize);
        var nonce = header.Slice(5 + SaltSize, NonceSize);
        var ciphertext = snapshot[HeaderSize..^TagSize];
        var tag = snapshot[^TagSize..];
        var plaintext = new byte[ciphertext.Length];
        var key = TdlibKeys.SnapshotKey(sessionKey, salt);
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, header);
            return UnpackFiles(plaintext);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new SessionSnapshotException(
                "The session snapshot cannot be opened: SESSION_KEY is not the key it was made with, or the snapshot was altered.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>How often a copy is tried before the snapshot gives up because TDLib kept writing.</summary>
    public const int MaxCopyAttempts = 20;

    /// <summary>
    /// A copy of the directory at one moment. TDLib may be writing its binlog while a live session is packed, and it
    /// has no request that pauses or flushes it, so the directory is copied twice in a row and the copy kept only when
    /// both are byte for byte the same and the files (their set, sizes, write and birth times) did not change around
    /// them; else it is taken again, up to <see cref="MaxCopyAttempts"/> times with a short pause between. Each byte
    /// then held its value from its first read to its second, so the copy is the directory as it stood at the instant
    /// between the two copies: what a crash at that instant would have left, which TDLib opens by design. A single copy
    /// that overlapped a write could mix two moments of the binlog (TDLib rewrites it whole when compacting), and file
    /// times alone cannot tell: the kernel updates them on a coarse clock.
    /// </summary>
    private static byte[] PackFiles(string directory)
    {
        var root = Path.GetFullPath(directory);
        for (var attempt = 1; ; attempt++)
        {
            var before = Stat(root);
            byte[] copy;
            byte[] again;
            try
            {
                copy = CopyFiles(root, before);
                again = CopyFiles(root, before);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or EndOfStreamException && attempt < MaxCopyAttempts)
            {
                continue; // a file went (renamed over, deleted) or shrank while it was read: TDLib was busy
            }

            var same = copy.AsSpan().SequenceEqual(again) && before.SequenceEqual(Stat(root));
            CryptographicOperations.ZeroMemory(again);
            if (same)
            {
                return copy;
            }

            CryptographicOperations.ZeroMemory(copy);
            if (attempt >= MaxCopyAttempts)
            {
                throw new SessionSnapshotException(
                    $"TDLib kept writing its database during {MaxCopyAttempts} attempts to copy it; the previous snapshot stays and the next one tries again.");
            }

            Thread.Sleep(TimeSpan.FromMilliseconds(5 * attempt));
        }
    }

    private static List<(string Relative, string Path, long Length, DateTime Written, DateTime Born)> Stat(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => new FileInfo(path))
            .Where(info => info.Exists)
            .Select(info => (Relative: Path.GetRelativePath(root, info.FullName).Replace(Path.DirectorySeparatorChar, '/'), info.FullName, info.Length, info.LastWriteTimeUtc, info.CreationTimeUtc))
            .OrderBy(file => file.Relative, StringComparer.Ordinal)
            .ToList();

    private static byte[] CopyFiles(string root, List<(string Relative, string Path, long Length, DateTime Written, DateTime Born)> files)
    {

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(files.Count);
            foreach (var file in files)
            {
                // TDLib keeps its files open while it runs; share so a snapshot of a live session is possible.
                using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (buffer.Length + stream.Length > MaxPackedBytes)
                {
                    throw new SessionSnapshotException($"The session directory {root} holds more than {MaxPackedBytes / (1024 * 1024)} MiB; is a TDLib database turned on?");
                }

                // The size seen before the copy: a file that grew meanwhile changes its stat, and the copy is taken again.
                var content = new byte[file.Length];
                stream.ReadExactly(content);
                writer.Write(file.Relative);
                writer.Write(content.Length);
                writer.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static List<(string Path, byte[] Content)> UnpackFiles(byte[] plaintext)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(plaintext, writable: false), Encoding.UTF8);
            var count = reader.ReadInt32();
            if (count < 0 || count > plaintext.Length)
            {
                throw new SessionSnapshotException("The session snapshot's file list is damaged.");
            }

            var files = new List<(string, byte[])>(count);
            for (var i = 0; i < count; i++)
            {
                var relativePath = CheckedRelativePath(reader.ReadString());
                var length = reader.ReadInt32();
                if (length < 0 || length > plaintext.Length)
                {
                    throw new SessionSnapshotException("The session snapshot's file list is damaged.");
                }

                files.Add((relativePath, reader.ReadBytes(length)));
                if (files[^1].Item2.Length != length)
                {
                    throw new SessionSnapshotException("The session snapshot is truncated.");
                }
            }

            return files;
        }
        catch (EndOfStreamException ex)
        {
            throw new SessionSnapshotException("The session snapshot is truncated.", ex);
        }
    }

    /// <summary>Only plain relative paths inside the target: no roots, no <c>..</c>, so a snapshot cannot write elsewhere.</summary>
    private static string CheckedRelativePath(string relativePath)
    {
        var segments = relativePath.Split('/');
        var invalid = Path.GetInvalidFileNameChars();
        if (relativePath.Length == 0
            || segments.Any(segment => segment.Length == 0 || segment is "." or ".." || segment.IndexOfAny(invalid) >= 0))
        {
            throw new SessionSnapshotException($"The session snapshot names a file outside its directory ({relativePath}).");
        }

        return relativePath;
    }
}
