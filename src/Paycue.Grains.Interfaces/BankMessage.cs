namespace Paycue.Grains.Interfaces;

/// <summary>
/// One message as a Telegram account received it (or as the sandbox feed fabricated it), before any parsing.
/// Everything the trust rules need travels with it: who sent it, in which chat, in which direction.
/// </summary>
/// <param name="ChatId">The chat the message is in.</param>
/// <param name="SenderId">The user id of the sender (the bank bot's id for genuine notifications).</param>
/// <param name="MessageId">Telegram's message id; unique per chat, the key that makes replays harmless.</param>
/// <param name="Date">When Telegram says the message was sent.</param>
/// <param name="Text">The message text exactly as received.</param>
/// <param name="IsOutgoing">True when the account itself sent it.</param>
/// <param name="IsForwarded">True when the message is a forward of another message.</param>
/// <param name="IsPrivateChat">True when the chat is the private chat with the sender.</param>
[GenerateSerializer, Immutable, Alias("paycue.bank-message")]
public sealed record BankMessage(
    long ChatId,
    long SenderId,
    long MessageId,
    DateTimeOffset Date,
    string Text,
    bool IsOutgoing,
    bool IsForwarded,
    bool IsPrivateChat);
