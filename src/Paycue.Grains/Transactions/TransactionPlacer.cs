using System.Collections.Concurrent;
using Paycue.Grains.Cards;

namespace Paycue.Grains.Transactions;

/// <summary>
/// Places a new transaction on the card whose nearest free amount is closest to the request (ties: fewer open
/// transactions). Quotes are taken in parallel; the reserve then refuses if the card's nearest free amount moved
/// past the quote, and the placer re-quotes. Since a card's offsets only grow between quotes, every placement is at
/// the smallest offset any card had at that moment, which is what bounds drift to ceil(N/K) - 1 under concurrency.
/// Requests for the same amount in one process take turns from quote to reserve (a striped async lock): without that,
/// a burst of equal requests would all quote the same level and all but K of them would lose the race and re-quote.
/// Most requests find their exact amount free, so the placer first asks one card to reserve it at offset 0: no
/// offset can beat that, so the bound holds, and a create costs one card call instead of a quote per card. Which
/// card: the next in a rotation kept per amount, so repeated requests for one price (the common case: a shop's
/// products) go to a card that does not hold that price yet, until every card does.
/// </summary>
/// <remarks>
/// That first reserve goes to the card's activation directly when it lives in this process (<see cref="LocalCards"/>,
/// see <c>CardGrain.Direct</c>), and by a grain call when it does not or the card cannot take it that way.
/// </remarks>
public sealed class TransactionPlacer(IGrainFactory grains, CardCatalog catalog, LocalCards? localCards = null)
{
    /// <summary>
    /// The bank selector an earlier version passed where a card id goes (<c>bank:uzcard</c>; ids never hold ':'), and
    /// kept in Idempotency-Key records: still read, so a gateway of that version in the same cluster and a key stored
    /// by it keep their meaning. The bank is now its own parameter.
    /// </summary>
    public static string LegacyBankSelector(string bank) => "bank:" + bank;

    /// <summary>The bank a legacy selector names; null for a card id or none.</summary>
    public static string? LegacySelectedBank(string? cardId) =>
        cardId is not null && cardId.StartsWith("bank:", StringComparison.Ordinal) ? CardBanks.Parse(cardId[5..]) : null;

    private const int OptimalAttempts = 4;
    private const int Stripes = 64;
    private const int RotationSlots = 4096;

    private readonly SemaphoreSlim[] stripes = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly ConcurrentDictionary<string, ICardGrain> cardGrains = new(StringComparer.Ordinal);

    // Per amount (hashed into a fixed table, so memory stays bounded; a shared slot only shifts a rotation).
    private readonly int[] rotation = new int[RotationSlots];

