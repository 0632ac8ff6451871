using System.Collections.Concurrent;
using Paycue.Grains.Transactions;

namespace Paycue.Grains.Tests.Transactions;

/// <summary>Transaction ids are random version-4 GUIDs: every random bit varies, none repeats, on any thread.</summary>
public sealed class TransactionIdsTests
{
    [Fact]
    public void IdsAreVersion4WithTheRfcVariant()
    {
        for (var i = 0; i < 10_000; i++)
        {
            var text = TransactionIds.New().ToString("D");
            Assert.Equal('4', text[14]);
            Assert.Contains(text[19], "89ab");
        }
    }

    [Fact]
    public void EveryRandomBitTakesBothValues()
    {
        var ones = new int[128];
        const int Count = 2_000;
        for (var i = 0; i < Count; i++)
        {
            var bytes = TransactionIds.New().ToByteArray(bigEndian: true);
            for (var bit = 0; bit < 128; bit++)
            {
                ones[bit] += (bytes[bit / 8] >> (7 - (bit % 8))) & 1;
            }
        }

        // Big-endian: bits 48..51 are the version (0100), bits 64..65 the variant (10); the other 122 are random.
        int[] version = [48, 49, 50, 51];
        int[] variant = [64, 65];
        for (var bit = 0; bit < 128; bit++)
        {
            if (version.Contains(bit) || variant.Contains(bit))
            {
                var expected = bit is 49 or 64 ? Count : 0;
                Assert.True(ones[bit] == expected, $"bit {bit} is fixed in a version-4 id; set in {ones[bit]} of {Count}");
            }
            else
            {
                // A fair bit lands outside 800..1,200 of 2,000 with a probability below 1e-18.
                Assert.InRange(ones[bit], 800, 1_200);
            }
        }
    }

    [Fact]
    public async Task NoIdRepeatsAcrossThreadsAndBlocks()
    {
        var seen = new ConcurrentDictionary<Guid, bool>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            // 2,000 ids per thread: several 4 KiB blocks each.
            for (var i = 0; i < 2_000; i++)
            {
                Assert.True(seen.TryAdd(TransactionIds.New(), true));
            }
        })));

        Assert.Equal(8_000, seen.Count);
    }
}
