using Orleans.Runtime;
using Paycue.Grains.Configuration;

namespace Paycue.Grains.Transactions;

/// <summary>
/// An <c>Idempotency-Key</c>'s memory of the transaction it names, for as long as the transaction's record is kept
/// (RETENTION), not just until its deadline: a shop retrying an order an hour later must see the order's transaction
/// (paid, expired or open), never a second one.
/// </summary>
/// <remarks>
/// The id is chosen and stored durably before anything is placed. A failed key write therefore places nothing, and a
/// retry after a placement that failed half-way places again under the same id, which the card answers with the
/// transaction it already holds. The store is read directly, not through <see cref="ITransactionGrain"/>: asking the
/// grain about an id not yet placed would activate it empty, and it would keep answering "none" after the placement.
/// </remarks>
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", StorageNames.Paycue)] IPersistentState<IdempotencyRecord> state,
    TransactionPlacer placer,
    ITransactionStore transactions,
    Ledger.ILedgerStore ledger,
    PaycueOptions options,
    TimeProvider clock) : Grain, IIdempotencyGrain
{
    public Task<PlacementResult> CreateOnceAsync(long requestedTiyin, string? cardId) => CreateOnceAsync(requestedTiyin, cardId, null, null);

    public Task<PlacementResult> CreateOnceAsync(long requestedTiyin, string? cardId, TimeSpan? ttl, OrderDetails? order) =>
        CreateOnceAsync(requestedTiyin, cardId, ttl, order, null);

    public async Task<PlacementResult> CreateOnceAsync(long requestedTiyin, string? cardId, TimeSpan? ttl, OrderDetails? order, string? bank)
    {
        if (TransactionPlacer.LegacySelectedBank(cardId) is { } legacy)
        {
            // From a gateway of the earlier version, which sent the bank where the card id goes.
            (cardId, bank) = (null, legacy);
        }

        var terms = Terms(ttl, order);
        var now = clock.GetUtcNow();
        var record = state.State;
        if (record.TransactionId is { } id && !Forgotten(record, now))
        {
            var existing = await ExistingAsync(id, record);
            if (existing is not null)
            {
                // A key names one request. The same key with another amount or card is a client bug (a reused order
                // id, say); answering with the old transaction would show the payer the wrong amount.
                var sameRequest = record.RequestedTiyin == 0 || record.SameRequest(requestedTiyin, cardId, bank, terms);
                return sameRequest
                    ? new PlacementResult(PlacementStatus.Created, existing, Replayed: true)
                    : new PlacementResult(PlacementStatus.KeyReused, existing, Replayed: false);
            }

            if (record.CreatedAt == default)
            {
                // A record from before ids were stored ahead of the placement, whose transaction is gone: start over.
                await RememberAsync(TransactionIds.New(), requestedTiyin, cardId, bank, terms, now);
            }
            else if (!record.SameRequest(requestedTiyin, cardId, bank, terms))
            {
                // Nothing was placed under this key yet; the request it names is the one now being placed.
                await RememberAsync(id, requestedTiyin, cardId, bank, terms, record.CreatedAt);
            }
        }
        else
        {
            await RememberAsync(TransactionIds.New(), requestedTiyin, cardId, bank, terms, now);
        }

        return await placer.PlaceAsync(requestedTiyin, cardId, CancellationToken.None, state.State.TransactionId, ttl, order, bank);
    }

    /// <summary>A key older than RETENTION names nothing any more (the sweep removes it, and its transaction, soon).</summary>
    private bool Forgotten(IdempotencyRecord record, DateTimeOffset now) =>
        record.CreatedAt != default && now - record.CreatedAt > options.Retention;

    private async Task<TransactionView?> ExistingAsync(Guid id, IdempotencyRecord record)
    {
        if (record.CreatedAt != default && await transactions.LoadAsync(id) is null)
        {
            return null;
        }

        // Stored (or a record from before: its transaction was created first, and may live in legacy grain storage).
        return await GrainFactory.GetGrain<ITransactionGrain>(id).GetAsync();
    }

    /// <summary>The per-order settings as one comparable text; null when there are none.</summary>
    private static string? Terms(TimeSpan? ttl, OrderDetails? order) =>
        ttl is null && order is null ? null : System.Text.Json.JsonSerializer.Serialize(new { ttl = ttl?.Ticks, order?.OrderId, order?.MetadataJson, order?.ReturnUrl });

    private async Task RememberAsync(Guid id, long requestedTiyin, string? cardId, string? bank, string? terms, DateTimeOffset createdAt)
    {
        var before = state.State;
        state.State = new IdempotencyRecord
        {
            TransactionId = id,
            ExpiresAt = before.ExpiresAt,
            CreatedAt = createdAt,
            RequestedTiyin = requestedTiyin,
            RequestedCardId = cardId,
            RequestedBank = cardId is null ? bank : null,
            RequestedTerms = terms,
        };

        // The index entry lets the retention sweep find the key; written alongside, since a missing one only keeps
        // the record longer.
        try
        {
            await Task.WhenAll(state.WriteStateAsync(), ledger.RecordKeptAsync(Ledger.KeptKinds.Idempotency, this.GetPrimaryKeyString(), createdAt));
        }
        catch
        {
            // Storage may or may not hold the new id (a timeout can land after the write), so this activation must not
            // place under it from memory: a retry here would place a transaction the key's stored record does not
            // name, and once the grain came back from storage a further retry would place a second one. The next
            // request reactivates the key from what storage holds.
            state.State = before;
            DeactivateOnIdle();
            throw;
        }
    }

    public Task ForgetAsync() => state.ClearStateAsync();
}
