using Paycue.Gateway.Http;

namespace Paycue.Gateway.Endpoints;

// The bodies the handlers read by hand (to word every error themselves), declared for the OpenAPI document.

/// <summary><c>amount</c>: so'm; <c>card_id</c>: optional, the card to use.</summary>
public sealed record CreateTransactionRequest(SomAmount Amount, string? CardId);

/// <summary>Either <c>amount</c> (the message is built in @HUMOcardbot's format) or <c>text</c> (a raw bank-bot message).</summary>
public sealed record SandboxPaymentRequest(string CardId, SomAmount? Amount, string? Text, DateTimeOffset? Date);

/// <summary>A Telegram card: the account's phone, and the card as the bank bot and the pay page show it.</summary>
public sealed record AddCardRequest(string Phone, string? Number, string? Last4, string? Owner);

/// <summary>Either the login code Telegram sent, or the two-step verification password.</summary>
public sealed record CardLoginRequest(string? Code, string? Password);
