namespace Paycue.Grains.Interfaces;

/// <summary>
/// Reads transactions straight from the transaction store, without activating their grains: by order id, and the
/// closed ones page by page for exports and summaries. Stateless: any silo answers. The store holds what a grain has
/// saved, so what it answers is never ahead of what is durable.
/// </summary>
[Alias("paycue.transaction-query")]
public interface ITransactionQueryGrain : IGrainWithIntegerKey
{
    /// <summary>Transactions created with this order id, newest first, at most <paramref name="limit"/>.</summary>
    [Alias("by-order-id")]
    Task<IReadOnlyList<TransactionView>> ByOrderIdAsync(string orderId, int limit);

    /// <summary>
    /// Closed transactions whose close was before <paramref name="before"/>, newest close first, from a page of at most
    /// <paramref name="limit"/> entries of the closed index; a transaction already purged is left out.
    /// </summary>
    [Alias("closed-page")]
    Task<TransactionPage> ClosedAsync(DateTimeOffset? before, int limit);

    /// <summary>Transactions by id, read from the store; ids with no stored transaction are left out.</summary>
    [Alias("by-ids")]
    Task<IReadOnlyList<TransactionView>> ByIdsAsync(IReadOnlyList<Guid> transactionIds);
}

/// <param name="Items">The transactions of the page that are still stored.</param>
/// <param name="Full">The index page was full: there may be more before the last one.</param>
[GenerateSerializer, Immutable, Alias("paycue.transaction-page")]
public sealed record TransactionPage(IReadOnlyList<TransactionView> Items, bool Full);
