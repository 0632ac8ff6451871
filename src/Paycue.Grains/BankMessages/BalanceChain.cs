namespace Paycue.Grains.BankMessages;

/// <summary>
/// Each notification carries the balance after it. If the previous balance plus or minus this amount is not the new
/// balance, a notification in between was never seen: a payment may have been missed.
/// </summary>
public sealed class BalanceChain(long? lastBalanceTiyin = null)
{
    public long? LastBalanceTiyin { get; private set; } = lastBalanceTiyin;

    /// <summary>Feeds a message; true when it reveals a gap.</summary>
    public bool Observe(ParsedBankMessage parsed)
    {
        if (parsed.Currency != "UZS" || parsed.BalanceTiyin is not { } balance)
        {
            return false;
        }

        var gap = false;
        if (LastBalanceTiyin is { } previous && parsed.AmountTiyin is { } amount && parsed.Kind != BankMessageKind.Other)
        {
            var expected = parsed.Kind == BankMessageKind.Credit ? previous + amount : previous - amount;
            gap = expected != balance;
        }

        LastBalanceTiyin = balance;
        return gap;
    }
}
