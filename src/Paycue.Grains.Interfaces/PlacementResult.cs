namespace Paycue.Grains.Interfaces;

[GenerateSerializer, Alias("paycue.placement-status")]
public enum PlacementStatus
{
    Created = 0,

    /// <summary>The named card is not registered.</summary>
    UnknownCard = 1,

    /// <summary>Every candidate card holds every amount within LIMIT.</summary>
    NoFreeAmount = 2,

    /// <summary>No card is ready to take transactions.</summary>
    NoReadyCard = 3,

    /// <summary>
    /// The Idempotency-Key already created a transaction for a different amount or card; see
    /// <see cref="PlacementResult.Transaction"/>.
    /// </summary>
    KeyReused = 4,

    /// <summary>The named card exists but does not take transactions now (not logged in, connecting, removed from the sandbox).</summary>
    CardNotReady = 5,
}

/// <summary>The outcome of creating a transaction.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Transaction">The transaction, when created (or replayed, or when the key was reused).</param>
/// <param name="Replayed">True when an Idempotency-Key returned a transaction created earlier.</param>
[GenerateSerializer, Immutable, Alias("paycue.placement-result")]
public sealed record PlacementResult(PlacementStatus Status, TransactionView? Transaction, bool Replayed);
