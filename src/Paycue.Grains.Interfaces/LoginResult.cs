namespace Paycue.Grains.Interfaces;

/// <summary>
/// The outcome of a login step: the card's status afterwards and, when the step failed, why in plain words
/// (never the phone number, code or password).
/// </summary>
[GenerateSerializer, Immutable, Alias("paycue.login-result")]
public sealed record LoginResult(string Status, string? Reason, LoginFailure Failure)
{
    public bool Succeeded => Failure == LoginFailure.None;
}
