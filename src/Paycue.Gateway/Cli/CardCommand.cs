using System.Text;
using System.Text.Json;

namespace Paycue.Gateway.Cli;

/// <summary>
/// <c>paycue card add</c>: adds a card to the running service and logs its Telegram account in, asking on the terminal
/// for the phone number, the card's bank (humo or uzcard), number, last four digits and owner, then whatever Telegram asks
/// for next: the login code, a login e-mail and the code mailed to it, the two-step password. Run again for a phone not yet
/// logged in, it starts the login over from the phone number. A phone already logged in gets the card added beside its
/// others with no login. Everything goes through the HTTP API (<c>POST /api/cards</c>, then
/// <c>POST /api/accounts/{id}/login</c>), so the account's grain owns the session. Nothing typed here is ever printed back.
/// </summary>
public static class CardCommand
{
    /// <summary>The service gives up on Telegram within 60 s; this waits a little longer for its answer.</summary>
    public static readonly TimeSpan LoginRequestTimeout = TimeSpan.FromSeconds(90);

    private const int Attempts = 3;

    public static async Task<int> RunAsync(CliArguments arguments, CliContext context)
    {
        if (arguments.Words is not ["card", "add", ..])
        {
            throw new CliUsageException(arguments.Words.Count < 2 ? "'card' needs a subcommand: add." : $"unknown subcommand 'card {arguments.Words[1]}'.");
        }

        arguments.Allow("card add");
        arguments.ExpectWords("card add", 2, 0, "no words after it");
        if (!context.Interactive)
        {
            context.Error.WriteLine("paycue card add: there is no terminal to type the phone number and login code into; run it in a terminal, "
                + "or use POST /api/cards and POST /api/cards/{id}/login.");
            return ExitCodes.Usage;
        }

        using var api = context.Connect(arguments, LoginRequestTimeout);
        try
        {
            var phone = Ask(context, "Phone number of the Telegram account that gets the bank bot's messages (+998...): ", required: true);
            var bank = AskBank(context);
            var number = Ask(context, "Card number (16 digits; empty to skip): ");
            var digits = number?.Replace(" ", "", StringComparison.Ordinal);
            var suggested = digits is { Length: >= 4 } ? digits[^4..] : null;
            var last4 = Ask(context, suggested is null ? "Last four digits of the card: " : $"Last four digits of the card [{suggested}]: ", required: suggested is null) ?? suggested;
            var owner = Ask(context, "Card owner's name as payers should see it (empty to skip): ");

            var body = JsonSerializer.Serialize(new Dictionary<string, string?> { ["phone"] = phone, ["bank"] = bank, ["number"] = digits, ["last4"] = last4, ["owner"] = owner });
            var response = await api.PostAsync("api/cards", body);
            if (!response.IsSuccess)
            {
                return Fail(context, response);
            }

            var cardId = response.Data.GetProperty("card_id").GetString()!;
            var accountId = response.Data.TryGetProperty("account_id", out var account) && account.ValueKind == JsonValueKind.String ? account.GetString()! : cardId;
            context.Out.WriteLine(response.Data.GetProperty("login").GetString() == "ready"
                ? $"Card {cardId} ({bank.ToUpperInvariant()}) added to account {accountId}."
                : $"Card {cardId} ({bank.ToUpperInvariant()}) added; logging account {accountId} in to Telegram.");
            return await LoginAsync(api, cardId, accountId, response, context);
        }
        catch (EndOfStreamException)
        {
            context.Error.WriteLine("paycue card add: the terminal input ended before the card was logged in; run it again to finish.");
            return ExitCodes.Usage;
        }
    }

    /// <summary>Code, then password, as Telegram asks; a refused answer is shown and asked again, up to three times.</summary>
    private static async Task<int> LoginAsync(PaycueApiClient api, string cardId, string accountId, ApiResponse response, CliContext context)
    {
        var refusals = 0;
        var status = response.Data.GetProperty("login").GetString();
        while (true)
        {
            if (status == "ready")
            {
                context.Out.WriteLine($"Telegram is connected: card {cardId} is ready.");
                return ExitCodes.Ok;
            }

            var (field, question) = status switch
            {
                "code_required" => ("code", "Login code (sent to your Telegram app): "),
                "password_required" => ("password", "Two-step verification password: "),
                "email_required" => ("email", "Telegram asks for a login e-mail address (it mails login codes there): "),
                "email_code_required" => ("email_code", "Login code (sent to the account's login e-mail): "),
                _ => (null, null),
            };
            if (field is null)
            {
                context.Error.WriteLine($"paycue card add: the login stopped at '{status}'; see paycue cards for the card's status.");
                return ExitCodes.ApiError;
            }

            var answer = Ask(context, question!, required: true, secret: field == "password")!;
            response = await api.PostAsync($"api/accounts/{Uri.EscapeDataString(accountId)}/login", JsonSerializer.Serialize(new Dictionary<string, string> { [field] = answer }));
            if (response.IsSuccess)
            {
                status = response.Data.GetProperty("login").GetString();
                continue;
            }

            if (response.StatusCode != 400 || ++refusals >= Attempts)
            {
                return Fail(context, response);
            }

            context.Error.WriteLine(response.Detail ?? "Telegram refused that; try again.");
        }
    }

    private static int Fail(CliContext context, ApiResponse response)
    {
        context.Error.WriteLine($"paycue card add: {response.Detail ?? $"the service answered HTTP {response.StatusCode}."}");
        return ExitCodes.ForHttpStatus(response.StatusCode);
    }

    /// <summary>humo (the default) or uzcard, asked again until it is one of them.</summary>
    private static string AskBank(CliContext context)
    {
        for (var tries = 0; ; tries++)
        {
            var answer = Ask(context, "Bank of the card, humo or uzcard [humo]: ")?.ToLowerInvariant() ?? "humo";
            if (answer is "humo" or "uzcard")
            {
                return answer;
            }

            context.Error.WriteLine($"'{answer}' is not a bank Paycue reads; type humo or uzcard.");
            if (tries >= Attempts)
            {
                throw new EndOfStreamException();
            }
        }
    }

    /// <summary>One answer from the terminal, trimmed; null for an empty optional one. Secrets are not echoed on a real console.</summary>
    private static string? Ask(CliContext context, string question, bool required = false, bool secret = false)
    {
        for (var tries = 0; ; tries++)
        {
            context.Out.Write(question);
            var line = (secret && ReferenceEquals(context.In, Console.In) && !Console.IsInputRedirected ? TerminalInput.ReadHidden(context.Out) : context.In.ReadLine())
                ?? throw new EndOfStreamException();
            line = line.Trim();
            if (line.Length > 0 || !required)
            {
                return line.Length > 0 ? line : null;
            }

            if (tries >= Attempts)
            {
                throw new EndOfStreamException();
            }
        }
    }
}
