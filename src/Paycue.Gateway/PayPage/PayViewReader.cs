using Paycue.Grains.Cards;
using Paycue.Grains.Configuration;

namespace Paycue.Gateway.PayPage;

/// <summary>Looks a transaction up for the pay page and joins it with its card's number and owner.</summary>
public sealed class PayViewReader(IGrainFactory grains, CardCatalog cards, PaycueOptions options, TimeProvider clock)
{
    /// <summary>
    /// The page's view, or null when the id is malformed or no such transaction exists. <paramref name="opened"/>: the
    /// page itself is being opened (not its status poll), which the transaction records once for its timeline.
    /// </summary>
    public async Task<PayView?> FindAsync(string id, bool opened = false)
    {
        if (!Guid.TryParseExact(id, "D", out var transactionId))
        {
            return null;
        }

        var grain = grains.GetGrain<ITransactionGrain>(transactionId);
        var transaction = await grain.GetAsync();
        if (transaction is null)
        {
            return null;
        }

        if (opened && transaction is { State: TransactionState.Active, PayPageOpenedAt: null })
        {
            // One-way: the page is answered without waiting for the save.
            await grain.PayPageOpenedAsync();
        }

        // The catalog's per-process cache, not the card grain: an open page asks every second, and the card grain
        // should spend its single thread on matching payments.
        var card = (await cards.GetCardsAsync()).FirstOrDefault(c => c.Spec.CardId == transaction.CardId)?.Spec;
        return PayView.From(transaction, card, options.Precision, clock.GetUtcNow());
    }
}
