using System.Globalization;
using Paycue.Grains.BankMessages;

namespace Paycue.Grains.Tests.BankMessages;

/// <summary>One block of <c>Fixtures/bank-bot-messages.txt</c>: a real notification and what it must parse to.</summary>
public sealed record Fixture(string Text, BankMessageKind Kind, long? AmountTiyin, string? Currency, string? Last4, CardScheme? Scheme)
{
    public override string ToString() => Text.Split('\n')[0];

    public static IReadOnlyList<Fixture> All { get; } = Load();

    private static List<Fixture> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "bank-bot-messages.txt");
        var fixtures = new List<Fixture>();
        foreach (var block in File.ReadAllText(path).Split("\n-----\n"))
        {
            var lines = block.Split('\n').ToList();
            var expect = lines.FirstOrDefault(l => l.StartsWith("# expect:", StringComparison.Ordinal));
            if (expect is null)
            {
                continue;
            }

            var fields = expect["# expect:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1] == "-" ? null : f[1]);
            var text = string.Join('\n', lines.Where(l => !l.StartsWith('#'))).Trim('\n');
            fixtures.Add(new Fixture(
                text,
                fields["kind"] switch { "credit" => BankMessageKind.Credit, "debit" => BankMessageKind.Debit, _ => BankMessageKind.Other },
                fields["amount_tiyin"] is { } a ? long.Parse(a, CultureInfo.InvariantCulture) : null,
                fields["currency"],
                fields["last4"],
                fields["scheme"] switch { "HUMOCARD" => CardScheme.Humocard, "UZCARD" => CardScheme.Uzcard, _ => null }));
        }

        return fixtures;
    }
}
