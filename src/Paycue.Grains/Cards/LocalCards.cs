using System.Collections.Concurrent;

namespace Paycue.Grains.Cards;

/// <summary>
/// The card activations living in this process, so that a create placed here can go to its card without a grain call
/// (see <c>CardGrain.Direct</c>). A card is listed from the end of its activation until its deactivation starts; a
/// card on another silo, or one that cannot take the create this way, is reached by the grain call as before.
/// Empty in a process that hosts no silo.
/// </summary>
public sealed class LocalCards
{
    private readonly ConcurrentDictionary<string, CardGrain> cards = new(StringComparer.Ordinal);

    internal void Add(string cardId, CardGrain card) => cards[cardId] = card;

    internal void Remove(string cardId, CardGrain card) => cards.TryRemove(KeyValuePair.Create(cardId, card));

    /// <summary>
    /// Reserves <paramref name="requestedTiyin"/> itself on <paramref name="cardId"/>'s activation in this process. Null
    /// when that is not possible here (no activation here, the amount is not free, the card is busy with something
    /// that creates must wait for): the caller then makes the grain call. A task that ends in null means the same:
    /// Redis refused the write, and the card left no trace of it.
    /// </summary>
    public Task<Reservation?>? TryReserveExact(string cardId, Guid transactionId, long requestedTiyin, TimeSpan? ttl, OrderDetails? order) =>
        cards.TryGetValue(cardId, out var card) ? card.TryReserveHere(transactionId, requestedTiyin, ttl, order) : null;

    private long reserved;

    /// <summary>How many creates this process made without a grain call since it started (tests and diagnostics).</summary>
    public long Reserved => Interlocked.Read(ref reserved);

    internal void CountReserved() => Interlocked.Increment(ref reserved);

    /// <summary>Whether <paramref name="cardId"/>'s activation lives in this process.</summary>
    public bool Has(string cardId) => cards.ContainsKey(cardId);
}
