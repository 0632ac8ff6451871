using System.Text.Json;
using Paycue.Grains.BankMessages;

namespace Paycue.Gateway.Tests.Cli;

/// <summary><c>paycue parse FILE</c> as an operator runs it: every message that is not taken as a credit says why.</summary>
public sealed class ParseCommandTests
{
    [Fact]
    public async Task EachMessageNotTakenAsACreditCarriesItsReason()
    {
        string[] messages =
        [
            "🟢 Perevod na kartu\n➕ 9 900.00 UZS\n💳 ***8346\n🕒 23.09.26 22:50\n💰 32 203.52 UZS",
            "🎉 To'ldirish\n+ 1.010,00 UZS\n⚠️ Komissiya: 0,00 UZS\n💳 VISA *8286\n🕐 05:36 16.06.2026",
            "Assalomu alaykum!",
            "🔴 Platezh\n➖ 8 000.00 UZS\n💳 ***1393",
            "🟢 Perevod na kartu\n➕ 9 900.00 USD\n💳 ***8346",
            "🟢 Perevod na kartu\n➕ 9 900.00 UZS",
            "🟢 Perevod na kartu\n➕ 9,900.00 UZS\n💳 ***8346",
            "🟢 Perevod na kartu\n➕ 9 900.00 UZS\n+ 100.00 UZS\n💳 ***8346",
            "🟢 Perevod na kartu\n➕ 0.00 UZS\n💳 ***8346",
            "🟢 Perevod na kartu\n➕ 9 900.00 UZS\n💳 ***8346\n💳 ***1393",
            "🟢 Perevod na kartu\n➕ 9 900.00 UZS\n💳 ***8346\n" + new string('x', 4100),
        ];
        var directory = Directory.CreateTempSubdirectory("paycue-parse-").FullName;
        try
        {
            var file = Path.Combine(directory, "messages.txt");
            await File.WriteAllTextAsync(file, "# pasted from the bot chat\n" + string.Join("\n-----\n", messages) + "\n");

            var result = await PaycueProcess.RunAsync(new Dictionary<string, string>(), ["parse", file]);

            Assert.True(result.Code == 0, result.ToString());
            var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(messages.Length, lines.Count);
            string?[] reasons = [null, null, "no_amount_line", "debit", "unknown_currency", "no_card_mask", "unreadable_amount",
                "several_amount_lines", "zero_amount", "several_card_masks", "too_long"];
            string?[] kinds = ["credit", "credit", "other", "debit", "credit", "credit", "other", "other", "credit", "credit", "other"];
            for (var i = 0; i < messages.Length; i++)
            {
                Assert.True(kinds[i] == lines[i].GetProperty("kind").GetString(), $"message {i}: {lines[i]}");
                var reason = lines[i].TryGetProperty("reason", out var r) ? r.GetString() : null;
                Assert.True(reasons[i] == reason, $"message {i}: {lines[i]}");
            }

            // Every reason the parser has is one this command can print (issue 17: "why was this payment not seen?").
            var printed = reasons.OfType<string>().ToHashSet();
            Assert.All(Enum.GetValues<NotACreditReason>().Where(r => r != NotACreditReason.None), r => Assert.Contains(r.Code(), printed));

            // The fields that were there before stay, and say which bank's format it was.
            Assert.Equal(990_000, lines[0].GetProperty("amount_tiyin").GetInt64());
            Assert.Equal("8346", lines[0].GetProperty("last4").GetString());
            Assert.Equal("2026-09-23T22:50:00+05:00", lines[0].GetProperty("time").GetString());
            Assert.Equal(3_220_352, lines[0].GetProperty("balance_tiyin").GetInt64());
            Assert.Equal("uzcard", lines[0].GetProperty("format").GetString());
            Assert.Equal("humo", lines[1].GetProperty("format").GetString());
            Assert.Equal("VISA", lines[1].GetProperty("scheme").GetString());
            Assert.Equal(800_000, lines[3].GetProperty("amount_tiyin").GetInt64());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task HelpNamesTheReasons()
    {
        var result = await PaycueProcess.RunAsync(new Dictionary<string, string>(), ["parse", "--help"]);

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("\"reason\"", result.Out);
        Assert.All(Enum.GetValues<NotACreditReason>().Where(r => r != NotACreditReason.None), r => Assert.Contains(r.Code(), result.Out));
    }
}
