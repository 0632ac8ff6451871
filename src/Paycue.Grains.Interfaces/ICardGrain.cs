namespace Paycue.Grains.Interfaces;

/// <summary>
/// One card account (key: card id). Owns the card's amount pool, its notification source and the matching of
/// credits to open transactions. Single activation makes the pool's uniqueness need no locks.
/// </summary>
[Alias("paycue.card")]
public interface ICardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Orleans' response timeout for the login calls and the log-out, above Orleans' default 30 s: a login step may
    /// wait up to 55 s for Telegram and then answers "unreachable" itself. Only these calls wait this long; every
    /// other call keeps the default, so a dead silo is still noticed quickly.
    /// </summary>
    public const string LoginCallTimeout = "00:01:15";

    /// <summary>Registers or updates the card. Idempotent.</summary>
    [Alias("register")]
    Task RegisterAsync(CardSpec spec);

    /// <summary>
    /// The card, its status and its open transaction count (creates in flight included); null when never registered.
    /// Interleaves: it only reads, synchronously, and the placer asks it for a card the catalog does not list yet, so
    /// it must not wait for the card's creates in flight.
    /// </summary>
    [Alias("info")]
    [AlwaysInterleave]
    Task<CardInfo?> GetInfoAsync();

    /// <summary>
    /// Distance to the nearest free amount for a request, without holding anything. Interleaves: it only reads the
    /// pool, which every other call changes before its first await, and a create asks every card for a quote, so
    /// waiting behind another create's Redis write would serialise all creates on the slowest card. A quote is
    /// advice; the reserve re-checks.
    /// </summary>
    [Alias("quote")]
    [AlwaysInterleave]
    Task<Quote> QuoteAsync(long requestedTiyin);

    /// <summary>
    /// Holds the nearest free amount and creates the transaction with it, in one atomic write; the card then expires
    /// it if nobody pays. With <paramref name="maxOffsetSteps"/> set, refuses (<see cref="ReservationStatus.Moved"/>)
    /// when the nearest free amount is now further than that, so the router can re-quote and keep its placement
    /// optimal under concurrency. A retry with the same transaction id returns the same transaction.
    /// Interleaves with other creates: each holds its amount before its first await, so creates on one card overlap
    /// their Redis writes instead of queueing behind each other's round trip. Everything else the card does waits
    /// until the creates in flight have landed, and holds new ones back while it runs (see CardGrain.Creates).
    /// </summary>
    [Alias("reserve-and-create")]
    [AlwaysInterleave]
    Task<Reservation> ReserveAsync(Guid transactionId, long requestedTiyin, long? maxOffsetSteps);

    /// <summary>
    /// <see cref="ReserveAsync(Guid, long, long?)"/> with the merchant's per-order settings: the transaction's deadline
    /// is <paramref name="ttl"/> after now (TRANSACTION_TIMEOUT when null), and <paramref name="order"/> is stored with it.
    /// </summary>
    [Alias("reserve-and-create-order")]
    [AlwaysInterleave]
    Task<Reservation> ReserveAsync(Guid transactionId, long requestedTiyin, long? maxOffsetSteps, TimeSpan? ttl, OrderDetails? order);

    /// <summary>
    /// The transaction closed: its amount enters cooldown. Idempotent. One-way, because the card may at that moment
    /// be waiting on the same transaction's confirm (a call cycle between two non-reentrant grains would stall both);
    /// if the message is lost, the card's expiry asks the transaction again.
    /// </summary>
    [Alias("release")]
    [OneWay]
    Task ReleaseAsync(Guid transactionId, long amountTiyin);

    /// <summary>The address (host:port) of the silo this card is active on.</summary>
    [Alias("host")]
    [AlwaysInterleave]
    Task<string> GetHostAsync();

    /// <summary>Ids of this card's open transactions, newest first, at most <paramref name="limit"/>.</summary>
    [Alias("list-open")]
    Task<IReadOnlyList<Guid>> ListOpenAsync(int limit);

    /// <summary>Ids of this card's open transactions whose amount is within LIMIT of <paramref name="amountTiyin"/> (suggestions for a stray credit).</summary>
    [Alias("open-near")]
    Task<IReadOnlyList<Guid>> OpenNearAsync(long amountTiyin);

    /// <summary>A message arrived from the card's notification source: trust rules, parse, match, confirm.</summary>
    [Alias("bank-message")]
    Task<MatchResult> OnBankMessageAsync(BankMessage message);

    /// <summary>
    /// Telegram cards: sends the account's phone number so Telegram texts a login code; the result is normally
    /// <c>code_required</c> (or <c>ready</c> when the session is already logged in).
    /// </summary>
    [Alias("login-start")]
    [ResponseTimeout(LoginCallTimeout)]
    Task<LoginResult> StartLoginAsync(string phone);

    /// <summary>Telegram cards: the login code; the result is <c>password_required</c> or <c>ready</c>.</summary>
    [Alias("login-code")]
    [ResponseTimeout(LoginCallTimeout)]
    Task<LoginResult> SubmitLoginCodeAsync(string code);

    /// <summary>Telegram cards: the two-step verification password; the result is <c>ready</c>.</summary>
    [Alias("login-password")]
    [ResponseTimeout(LoginCallTimeout)]
    Task<LoginResult> SubmitLoginPasswordAsync(string password);

    /// <summary>Telegram cards: the login e-mail address Telegram asked for (<c>email_required</c>); the result is <c>email_code_required</c>.</summary>
    [Alias("login-email")]
    [ResponseTimeout(LoginCallTimeout)]
    Task<LoginResult> SubmitLoginEmailAsync(string email);

    /// <summary>Telegram cards: the code Telegram mailed (<c>email_code_required</c>); the result is <c>code_required</c>, <c>password_required</c> or <c>ready</c>.</summary>
    [Alias("login-email-code")]
    [ResponseTimeout(LoginCallTimeout)]
    Task<LoginResult> SubmitLoginEmailCodeAsync(string code);

    /// <summary>
    /// Removes the card (a Telegram card is logged out and its session deleted first; sandbox cards too). Refused
    /// (<see cref="LoginFailure.OpenTransactions"/>) while the card has open transactions, unless <paramref name="force"/>:
    /// then each is cancelled (<c>card_removed</c>, with its cancel webhook) before the card goes.
    /// </summary>
    [Alias("logout")]
    [ResponseTimeout(LoginCallTimeout)]
    Task<LoginResult> LogoutAsync(bool force);

    /// <summary>
    /// Removes the card whatever it holds: each open transaction is cancelled with <paramref name="cancelReason"/>
    /// (durably, with its cancel webhook) before the card is unregistered, so no active transaction is left on a removed
    /// card. At start-up with SANDBOX=false, sandbox cards are removed this way (<c>sandbox_off</c>). Idempotent.
    /// </summary>
    [Alias("unregister")]
    [ResponseTimeout(LoginCallTimeout)]
    Task UnregisterAsync(string cancelReason);

    /// <summary>Called by the card's own Telegram session (never by TDLib's thread directly) when its login status changes.</summary>
    [Alias("session-status")]
    Task OnSessionStatusAsync(string status, string? reason);

    /// <summary>
    /// Called by the card's own Telegram session, in order with the bank messages it hands over: <c>true</c> once the
    /// connection is ready and a history catch-up has succeeded and every message it read was handed to the card
    /// before this call; <c>false</c> as soon as the connection drops, the session leaves <c>ready</c>, or a catch-up is
    /// pending or failed. While the feed is not live the card holds its overdue transactions open (payments may be
    /// unread), for at most <c>EXPIRY_HOLD_MAX</c>.
    /// </summary>
    [Alias("feed-state")]
    Task OnFeedStateAsync(bool live);

    /// <summary>
    /// Called by the card's own Telegram session when TDLib closed the session without being asked (ended in a Telegram
    /// app or revoked by Telegram): the card drops its snapshot and becomes <c>login_required</c> with <paramref name="reason"/>.
    /// </summary>
    [Alias("session-ended")]
    Task OnSessionEndedAsync(string reason);

    /// <summary>Called by the card's own Telegram session when it found a watched bank bot's chat: the card remembers it.</summary>
    [Alias("bot-chat-found")]
    Task OnBotChatFoundAsync(long botUserId, long chatId);

    /// <summary>
    /// On an account (the grain holding the Telegram session): adds a card whose notifications arrive on this account.
    /// The first card of an account that has none takes the account's id; further cards get
    /// <see cref="AccountCardIds.Hosted"/> ids and are grains of their own, each with its pool and expiry, fed by this
    /// account. Refused (<see cref="LoginFailure.Conflict"/>) when a card with the same bank and last4 is there.
    /// Idempotent. The result's <see cref="LoginResult.Reason"/> is the new card's id when it succeeded.
    /// </summary>
    [Alias("add-card")]
    Task<LoginResult> AddCardAsync(CardSpec spec);

    /// <summary>
    /// On an account: removes one of its further cards (<see cref="LogoutAsync"/> on that card: its open transactions
    /// are refused or cancelled as there), then stops routing its messages. The session stays.
    /// </summary>
    [Alias("remove-card")]
    [ResponseTimeout(LoginCallTimeout)]
    Task<LoginResult> RemoveCardAsync(string cardId, bool force);

    /// <summary>On an account: its session's status and feed, for a hosted card that (re)activates. Only reads.</summary>
    [Alias("session-view")]
    [AlwaysInterleave]
    Task<AccountSession> GetSessionAsync(string cardId);

    /// <summary>On an account: its own card (when it has one) and the cards it hosts.</summary>
    [Alias("account-cards")]
    [AlwaysInterleave]
    Task<IReadOnlyList<CardSpec>> ListAccountCardsAsync();

    /// <summary>On a hosted card: its account's session status and feed changed (pushed by the account, in order with its messages).</summary>
    [Alias("account-state")]
    Task OnAccountStateAsync(AccountSession session);
}

/// <summary>What a hosted card learns from its account: whether it is listed there, the session's status, and whether the feed is live.</summary>
[GenerateSerializer, Immutable, Alias("paycue.account-session")]
public sealed record AccountSession(bool Hosts, string Status, string? Reason, bool FeedLive, long Version);
