using System.Globalization;
using System.Text.RegularExpressions;

namespace Paycue.Telegram;

/// <summary>Turns Telegram's error codes into sentences a shop owner can act on.</summary>
public static partial class TelegramErrorText
{
    public const string PhoneCodeInvalid = "The login code is wrong; ask for a new one or type it again.";
    public const string PhoneCodeExpired = "The login code has expired; ask for a new one.";
    public const string PasswordInvalid = "The two-step verification password is wrong; type it again.";
    public const string PhoneNumberBanned = "Telegram has banned this phone number.";
    public const string PhoneNumberInvalid = "The phone number is not valid; write it in international format, for example +998901234567.";
    public const string PhoneNumberUnregistered = "This phone number has no Telegram account; sign it up in a Telegram app first.";
    public const string PhoneNumberFlood = "Telegram received too many login attempts for this phone number; try again later.";
    public const string EmailCodeInvalid = "The e-mail code is wrong; type it again, or send the phone number again for a new one.";
    public const string EmailInvalid = "Telegram does not accept this e-mail address; check it and type it again.";
    public const string WrongDatabaseKey = "The saved Telegram session cannot be opened: SESSION_KEY is not the key it was saved with.";

    /// <summary>The sentence for a TDLib error, by Telegram's error name or TDLib's own wording.</summary>
    public static string Describe(TdException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = error.Message;

        if (TryGetFloodWaitSeconds(text, out var seconds))
        {
            return FloodWait(seconds);
        }

        return text switch
        {
            "PHONE_CODE_INVALID" or "PHONE_CODE_EMPTY" => PhoneCodeInvalid,
            "PHONE_CODE_EXPIRED" => PhoneCodeExpired,
            "PASSWORD_HASH_INVALID" => PasswordInvalid,
            "EMAIL_CODE_INVALID" or "CODE_INVALID" => EmailCodeInvalid,
            "EMAIL_INVALID" or "EMAIL_NOT_ALLOWED" => EmailInvalid,
            "PHONE_NUMBER_BANNED" => PhoneNumberBanned,
            "PHONE_NUMBER_INVALID" => PhoneNumberInvalid,
            "PHONE_NUMBER_UNOCCUPIED" => PhoneNumberUnregistered,
            "PHONE_NUMBER_FLOOD" => PhoneNumberFlood,
            "PHONE_PASSWORD_FLOOD" => "Too many wrong passwords; Telegram asks to wait before trying again.",
            "Wrong database encryption key" => WrongDatabaseKey,
            _ when text.Contains("encryption key", StringComparison.OrdinalIgnoreCase) => WrongDatabaseKey,
            _ => $"Telegram refused the request ({error.Code} {text}).",
        };
    }

    /// <summary>The sentence for a flood wait.</summary>
    public static string FloodWait(int seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"Telegram asks to wait {seconds} seconds before trying again.");

    /// <summary>Reads the wait out of <c>FLOOD_WAIT_30</c> (Telegram's name) or <c>Too Many Requests: retry after 30</c> (TDLib's 429 wording).</summary>
    public static bool TryGetFloodWaitSeconds(string text, out int seconds)
    {
        var match = FloodWaitPattern().Match(text ?? "");
        seconds = 0;
        return match.Success && int.TryParse(match.Groups["s"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
    }

    [GeneratedRegex(@"^(?:FLOOD_WAIT_|FLOOD_PREMIUM_WAIT_|Too Many Requests: retry after )(?<s>\d{1,9})$", RegexOptions.CultureInvariant)]
    private static partial Regex FloodWaitPattern();
}
