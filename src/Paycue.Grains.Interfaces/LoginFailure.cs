namespace Paycue.Grains.Interfaces;

/// <summary>Why a login or log-out request did not go through.</summary>
[GenerateSerializer, Alias("paycue.login-failure")]
public enum LoginFailure
{
    None = 0,

    /// <summary>Telegram or Paycue refused the step (wrong code, flood wait, no SESSION_KEY...); the state is unchanged.</summary>
    Refused = 1,

    /// <summary>Telegram did not answer in time.</summary>
    Unreachable = 2,

    /// <summary>Log-out refused: the card still has open transactions.</summary>
    OpenTransactions = 3,

    /// <summary>The card is not a registered Telegram card.</summary>
    NotTelegram = 4,

    /// <summary>The card is not registered (never was, or was removed).</summary>
    NotRegistered = 5,

    /// <summary>The change conflicts with the account's cards: a card with that bank and last4 exists, or the account's first card still has others.</summary>
    Conflict = 6,
}
