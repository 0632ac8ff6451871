using Paycue.Grains.Cards;
using Paycue.Grains.Configuration;

namespace Paycue.Gateway.PayPage;

/// <summary>Looks a transaction up for the pay page and joins it with its card's number and owner.</summary>
public sealed class PayViewReader(IGrainFactory grains, CardCatalog cards, PaycueOptions options, TimeProvider clock)
{
    /// <summary>The page's view, or null when the id is malformed or no such transaction exists.</summary>
    public async Task<PayView?> FindAsync(string id)
    {
        if (!Guid.TryParseExact(id, "D", out var transactionId))
        {
            return null;
        }

        var transaction = await grains.GetGrain<ITransactionGrain>(transactionId).GetAsync();
        if (transaction is null)
        {
            return null;
        }

        // The catalog's per-process cache, not the card grain: an open page asks every second, and the card grain
        // should spend its single thread on matching payments.
        var card = (await cards.GetCardsAsync()).FirstOrDefault(c => c.Spec.CardId == transaction.CardId)?.Spec;
        return PayView.From(transaction, card, options.Precision, clock.GetUtcNow());
    }
}
