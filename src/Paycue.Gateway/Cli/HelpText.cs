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
                             [--order-id ID] [--ttl 10m] [--metadata JSON] [--return-url URL]
                                     create a transaction; prints the exact amount the payer must transfer
          transaction show ID        one transaction, with its webhook deliveries
          transaction cancel ID      cancel an active transaction; a cancel webhook follows
          transaction list [--state active|confirmed|cancelled] [--limit N]
                                     transactions in one state, newest first (default: active)
          cards                      every card with its bank, status and open transactions
          card add                   add a Humo or Uzcard card (and log its Telegram account in; asks on the terminal)
          payments [--unmatched|--matched|--resolved|--dismissed] [--since TIME] [--before TIME] [--limit N]
                                     credits the bank bot reported, matched or not, newest first
          payments show PAYMENT_ID   one credit, with the transactions it may have been meant for
          payments resolve PAYMENT_ID --transaction ID [--note TEXT]
                                     attach a stray credit to a transaction: it is confirmed (manual)
          payments dismiss PAYMENT_ID --note TEXT
                                     mark a stray credit handled (refunded...); it leaves the unmatched list
          alerts                     open and recent alerts (a card not ready, feed down, webhooks failing, ...)
          alerts test                send a test message through the alert bot (ALERT_BOT_TOKEN, ALERT_CHAT_ID)
          export payments|transactions [--since TIME] [--before TIME] [--status S] [--card ID]
                                     CSV to standard output: paycue export payments --since 30d > payments.csv
          webhooks test              send a signed test webhook to WEBHOOK_URL and print what the receiver answered
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
          6  paycue --telegram: another process runs this Telegram account's session (stop it, or wait)
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
            usage: paycue transaction create --amount SOM [--card ID] [--idempotency-key KEY] [--order-id ID] [--ttl SPAN] [--metadata JSON] [--return-url URL] [--json]

            Creates a transaction (POST /api/transactions) and prints the amount the payer must transfer: the requested
            amount or the nearest free one above it (or below, with AMOUNT_DIRECTION=down).

              --amount SOM             the price in so'm, such as 20000 (or 20000.50 with AMOUNT_PRECISION=tiyin)
              --card ID                use this card (an id from paycue cards); default: the card with the closest free amount
              --idempotency-key KEY    the same key returns the same transaction while it lives, so a retry never makes two
              --order-id ID            your order's reference (at most 64 characters): in reads, webhooks, the ledger, CSV
              --ttl SPAN               time to pay: seconds or 10m, 2h, 1d (1 minute to 1 day; default TRANSACTION_TIMEOUT)
              --metadata JSON          a JSON object (at most 2 KB), returned in reads and webhooks
              --return-url URL         http/https: the pay page's "back to the shop" link once paid or expired
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

            Lists every card (GET /api/cards): kind, bank (humo or uzcard), last four digits, status, open
            transactions, and balance gaps (credits the bank reported that Paycue never saw).
            """,
        ["card"] = """
            usage: paycue card add

            paycue help card add says more.
            """,
        ["card add"] = """
            usage: paycue card add

            Adds a card to the running service and logs its Telegram account in (POST /api/cards, then
            POST /api/accounts/ID/login). Asks on the terminal for the account's phone number, the card's bank (humo
            or uzcard), number, last four digits and owner, then whatever Telegram asks for next: the login code it
            sends, a login e-mail address and the code it mails there (status email_required, email_code_required),
            and, when the account has one, the two-step password; a wrong answer is asked again. Run it again for the
            same phone to start the login over from the phone number (also after the session was ended from another
            device: status login_required). A phone that is already logged in gets the card added beside its other
            cards, with no login (one Telegram account, several cards). The service gives up on Telegram within 60 s.
            Without a terminal it exits with 2 instead of waiting. For the .env account (TG_PHONE) use paycue --telegram.
            """,
        ["payments"] = """
            usage: paycue payments [--unmatched|--matched|--resolved|--dismissed] [--since TIME] [--before TIME] [--limit N] [--json]

            Lists the credits the bank bot reported, newest first (GET /api/payments), with what each confirmed or why
            it matched nothing. paycue payments show|resolve|dismiss PAYMENT_ID act on one (see their help).

              --unmatched      only credits that confirmed no transaction and nobody resolved or dismissed yet
              --matched        only credits that confirmed one
              --resolved       only credits a person attached to a transaction
              --dismissed      only credits a person marked handled
              --since TIME     received at or after TIME: 2026-11-29T10:00:00Z, or an age such as 30m, 2h or 7d
              --before TIME    received before TIME (the next_before of the previous page)
              --limit N        at most N, from 1 to 500 (default 50)
            """,
        ["payments show"] = """
            usage: paycue payments show PAYMENT_ID [--json]

            One credit (GET /api/payments/PAYMENT_ID) and its candidates, best first: the open transactions on its card
            whose amount is within LIMIT of it, and those cancelled within an hour of it; WHY says paid_after_cancel,
            exact_amount, amount_differs, open or cancelled. Nothing is ever matched on a guess: resolve decides.
            PAYMENT_ID is the payment_id of paycue payments --json.
            """,
        ["payments resolve"] = """
            usage: paycue payments resolve PAYMENT_ID --transaction ID [--note TEXT] [--json]

            Attaches an unmatched credit to a transaction on the same card (POST /api/payments/PAYMENT_ID/resolve): the
            transaction is confirmed now, even if it was cancelled, with confirmed_by manual, and a confirm webhook with
            "resolution": "manual" goes out. Your API user, the time and the note are recorded. Refused when the credit
            already confirmed something or was dismissed, is on another card, falls short by more than LIMIT, or the
            transaction is confirmed by another payment. Safe to repeat: an interrupted resolve is finished by running it
            again.

              --transaction ID   the transaction the credit paid (paycue payments show PAYMENT_ID suggests them)
              --note TEXT        why, kept with the decision (at most 500 characters)
            """,
        ["payments dismiss"] = """
            usage: paycue payments dismiss PAYMENT_ID --note TEXT [--json]

            Marks an unmatched credit handled outside Paycue (POST /api/payments/PAYMENT_ID/dismiss), such as refunded
            to the payer: it leaves the unmatched list (paycue payments --dismissed lists it). Your API user, the time and
            the note are recorded. A dismissed credit can no longer be resolved.

              --note TEXT        how it was handled, required (at most 500 characters)
            """,
        ["alerts"] = """
            usage: paycue alerts [test] [--json]

            Lists the alerts (GET /api/alerts): open ones first, then recent resolved and one-time ones, and whether
            each message reached Telegram. The service sends them through a Telegram bot (ALERT_BOT_TOKEN,
            ALERT_CHAT_ID) in ALERT_LANG: a card not ready, a card's feed down, webhooks failing, money with no
            order, an unexplained balance gap, silence. paycue help alerts test says more.
            """,
        ["alerts test"] = """
            usage: paycue alerts test [--json]

            Sends a test message through the alert bot at once (POST /api/alerts/test). Says so when ALERT_BOT_TOKEN or
            ALERT_CHAT_ID is not set (exit code 1) or what the Bot API answered when it refused (a wrong token, a chat
            the bot cannot write to); the token is never printed.
            """,
        ["export"] = """
            usage: paycue export payments|transactions [--since TIME] [--before TIME] [--status S] [--card ID]

            Writes a CSV export to standard output as it arrives (GET /api/payments.csv or /api/transactions.csv): UTF-8,
            a header row, amounts in so'm with two decimals, times in the service's TZ (default Asia/Tashkent).

              --since TIME     at or after TIME: 2026-11-29T10:00:00Z, or an age such as 30m, 2h or 30d
              --before TIME    before TIME
              --status S       payments: all, matched or unmatched (or --matched, --unmatched);
                               transactions: all, active, confirmed or cancelled (--state is the same)
              --card ID        only this card's rows

            Example: paycue export payments --since 30d > payments.csv
            """,
        ["webhooks"] = """
            usage: paycue webhooks test [--json]

            Sends a signed {"action": "test"} to WEBHOOK_URL, exactly as real webhooks are signed and sent
            (POST /api/webhooks/test), and prints the receiver's HTTP status, latency and the start of its answer.
            Exit code 1 when the receiver did not answer 200 with {"ok": true}, or WEBHOOK_URL is not set.
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
