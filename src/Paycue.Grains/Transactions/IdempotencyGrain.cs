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
                return new PlacementResult(PlacementStatus.Created, existing, Replayed: true);
            }
        }

        var placed = await placer.PlaceAsync(requestedTiyin, cardId, CancellationToken.None);
        if (placed.Status == PlacementStatus.Created)
        {
            state.State.TransactionId = placed.Transaction!.TransactionId;
            state.State.ExpiresAt = placed.Transaction.ExpiresAt;
            await state.WriteStateAsync();
        }

        return placed;
    }
}
