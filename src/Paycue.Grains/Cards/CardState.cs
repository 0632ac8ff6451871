namespace Paycue.Grains.Cards;

/// <summary>
/// The small, rarely growing part of a card, persisted whole. The pool and the processed messages, which grow
/// with traffic, live in <see cref="Pool.ICardStore"/> one entry at a time.
/// </summary>
public sealed class CardState
{
    public CardSpec? Spec { get; set; }

    public string Status { get; set; } = CardStatus.Unregistered;

    public string? StatusReason { get; set; }

    public long? LastBalanceTiyin { get; set; }

    public long BalanceGaps { get; set; }

    public DateTimeOffset? LastGapAt { get; set; }

    /// <summary>The newest bank-bot message id processed; history catch-up reads from here.</summary>
    public long LastMessageId { get; set; }

    /// <summary>When the card was first registered: its first catch-up reads no history older than this.</summary>
    public DateTimeOffset? RegisteredAt { get; set; }

    /// <summary>
    /// Each watched bank bot's chat as the session found it (bot user id → chat id): a restart loads the chat list to
    /// meet it again instead of resolving the bot's username (TDLib's chat-info database is off).
    /// </summary>
    public Dictionary<long, long> BotChats { get; set; } = [];

    /// <summary>The Telegram session (TDLib's database directory), sealed with SESSION_KEY; null before the first login.</summary>
    public byte[]? SessionSnapshot { get; set; }

    /// <summary>
    /// On a Telegram account's grain: the further cards whose notifications arrive on this account (each a grain of
    /// its own, <see cref="AccountCardIds.Hosted"/>). Empty on every card registered before accounts existed.
    /// </summary>
    public List<CardSpec> HostedCards { get; set; } = [];

    /// <summary>On an account: @CardXabarBot's user id, resolved by username at login when UZCARD_WATCH_ID is not set.</summary>
    public long? UzcardBotUserId { get; set; }

    /// <summary>On a hosted card: the newest <see cref="AccountSession.Version"/> applied, so a late push never undoes a newer one.</summary>
    public long AccountVersion { get; set; }
}
