namespace Paycue.Grains.Transactions;

public sealed class IdempotencyRecord
{
    /// <summary>
    /// The transaction this key names. Chosen and stored before the placement, so a retry after any failure places
    /// under the same id (the card answers a repeated reserve with the transaction it already holds).
    /// </summary>
    public Guid? TransactionId { get; set; }

    /// <summary>Written only by records from before the key outlived its transaction's deadline; no longer read.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>
    /// When the key was first used; the retention sweep removes the key once this is older than RETENTION.
    /// Default in records written before ids were stored ahead of the placement (those were written after it).
    /// </summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The request that created the transaction; 0 in records written before it was kept.</summary>
    public long RequestedTiyin { get; set; }

    /// <summary>The card the request named, or null for "any card" (an earlier version stored a bank here as <c>bank:uzcard</c>).</summary>
    public string? RequestedCardId { get; set; }

    /// <summary>The bank the request restricted placement to, or null for either.</summary>
    public string? RequestedBank { get; set; }

    /// <summary>
    /// Whether a request asks for what this record's request did. A record of the earlier version, whose bank travelled
    /// as <c>bank:uzcard</c> in the card id, reads as that bank with no card, so its key replays across the upgrade.
    /// </summary>
    public bool SameRequest(long requestedTiyin, string? cardId, string? bank, string? terms)
    {
        var (storedCard, storedBank) = TransactionPlacer.LegacySelectedBank(RequestedCardId) is { } legacy
            ? ((string?)null, (string?)legacy)
            : (RequestedCardId, RequestedBank);
        // With a card named the bank says nothing more (the gateway refuses a bank the card is not at).
        return RequestedTiyin == requestedTiyin && storedCard == cardId && (cardId is not null || storedBank == bank) && RequestedTerms == terms;
    }

    /// <summary>
    /// The request's per-order settings (ttl, order id, metadata, return URL) as one text, null when it had none (and
    /// in records written before they existed), so a retry with other settings is told the key is taken.
    /// </summary>
    public string? RequestedTerms { get; set; }
}
