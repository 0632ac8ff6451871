namespace Paycue.Grains.Interfaces;

/// <summary>Session status names as the API shows them.</summary>
public static class CardStatus
{
    public const string Ready = "ready";
    public const string LoginRequired = "login_required";
    public const string CodeRequired = "code_required";
    public const string PasswordRequired = "password_required";
    public const string EmailRequired = "email_required";
    public const string EmailCodeRequired = "email_code_required";
    public const string Connecting = "connecting";
    public const string Error = "error";
    public const string Unregistered = "unregistered";
}
