namespace Paycue.Gateway.Cli;

/// <summary>What <c>paycue --help</c>, <c>paycue help COMMAND</c> and <c>COMMAND --help</c> print, and the one-line usages errors end with.</summary>
public static class HelpText
{
    public const string General = """
        paycue: card-to-card payment confirmation for Uzbekistan.

        Usage:
          paycue                     start the service (settings from .env and the environment; see README.md)
          paycue COMMAND [OPTIONS]   work with a running service through its HTTP API

        Commands:
          transaction create --amount SOM [--card ID] [--idempotency-key KEY]
                                     create a transaction; prints the exact amount the payer must transfer
          transaction show ID        one transaction, with its webhook deliveries
          transaction cancel ID      cancel an active transaction; a cancel webhook follows
          transaction list [--state active|confirmed|cancelled] [--limit N]
                                     transactions in one state, newest first (default: active)
          cards                      every card with its status and open transactions
          card add                   add a Telegram account's card and log it in (asks on the terminal)
          payments [--unmatched|--matched] [--since TIME] [--before TIME] [--limit N]
                                     credits the bank bot reported, matched or not, newest first
          parse [FILE]               how Paycue reads bank-bot messages (needs no service)
          help [COMMAND]             this text, or one command's

        Options of the commands that talk to the service:
          --url URL                  the service; default PAYCUE_URL, else http://127.0.0.1:PORT (PORT default 10800)
          --user NAME                API user; default API_USERNAME
          --password SECRET          API password; default API_PASSWORD
          --json                     print the API's data as JSON (for scripts) instead of a table
          -h, --help                 help for the command
          --version                  print the version
        Flags win over environment variables, which win over .env in the working directory. Amounts are so'm exactly
        as the API gives them; times in tables are this machine's local time (--json has the API's exact values).

        Exit codes:
          0  ok
          1  the API answered with an error (its detail is printed to standard error)
          2  usage error: unknown command, bad option or value
          3  cannot reach the service: connection refused, unknown host, or no answer within 30 s
          4  not found (HTTP 404): no such transaction or card
          5  authentication failed (HTTP 401): check API_USERNAME and API_PASSWORD
        """;

    private static readonly Dictionary<string, string> Commands = new(StringComparer.Ordinal)
    {
        ["transaction"] = """
            usage: paycue transaction create|show|cancel|list ...

              transaction create --amount SOM [--card ID] [--idempotency-key KEY]
              transaction show ID
              transaction cancel ID
              transaction list [--state active|confirmed|cancelled] [--limit N]

            paycue help transaction SUBCOMMAND says more about each.
            """,
        ["transaction create"] = """
            usage: paycue transaction create --amount SOM [--card ID] [--idempotency-key KEY] [--json]

            Creates a transaction (POST /api/transactions) and prints the amount the payer must transfer: the requested
            amount or the nearest free one above it (or below, with AMOUNT_DIRECTION=down).

              --amount SOM             the price in so'm, such as 20000 (or 20000.50 with AMOUNT_PRECISION=tiyin)
              --card ID                use this card (an id from paycue cards); default: the card with the closest free amount
              --idempotency-key KEY    the same key returns the same transaction while it lives, so a retry never makes two
            """,
        ["transaction show"] = """
            usage: paycue transaction show ID [--json]

            Prints one transaction (GET /api/transactions/ID): amounts, card, state, times and webhook deliveries.
            Exit code 4 when there is no such transaction.
            """,
        ["transaction cancel"] = """
            usage: paycue transaction cancel ID [--json]

            Cancels an active transaction (DELETE /api/transactions/ID); a cancel webhook follows. Exit code 4 when there
            is no such transaction, 1 when it is already confirmed or cancelled.
            """,
        ["transaction list"] = """
            usage: paycue transaction list [--state active|confirmed|cancelled] [--limit N] [--json]

            Lists transactions in one state, newest first (GET /api/transactions).

              --state STATE    active (default), confirmed or cancelled
              --limit N        at most N, from 1 to 500 (default 50)
            """,
        ["cards"] = """
            usage: paycue cards [--json]

            Lists every card (GET /api/cards): kind, last four digits, status, open transactions, and balance gaps
            (credits the bank reported that Paycue never saw).
            """,
        ["card"] = """
            usage: paycue card add

            paycue help card add says more.
            """,
        ["card add"] = """
            usage: paycue card add

            Adds another Telegram account's card to the running service and logs it in (POST /api/cards, then
            POST /api/cards/ID/login). Asks on the terminal for the account's phone number, the card's number, last
            four digits and owner, then whatever Telegram asks for next: the login code it sends, a login e-mail
            address and the code it mails there (card status email_required, email_code_required), and, when the
            account has one, the two-step password; a wrong answer is asked again. Run it again for the same phone to
            start the login over from the phone number, whatever state it was left in (also after the session was
            ended from another device: status login_required). The service gives up on Telegram within 60 s. Without
            a terminal it exits with 2 instead of waiting. For the .env account (TG_PHONE) use paycue --telegram.
            """,
        ["payments"] = """
            usage: paycue payments [--unmatched|--matched] [--since TIME] [--before TIME] [--limit N] [--json]

            Lists the credits the bank bot reported, newest first (GET /api/payments), with what each confirmed or why
            it matched nothing.

              --unmatched      only credits that confirmed no transaction
              --matched        only credits that confirmed one
              --since TIME     received at or after TIME: 2026-11-29T10:00:00Z, or an age such as 30m, 2h or 7d
              --before TIME    received before TIME (the next_before of the previous page)
              --limit N        at most N, from 1 to 500 (default 50)
            """,
        ["parse"] = """
            usage: paycue parse [FILE]

            Prints how Paycue reads bank-bot messages, one JSON line each: the answer to "why was this payment not
            matched?". Reads standard input without FILE; messages are separated by lines of -----.
            "format" is humo or uzcard; a message that may not confirm a payment has a "reason": no_amount_line,
            several_amount_lines, unreadable_amount, unknown_currency, debit, zero_amount, no_card_mask,
            several_card_masks or too_long.
            """,
        ["help"] = """
            usage: paycue help [COMMAND]

            Prints the list of commands, or help for one, such as: paycue help transaction create
            """,
    };

    /// <summary>Help for the longest known command at the start of <paramref name="words"/>, or null for an unknown command.</summary>
    public static string? For(IReadOnlyList<string> words)
    {
        if (words.Count >= 2 && Commands.TryGetValue($"{words[0]} {words[1]}", out var sub))
        {
            return sub;
        }

        return words.Count >= 1 ? Commands.GetValueOrDefault(words[0]) : General;
    }

    /// <summary>The first line of the command's help, for the end of a usage error.</summary>
    public static string UsageLine(IReadOnlyList<string> words)
    {
        var help = words.Count == 0 ? null : For(words);
        return help is null ? "usage: paycue COMMAND [OPTIONS]; paycue --help lists the commands." : help.Split('\n')[0].TrimEnd();
    }
}
