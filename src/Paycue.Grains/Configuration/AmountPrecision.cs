namespace Paycue.Grains.Configuration;

/// <summary>The step between candidate amounts.</summary>
public enum AmountPrecision
{
    /// <summary>Whole so'm: 20000, 20001, ... (100 tiyin steps).</summary>
    Som,

    /// <summary>Tiyin: 20000.00, 20000.01, ...</summary>
    Tiyin,
}
