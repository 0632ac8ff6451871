namespace Paycue.Telegram;

/// <summary>Where a Telegram account's login stands, as <c>GET /api/cards</c> shows it.</summary>
public enum TelegramLoginStatus
{
    /// <summary>TDLib is starting or opening its database (<c>connecting</c>).</summary>
    Connecting,

    /// <summary>A phone number is needed (<c>login_required</c>).</summary>
    LoginRequired,

    /// <summary>Telegram sent a login code; it is needed (<c>code_required</c>).</summary>
    CodeRequired,

    /// <summary>The account has two-step verification; its password is needed (<c>password_required</c>).</summary>
    PasswordRequired,

    /// <summary>Telegram asks for an e-mail address to send login codes to (<c>email_required</c>).</summary>
    EmailRequired,

    /// <summary>Telegram sent a code to the account's login e-mail; it is needed (<c>email_code_required</c>).</summary>
    EmailCodeRequired,

    /// <summary>Logged in (<c>ready</c>).</summary>
    Ready,

    /// <summary>Stuck for a reason the user must read (<c>error</c>).</summary>
    Error,

    /// <summary>
    /// TDLib is logging the session out (<c>authorizationStateLoggingOut</c>): asked for by us, or the session was ended
    /// from another device or by Telegram. Shown as <c>error</c>.
    /// </summary>
    LoggingOut,

    /// <summary>TDLib is closing the client (<c>authorizationStateClosing</c>); shown as <c>error</c>.</summary>
    Closing,

    /// <summary>The client is closed (<c>authorizationStateClosed</c>): its id is dead and a new client is needed; shown as <c>error</c>.</summary>
    Closed,
}
