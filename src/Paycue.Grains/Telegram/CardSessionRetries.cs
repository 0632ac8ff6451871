namespace Paycue.Grains.Telegram;

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
