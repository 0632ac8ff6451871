using Paycue.Telegram;

namespace Paycue.Grains.Telegram;

/// <summary>
/// Where a card's TDLib client comes from. The real one (<see cref="TdlibSessionFactory"/>) takes clients from the
/// process's single <see cref="TdReceiveLoop"/>; tests put scripted clients here.
/// </summary>
public interface ITelegramSessionFactory
{
    /// <summary>A new, not yet started client for one card.</summary>
    ITdClient CreateClient(string cardId);

    /// <summary>Closes a client made here, so TDLib flushes its database before the directory is packed or deleted.</summary>
    Task CloseAsync(ITdClient client, TimeSpan timeout);

    /// <summary>How a card's session retries; tests shorten it.</summary>
    CardSessionRetries Retries => CardSessionRetries.Default;
}

/// <summary>
/// The backoff of a card's session. A history read is retried for as long as the session lives (a payment may be in
/// it); a hand-off to the card for <see cref="HandOffGiveUpAfter"/>, after which the message stays unprocessed and
/// the history is read back over it.
/// </summary>
public sealed record CardSessionRetries(
    TimeSpan CatchUpFirstDelay,
    TimeSpan CatchUpMaxDelay,
    TimeSpan HandOffFirstDelay,
    TimeSpan HandOffMaxDelay,
    TimeSpan HandOffGiveUpAfter)
{
    public static CardSessionRetries Default { get; } = new(
        CatchUpFirstDelay: TimeSpan.FromSeconds(1),
        CatchUpMaxDelay: TimeSpan.FromSeconds(60),
        HandOffFirstDelay: TimeSpan.FromSeconds(1),
        HandOffMaxDelay: TimeSpan.FromSeconds(30),
        HandOffGiveUpAfter: TimeSpan.FromMinutes(10));

    /// <summary>The delay after <paramref name="delay"/>: doubled, at most <paramref name="max"/>.</summary>
    public static TimeSpan Next(TimeSpan delay, TimeSpan max) => delay * 2 > max ? max : delay * 2;
}
