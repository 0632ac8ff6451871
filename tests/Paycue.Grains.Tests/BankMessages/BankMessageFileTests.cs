using Paycue.Grains.BankMessages;

namespace Paycue.Grains.Tests.BankMessages;

public sealed class BankMessageFileTests
{
    [Fact]
    public void FixtureFileBecomesOneJsonLinePerMessageInOrder()
    {
        using var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "Fixtures", "bank-bot-messages.txt"));
        var lines = BankMessageFile.Split(reader).Select(m => BankMessageFile.ToJsonLine(BankMessageParser.Parse(m))).ToList();

        Assert.Equal(Fixture.All.Count, lines.Count);
        Assert.Equal("{\"kind\":\"credit\",\"amount_tiyin\":101000,\"currency\":\"UZS\",\"scheme\":\"HUMOCARD\",\"last4\":\"7159\",\"source\":\"Click P2P WALLET 2\",\"time\":\"2026-06-16T05:36:00+05:00\",\"balance_tiyin\":2337871,\"format\":\"humo\"}", lines[0]);
        Assert.Equal("{\"kind\":\"other\",\"reason\":\"no_amount_line\"}", lines[^1]);
        Assert.Contains("\"scheme\":null", lines[^2]);
    }
}
