namespace Paycue.Grains;

/// <summary>Storage provider names, in one place so grains and hosts cannot disagree.</summary>
public static class StorageNames
{
    public const string Paycue = "paycue";
}
