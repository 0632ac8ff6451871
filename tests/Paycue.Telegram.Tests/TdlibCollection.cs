namespace Paycue.Telegram.Tests;

/// <summary>
/// Every test that drives the real TDLib shares one <see cref="TdlibFixture"/>: a process has only one
/// <see cref="TdReceiveLoop"/>, so these tests also never run in parallel with each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TdlibCollection : ICollectionFixture<TdlibFixture>
{
    public const string Name = nameof(TdlibCollection);
}
