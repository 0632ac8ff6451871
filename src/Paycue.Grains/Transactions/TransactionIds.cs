using System.Security.Cryptography;

namespace Paycue.Grains.Transactions;

/// <summary>
/// New transaction ids: random (version 4) GUIDs from the operating system's cryptographic generator. A transaction id
/// is in every pay link, so it must not be guessable. <see cref="Guid.NewGuid"/> was one <c>read</c> of
/// <c>/dev/urandom</c> per id on Linux (a system call per create, 1.5% of a create's CPU in a profile); here each
/// thread takes 4 KiB from <see cref="RandomNumberGenerator"/> at once and hands out 16 bytes per id, wiping each
/// slice as it goes, so an id's bytes stay in memory only until the id is made.
/// </summary>
public static class TransactionIds
{
    private const int IdBytes = 16;
    private const int BlockBytes = 4096;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_next;

    public static Guid New()
    {
        var block = t_block;
        if (block is null || t_next >= BlockBytes)
        {
            block = t_block ??= new byte[BlockBytes];
            RandomNumberGenerator.Fill(block);
            t_next = 0;
        }

        var bytes = block.AsSpan(t_next, IdBytes);
        t_next += IdBytes;

        // RFC 9562 version 4, variant 10. Guid's constructor reads the first three fields little-endian, so the
        // version nibble is the high half of byte 7.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var id = new Guid(bytes);
        bytes.Clear();
        return id;
    }
}
