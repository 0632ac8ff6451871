using Orleans.Runtime;

namespace Paycue.Grains.Transactions;

/// <summary>An <c>Idempotency-Key</c>'s memory of the transaction it created, for as long as a transaction lives.</summary>
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", StorageNames.Paycue)] IPersistentState<IdempotencyRecord> state,
    TransactionPlacer placer,
    TimeProvider clock) : Grain, IIdempotencyGrain
{
    public async Task<PlacementResult> CreateOnceAsync(long requestedTiyin, string? cardId)
    {
        if (state.State.TransactionId is { } id && clock.GetUtcNow() < state.State.ExpiresAt)
        {
            var existing = await GrainFactory.GetGrain<ITransactionGrain>(id).GetAsync();
            if (existing is not null)
            {
                // A key names one request. The same key with another amount or card is a client bug (a reused order
                // id, say); answering with the old transaction would show the payer the wrong amount.
                var sameRequest = state.State.RequestedTiyin == 0
                    || (state.State.RequestedTiyin == requestedTiyin && state.State.RequestedCardId == cardId);
                return sameRequest
                    ? new PlacementResult(PlacementStatus.Created, existing, Replayed: true)
                    : new PlacementResult(PlacementStatus.KeyReused, existing, Replayed: false);
            }
        }

        var placed = await placer.PlaceAsync(requestedTiyin, cardId, CancellationToken.None);
        if (placed.Status == PlacementStatus.Created)
        {
            state.State.TransactionId = placed.Transaction!.TransactionId;
            state.State.ExpiresAt = placed.Transaction.ExpiresAt;
            state.State.RequestedTiyin = requestedTiyin;
            state.State.RequestedCardId = cardId;
            await state.WriteStateAsync();
        }

        return placed;
    }
}
