namespace Paycue.Gateway.Cli;

/// <summary><c>paycue cards</c>: every card and how it is doing (<c>GET /api/cards</c>).</summary>
public static class CardsCommand
{
    public static async Task<int> RunAsync(CliArguments arguments, CliContext context)
    {
        arguments.Allow("cards");
        arguments.ExpectWords("cards", 1, 0, "no words after it");
        using var api = context.Connect(arguments);
        return context.Finish(await api.GetAsync("api/cards"), arguments, (cards, output) =>
        {
            var table = new TextTable("CARD", "KIND", "BANK", "LAST4", "STATUS", "OPEN>", "GAPS>", "REASON");
            foreach (var card in cards.Items())
            {
                table.Add(card.Field("card_id"), card.Field("kind"), card.Field("bank"), card.Field("last4"), card.Field("status"), card.Field("open_transactions"),
                    card.Field("balance_gaps"), card.Field("status_reason"));
            }

            if (table.Count == 0)
            {
                output.WriteLine("No cards.");
                return;
            }

            table.WriteTo(output);
        });
    }
}
