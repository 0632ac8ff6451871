namespace Paycue.Grains.Interfaces;

/// <summary>
/// Creates at most one transaction per <c>Idempotency-Key</c> (key: the header value) for as long as that
/// transaction is kept (RETENTION).
/// Single activation serialises concurrent retries of the same key, so they cannot create two transactions.
/// </summary>
[Alias("paycue.idempotency")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>The transaction this key created, or a new one placed as <paramref name="requestedTiyin"/> on <paramref name="cardId"/> (any card when null).</summary>
    [Alias("create-once")]
    Task<PlacementResult> CreateOnceAsync(long requestedTiyin, string? cardId);

    /// <summary>
    /// <see cref="CreateOnceAsync(long, string?)"/> with per-order settings. The key names the whole request: the same
    /// key with another ttl, order id, metadata or return URL is <see cref="PlacementStatus.KeyReused"/>.
    /// </summary>
    [Alias("create-once-order")]
    Task<PlacementResult> CreateOnceAsync(long requestedTiyin, string? cardId, TimeSpan? ttl, OrderDetails? order);

    /// <summary>
    /// <see cref="CreateOnceAsync(long, string?, TimeSpan?, OrderDetails?)"/> restricted to cards of <paramref name="bank"/>
    /// (<c>humo</c>, <c>uzcard</c>) when no card is named; the bank is part of the request the key names.
    /// </summary>
    [Alias("create-once-bank")]
    Task<PlacementResult> CreateOnceAsync(long requestedTiyin, string? cardId, TimeSpan? ttl, OrderDetails? order, string? bank);

    /// <summary>The retention sweep: deletes the key's record.</summary>
    [Alias("forget")]
    Task ForgetAsync();
}
