using System.Diagnostics;
using Paycue.Gateway.Cli;

namespace Paycue.Gateway.Tests;

public sealed class CommandLineTests
{
    private static async Task<(int Code, string Out, string Err)> RunPaycueAsync(IDictionary<string, string> env, string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory.CreateTempSubdirectory("paycue-cli-").FullName,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "paycue.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData("TRANSACTION_TIMEOUT", "3x")]
    [InlineData("LIMIT", "-5")]
    [InlineData("AMOUNT_PRECISION", "kopek")]
    public async Task BadConfigurationStopsStartUpWithOneLineNamingTheKey(string key, string value)
    {
        var (code, _, err) = await RunPaycueAsync(new Dictionary<string, string> { [key] = value }, "");
        Assert.Equal(2, code);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"paycue: configuration error: {key}:", line);
    }

    [Fact]
    public async Task ParseReadsStdinAndPrintsOneJsonLinePerMessage()
    {
        var input = "🎉 To'ldirish\n➕ 1.010,00 UZS\n💳 HUMOCARD *7159\n-----\nhello\n-----\n💸 To'lov\n➖ 4.000,00 UZS\n💳 HUMOCARD *6224\n";
        var (code, output, _) = await RunPaycueAsync(new Dictionary<string, string>(), input, "parse");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"kind\":\"credit\",\"amount_tiyin\":101000", lines[0]);
        Assert.Equal("{\"kind\":\"other\",\"reason\":\"no_amount_line\"}", lines[1]);
        Assert.Contains("\"kind\":\"debit\",\"amount_tiyin\":400000", lines[2]);
    }

    [Fact]
    public void ParseOfAMissingFileFailsWithExitCode2()
    {
        var err = new StringWriter();
        var code = ParseCommand.Run(["parse", "/nonexistent/file.txt"], new StringReader(""), new StringWriter(), err);
        Assert.Equal(2, code);
        Assert.Contains("no such file", err.ToString());
    }
}
