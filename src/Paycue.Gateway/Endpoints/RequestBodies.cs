using Paycue.Gateway.Http;

namespace Paycue.Gateway.Endpoints;

// The bodies the handlers read by hand (to word every error themselves), declared for the OpenAPI document.

/// <summary>
/// <c>amount</c>: so'm; <c>card_id</c>: optional, the card to use. Optional per order: <c>order_id</c> (at most 64
/// characters), <c>metadata</c> (a JSON object, at most 2 KB), <c>ttl</c> (seconds to pay, 60 to 86400; default
/// TRANSACTION_TIMEOUT), <c>return_url</c> (http/https; the pay page links back to it once paid or expired); <c>bank</c>:
/// optional, <c>humo</c> or <c>uzcard</c>, only that bank's cards.
/// </summary>
public sealed record CreateTransactionRequest(SomAmount Amount, string? CardId, string? OrderId = null,
    System.Text.Json.JsonElement? Metadata = null, int? Ttl = null, string? ReturnUrl = null, string? Bank = null);

/// <summary>
/// Either <c>amount</c> (the message is built in @HUMOcardbot's format) or <c>text</c> (a raw bank-bot message);
/// optional <c>date</c> (when the bank sent it) and <c>message_id</c> (the same id on a retry makes it the same message).
/// </summary>
public sealed record SandboxPaymentRequest(string CardId, SomAmount? Amount, string? Text, DateTimeOffset? Date, long? MessageId);

/// <summary>A Telegram card: the account's phone, and the card as the bank bot and the pay page show it (<c>bank</c>: humo, the default, or uzcard).</summary>
public sealed record AddCardRequest(string Phone, string? Number, string? Last4, string? Owner, string? Bank = null);

/// <summary>A Telegram account: the phone whose Telegram receives the bank bots' notifications.</summary>
public sealed record AddAccountRequest(string Phone);

/// <summary>A card on an account: its bank (humo or uzcard), last4 (required), and optionally number and owner for the pay page.</summary>
public sealed record AccountCardRequest(string Bank, string Last4, string? Number, string? Owner);

/// <summary>
/// Exactly one of: the login code Telegram sent (<c>code_required</c>), the two-step verification password
/// (<c>password_required</c>), the login e-mail address Telegram asks for (<c>email_required</c>), the code Telegram
/// mailed (<c>email_code_required</c>), or the phone number to start the login again from any login state.
/// </summary>
public sealed record CardLoginRequest(string? Code, string? Password, string? Email, string? EmailCode, string? Phone);

/// <summary><c>transaction_id</c>: the transaction the credit paid; <c>note</c>: optional, why (kept with the decision).</summary>
public sealed record ResolvePaymentRequest(Guid TransactionId, string? Note);

/// <summary><c>note</c>: required, how the credit was handled (refunded, booked by hand).</summary>
public sealed record DismissPaymentRequest(string Note);
