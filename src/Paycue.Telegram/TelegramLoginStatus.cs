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

    /// <summary>Logged in (<c>ready</c>).</summary>
    Ready,

    /// <summary>Stuck for a reason the user must read (<c>error</c>).</summary>
    Error,
}
