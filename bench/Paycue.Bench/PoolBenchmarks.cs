using BenchmarkDotNet.Attributes;
using Paycue.Grains.BankMessages;
using Paycue.Grains.Configuration;
using Paycue.Grains.Pool;

namespace Paycue.Bench;

/// <summary>
/// In-process costs of the hot paths: finding a free amount next to 100 or 10,000 held ones (the pool must not slow
/// down as transactions pile up), and parsing a bank-bot message.
/// </summary>
public class PoolBenchmarks
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddYears(56);
    private AmountPool pool = null!;
    private long requested;

    [Params(100, 10_000)]
    public int Held { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        pool = new AmountPool(100, 100, AmountDirection.Up, TimeSpan.FromMinutes(10));
        for (var i = 0; i < Held; i++)
        {
            // Spread over distinct requested amounts, as a shop's orders are, each also holding its neighbour.
            pool.Hold(new PoolEntry(1_000_000 + (i * 200L), Guid.NewGuid(), Now, Now.AddMinutes(30), null));
        }

        requested = 1_000_000 + (Held / 2 * 200L);
    }

    [Benchmark]
    public long FindFree() => pool.FindFree(requested, Now)!.Value.AmountTiyin;

    [Benchmark]
    public long ParseHumoCredit() => BankMessageParser.Parse("🎉 To'ldirish\n➕ 20.001,00 UZS\n📍 Click P2P WALLET 2\n💳 HUMOCARD *7159\n🕓 05:36 16.06.2026\n💰 23.378,71 UZS").AmountTiyin!.Value;
}