    /// <param name="transactionId">
    /// The id to place under (an Idempotency-Key's, stored before placing); a new one when null. Placing an id again
    /// is safe: the card that holds it answers with the transaction it already has.
    /// </param>
    /// <param name="ttl">The transaction's time to pay; TRANSACTION_TIMEOUT when null.</param>
    /// <param name="order">What the merchant attached (order id, metadata, return URL), stored with the transaction.</param>
    /// <param name="bank">Only cards of this bank (<c>humo</c>, <c>uzcard</c>) when no card is named; any bank when null.</param>
    public async Task<PlacementResult> PlaceAsync(long requestedTiyin, string? cardId, CancellationToken cancellationToken, Guid? transactionId = null,
        TimeSpan? ttl = null, OrderDetails? order = null, string? bank = null)
    {
        if (LegacySelectedBank(cardId) is { } legacy)
        {
            (cardId, bank) = (null, legacy);
        }

        var cards = await CandidatesAsync(cardId, bank);
        if (cards is null)
        {
            return new PlacementResult(PlacementStatus.UnknownCard, null, false);
        }

        if (cards.Count == 0)
        {
            return new PlacementResult(PlacementStatus.NoReadyCard, null, false);
        }

        var id = transactionId ?? TransactionIds.New();

        // Fast path: the requested amount itself, on the next card in this amount's rotation.
        // The rotation starts at a card picked by a hash of the amount: amounts are round numbers, so amount % K
        // alone would send every first request to one card.
        var hash = (ulong)requestedTiyin * 0x9E3779B97F4A7C15UL;
        var turn = (uint)Interlocked.Increment(ref rotation[(int)(hash >> 52)]);
        var first = cards[(int)(((hash >> 32) + turn) % (ulong)cards.Count)];
        Reservation? exact = null;
        if (localCards?.TryReserveExact(first, id, requestedTiyin, ttl, order) is { } here)
        {
            exact = await here;
        }

        exact ??= await Card(first).ReserveAsync(id, requestedTiyin, 0, ttl, order);
        if (exact.Status == ReservationStatus.Reserved)
        {
            return Created(exact);
        }

        if (exact.Status == ReservationStatus.NotReady && cardId is not null)
        {
            // A named card that takes no transactions now (logging in, connecting, a sandbox card with SANDBOX=false)
            // is not "full": the merchant is told to wait or to leave the card to us.
            return new PlacementResult(PlacementStatus.CardNotReady, null, false);
        }

        for (var attempt = 0; attempt <= OptimalAttempts; attempt++)
        {
            Quote? best;
            Reservation reservation;
            var stripe = stripes[(int)((ulong)requestedTiyin % Stripes)];
            await stripe.WaitAsync(cancellationToken);
            try
            {
                var asked = new Task<Quote>[cards.Count];
                for (var i = 0; i < asked.Length; i++)
                {
                    asked[i] = Card(cards[i]).QuoteAsync(requestedTiyin);
                }

                var quotes = await Task.WhenAll(asked);
                best = Best(quotes);
                if (best is null)
                {
                    return new PlacementResult(PlacementStatus.NoFreeAmount, null, false);
                }

                // The last attempt takes whatever the chosen card has, so contention from other processes degrades
                // optimality, never availability.
                var maxOffset = attempt < OptimalAttempts ? best.OffsetSteps : null;
                reservation = await Card(best.CardId).ReserveAsync(id, requestedTiyin, maxOffset, ttl, order);
            }
            finally
            {
                stripe.Release();
            }

            if (reservation.Status != ReservationStatus.Reserved)
            {
                continue;
            }

            return Created(reservation);
        }

        return new PlacementResult(PlacementStatus.NoFreeAmount, null, false);
    }

    private static PlacementResult Created(Reservation reservation) => new(PlacementStatus.Created, reservation.Transaction!, false);

    /// <summary>Grain references are immutable and cheap to keep; resolving one per call showed up in profiles.</summary>
    private ICardGrain Card(string cardId) => cardGrains.GetOrAdd(cardId, static (id, factory) => factory.GetGrain<ICardGrain>(id), grains);

    private static Quote? Best(Quote[] quotes)
    {
        Quote? best = null;
        var ties = 0;
        foreach (var quote in quotes)
        {
            if (quote.OffsetSteps is null)
            {
                continue;
            }

            var order = best is null ? -1 : Compare(quote, best);
            if (order < 0)
            {
                best = quote;
                ties = 1;
            }
            else if (order == 0 && Random.Shared.Next(++ties) == 0)
            {
                // Fully tied cards share the load evenly instead of all concurrent requests hitting the first.
                best = quote;
            }
        }

        return best;
    }

    private static int Compare(Quote a, Quote b)
    {
        var byOffset = a.OffsetSteps!.Value.CompareTo(b.OffsetSteps!.Value);
        return byOffset != 0 ? byOffset : a.OpenTransactions.CompareTo(b.OpenTransactions);
    }

    /// <summary>Card ids to quote; null when a named card does not exist. A named card wins over the bank (the caller checks they agree).</summary>
    private async Task<IReadOnlyList<string>?> CandidatesAsync(string? cardId, string? bank)
    {
        if (cardId is null && bank is not null)
        {
            return await catalog.GetReadyCardIdsAsync(bank);
        }

        if (cardId is not null)
        {
            var known = (await catalog.GetCardsAsync()).Any(c => c.Spec.CardId == cardId)
                || await Card(cardId).GetInfoAsync() is not null;
            return known ? [cardId] : null;
        }

        return await catalog.GetReadyCardIdsAsync();
    }
}
