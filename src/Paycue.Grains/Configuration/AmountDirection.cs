namespace Paycue.Grains.Configuration;

/// <summary>Which way from the requested amount to look for a free one.</summary>
public enum AmountDirection
{
    Up,
    Down,
}
