namespace Paycue.Telegram;

/// <summary>
/// A login status and, for <see cref="TelegramLoginStatus.Error"/> (and a few others), a plain-words reason.
/// </summary>
public sealed record TelegramLoginState(TelegramLoginStatus Status, string? Reason = null)
{
    /// <summary>Before TDLib has said anything.</summary>
    public static TelegramLoginState Connecting { get; } = new(TelegramLoginStatus.Connecting);

    /// <summary>The status as the API spells it: <c>login_required</c>, <c>code_required</c>, <c>password_required</c>, <c>email_required</c>, <c>email_code_required</c>, <c>connecting</c>, <c>ready</c>, <c>error</c>.</summary>
    public string WireName => Status switch
    {
        TelegramLoginStatus.Connecting => "connecting",
        TelegramLoginStatus.LoginRequired => "login_required",
        TelegramLoginStatus.CodeRequired => "code_required",
        TelegramLoginStatus.PasswordRequired => "password_required",
        TelegramLoginStatus.EmailRequired => "email_required",
        TelegramLoginStatus.EmailCodeRequired => "email_code_required",
        TelegramLoginStatus.Ready => "ready",
        _ => "error",
    };

    /// <summary>
    /// Maps a TDLib <c>authorizationState*</c> type to our status. States this login flow cannot complete
    /// (registration of a new account, confirmation on another device, a Premium purchase) become errors the user can act on.
    /// </summary>
    public static TelegramLoginState FromAuthorizationState(string? authorizationStateType) => authorizationStateType switch
    {
        "authorizationStateWaitTdlibParameters" => new(TelegramLoginStatus.Connecting),
        "authorizationStateWaitPhoneNumber" => new(TelegramLoginStatus.LoginRequired),
        "authorizationStateWaitCode" => new(TelegramLoginStatus.CodeRequired),
        "authorizationStateWaitPassword" => new(TelegramLoginStatus.PasswordRequired),
        "authorizationStateReady" => new(TelegramLoginStatus.Ready),
        // TDLib lets a new phone number be set from here, so the user can correct the number.
        "authorizationStateWaitRegistration" => new(TelegramLoginStatus.LoginRequired, TelegramErrorText.PhoneNumberUnregistered),
        "authorizationStateWaitEmailAddress" => new(TelegramLoginStatus.EmailRequired, "Telegram asks for an e-mail address to send this account's login codes to."),
        "authorizationStateWaitEmailCode" => new(TelegramLoginStatus.EmailCodeRequired, "Telegram sent a login code to the account's login e-mail."),
        "authorizationStateWaitOtherDeviceConfirmation" =>
            new(TelegramLoginStatus.Error, "Telegram asks to confirm this login on another device, which Paycue does not support; log out and log in with a code."),
        "authorizationStateWaitPremiumPurchase" =>
            new(TelegramLoginStatus.Error, "Telegram requires a Telegram Premium purchase before this number can log in."),
        "authorizationStateLoggingOut" => new(TelegramLoginStatus.LoggingOut, "Telegram is logging this session out; log in again."),
        "authorizationStateClosing" => new(TelegramLoginStatus.Closing, "The Telegram client is closing."),
        "authorizationStateClosed" => new(TelegramLoginStatus.Closed, "The Telegram client is closed."),
        _ => new(TelegramLoginStatus.Error, $"Telegram is in a login state Paycue does not know ({authorizationStateType ?? "none"})."),
    };
}
