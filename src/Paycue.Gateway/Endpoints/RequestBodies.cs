using Paycue.Gateway.Http;

namespace Paycue.Gateway.Endpoints;

// The bodies the handlers read by hand (to word every error themselves), declared for the OpenAPI document.

/// <summary><c>amount</c>: so'm; <c>card_id</c>: optional, the card to use.</summary>
public sealed record CreateTransactionRequest(SomAmount Amount, string? CardId);

/// <summary>
/// Either <c>amount</c> (the message is built in @HUMOcardbot's format) or <c>text</c> (a raw bank-bot message);
/// optional <c>date</c> (when the bank sent it) and <c>message_id</c> (the same id on a retry makes it the same message).
/// </summary>
public sealed record SandboxPaymentRequest(string CardId, SomAmount? Amount, string? Text, DateTimeOffset? Date, long? MessageId);

/// <summary>A Telegram card: the account's phone, and the card as the bank bot and the pay page show it.</summary>
public sealed record AddCardRequest(string Phone, string? Number, string? Last4, string? Owner);

/// <summary>
/// Exactly one of: the login code Telegram sent (<c>code_required</c>), the two-step verification password
/// (<c>password_required</c>), the login e-mail address Telegram asks for (<c>email_required</c>), the code Telegram
/// mailed (<c>email_code_required</c>), or the phone number to start the login again from any login state.
/// </summary>
public sealed record CardLoginRequest(string? Code, string? Password, string? Email, string? EmailCode, string? Phone);
