using Paycue.Grains.Transactions;

namespace Paycue.Grains.Tests.Transactions;

/// <summary>Which retries an Idempotency-Key's record takes as the request it names, the bank included, across the upgrade.</summary>
public sealed class IdempotencyRecordTests
{
    private static IdempotencyRecord Record(string? cardId, string? bank = null) =>
        new() { RequestedTiyin = 20_000_00, RequestedCardId = cardId, RequestedBank = bank, RequestedTerms = null };

    [Theory]
    [InlineData(null, "uzcard", null, "uzcard", true)]
    [InlineData(null, "uzcard", null, "humo", false)]
    [InlineData(null, "uzcard", null, null, false)]
    [InlineData(null, null, null, "uzcard", false)]
    [InlineData("sandbox-2", null, "sandbox-2", "uzcard", true)] // a named card says the bank already
    [InlineData("sandbox-2", null, null, "uzcard", false)]
    [InlineData("bank:uzcard", null, null, "uzcard", true)] // stored by the earlier version, bank as a selector
    [InlineData("bank:uzcard", null, null, "humo", false)]
    [InlineData("bank:uzcard", null, "sandbox-2", null, false)]
    public void TheBankIsPartOfTheRequest(string? storedCard, string? storedBank, string? cardId, string? bank, bool same) =>
        Assert.Equal(same, Record(storedCard, storedBank).SameRequest(20_000_00, cardId, bank, null));

    [Fact]
    public void AnotherAmountOrOtherTermsAreAnotherRequest()
    {
        Assert.False(Record(null, "humo").SameRequest(20_000_01, null, "humo", null));
        Assert.False(Record(null, "humo").SameRequest(20_000_00, null, "humo", "{\"ttl\":1}"));
    }
}
