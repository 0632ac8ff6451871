using Paycue.Gateway.Cli;

namespace Paycue.Gateway.Tests.Cli;

/// <summary>Which argument lists are commands and which start the service: a mistake here either starts a second service or refuses to start one.</summary>
public sealed class CommandDispatchTests
{
    [Theory]
    [InlineData]
    [InlineData("--PORT=10900")]
    [InlineData("--PORT", "10900")]
    [InlineData("PORT=10900")]
    [InlineData("--urls", "http://0.0.0.0:5000")]
    [InlineData("--contentRoot=/tmp", "--environment=Development", "--applicationName=paycue")]
    public void ConfigurationArgumentsStartTheService(params string[] args) => Assert.False(CommandLine.IsCommand(args));

    [Theory]
    [InlineData("transaction", "list")]
    [InlineData("cards")]
    [InlineData("payments", "--unmatched")]
    [InlineData("parse")]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--version")]
    [InlineData("help", "cards")]
    [InlineData("--url", "http://127.0.0.1:1", "cards")]
    [InlineData("--url=http://127.0.0.1:1", "--json", "cards")]
    [InlineData("--json")]
    [InlineData("transactoin")]
    [InlineData("card", "add")]
    public void CommandsTypoesAndReservedWordsAreCommands(params string[] args) => Assert.True(CommandLine.IsCommand(args));

    [Fact]
    public void OptionsMayComeAnywhereInBothForms()
    {
        var parsed = CliArguments.Parse(["--json", "transaction", "--state=cancelled", "list", "--limit", "5"]);

        Assert.Equal(["transaction", "list"], parsed.Words);
        Assert.True(parsed.Json);
        Assert.Equal("cancelled", parsed.Value("--state"));
        Assert.Equal(5, parsed.Limit());
    }

    [Fact]
    public void TablesAlignColumnsAndRightAlignAmounts()
    {
        var table = new TextTable("CARD", "AMOUNT>", "NOTE");
        table.Add("sandbox-1", "20000.50", null);
        table.Add("c", "7", "x");
        var output = new StringWriter();
        table.WriteTo(output);

        Assert.Equal("CARD" + new string(' ', 9) + "AMOUNT  NOTE\n" + "sandbox-1  20000.50  -\n" + "c" + new string(' ', 17) + "7  x\n", output.ToString().ReplaceLineEndings("\n"));
    }
}
