using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Paycue.Grains.Cards;

/// <summary>
/// Removing a card, and the rules that keep a card from taking orders it must not take. A removal cancels the card's
/// open transactions first and unregisters it after: every cancel is durable (and its webhook owed) before the card
/// disappears, so a crash in between leaves a registered card with fewer open transactions, never an active
/// transaction on a removed card nobody expires.
/// </summary>
public sealed partial class CardGrain
{
    /// <summary>The cancel reason of transactions a forced <c>DELETE /api/cards/{id}</c> cancelled.</summary>
    public const string CardRemovedReason = "card_removed";

    /// <summary>The cancel reason of a sandbox card's transactions when the service starts with SANDBOX=false.</summary>
    public const string SandboxOffReason = "sandbox_off";

    /// <summary>Cancels in flight at once: each is a few Redis writes on its own grain.</summary>
    private const int CancelBatch = 32;

    /// <summary>
    /// Registered, but this silo gives it no new transaction: a sandbox card while this process runs with SANDBOX=false
    /// (its card number is fake; a payer would send real money to it), or a Telegram card without a last4 (kept from
    /// before last4 was required; without it the bank bot's messages about any card would count).
    /// </summary>
    private bool Barred => state.State.Spec is { } spec
        && ((spec.Kind == CardKind.Sandbox && !options.Sandbox) || (spec.Kind == CardKind.Telegram && spec.Last4 is null));

    public async Task UnregisterAsync(string cancelReason) => await RemoveAsync(force: true, cancelReason);

    /// <summary>Refuses a spec the card could not check messages against.</summary>
    private void CheckSpec(CardSpec spec)
    {
        if (spec.Bank is not null && CardBanks.Parse(spec.Bank) != spec.Bank)
        {
            throw new ArgumentException($"Card {spec.CardId}: bank must be \"humo\" or \"uzcard\", not '{spec.Bank}'.", nameof(spec));
        }

        if (spec.IsHosted && AccountCardIds.AccountOf(spec.CardId) != spec.AccountId)
        {
            throw new ArgumentException($"Card {spec.CardId}: a card on account {spec.AccountId} has an id that starts with it.", nameof(spec));
        }

        if (Registered && state.State.Spec!.Account != spec.Account)
        {
            throw new ArgumentException($"Card {spec.CardId} is on account {state.State.Spec.Account}; it cannot move to {spec.Account}.", nameof(spec));
        }

        if (spec.Kind == CardKind.Telegram && spec.Last4 is null && !spec.SessionOnly)
        {
            throw new ArgumentException($"Card {spec.CardId}: a Telegram card needs its last4 (or its full number); without it the bank bot's messages about any card would count as payments.", nameof(spec));
        }
    }

    private async Task<LoginResult> RemoveAsync(bool force, string cancelReason)
    {
        if (!Registered)
        {
            // A removal that reset the state but crashed before the directory write leaves an entry behind: drop it.
            await GrainFactory.GetGrain<ICardDirectoryGrain>(0).RemoveAsync(CardId);
            return new LoginResult(CardStatus.Unregistered, $"No card {CardId}.", LoginFailure.NotRegistered);
        }

        if (IsHosted && RequestContext.Get(HostedCallKey) as string != state.State.Spec!.Account)
        {
            return new LoginResult(state.State.Status, $"Card {CardId} is on account {state.State.Spec!.Account}; remove it through DELETE /api/cards/{CardId}.", LoginFailure.Conflict);
        }

        if (IsAccount && state.State.HostedCards.Count > 0)
        {
            return new LoginResult(state.State.Status,
                $"Account {CardId} still carries {string.Join(", ", state.State.HostedCards.Select(c => c.CardId))}; remove those cards first (the session stays until its last card goes).",
                LoginFailure.Conflict);
        }

        if (pool.OpenCount > 0 && !force)
        {
            return new LoginResult(state.State.Status,
                $"The card has {pool.OpenCount} open transaction(s); wait until they close, or add ?force=true to remove it anyway (they are cancelled).",
                LoginFailure.OpenTransactions);
        }

        var cancelled = await CancelOpenAsync(cancelReason);
        if (IsAccount)
        {
            await EndTelegramAsync();
        }

        // The state first, then the directory: a crash between them leaves an entry whose card answers "not
        // registered" (the card list skips it, and the next removal drops it), never a listed card that takes orders.
        var kind = state.State.Spec!.Kind;
        state.State = new CardState { LastMessageId = state.State.LastMessageId };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ICardDirectoryGrain>(0).RemoveAsync(CardId);
        await AlertStatusAsync(CardStatus.Unregistered, null);
        PaycueMetrics.SetCardStatus(CardId, CardStatus.Unregistered);
        LogRemoved(CardId, kind, cancelled, cancelReason);
        DeactivateOnIdle();
        return new LoginResult(CardStatus.Unregistered, null, LoginFailure.None);
    }

    /// <summary>
    /// Cancels every open transaction (each durable, with its cancel webhook, before this returns), then starts the
    /// cooldown of their amounts as any close does, so a re-registered card does not hand them out again at once.
    /// </summary>
    private async Task<int> CancelOpenAsync(string reason)
    {
        var open = pool.OpenEntries().ToList();
        var cancelled = 0;
        foreach (var batch in open.Chunk(CancelBatch))
        {
            var outcomes = await Task.WhenAll(batch.Select(e => GrainFactory.GetGrain<ITransactionGrain>(e.TransactionId).CancelAsync(reason)));
            cancelled += outcomes.Count(o => o == CancelOutcome.Cancelled);
        }

        // Cancelled, or closed already (paid a moment ago), or never written: either way no longer open.
        var now = clock.GetUtcNow();
        foreach (var entry in open)
        {
            if (pool.FindTransaction(entry.TransactionId) is { IsOpen: true } && pool.Close(entry.TransactionId, now) is { } closed)
            {
                await store.PutPoolEntryAsync(CardId, closed);
                PaycueMetrics.TransactionsOpen.Add(-1, PaycueMetrics.Card(CardId));
            }
        }

        return cancelled;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId} ({Kind}) removed; {Cancelled} open transaction(s) cancelled as {Reason}.")]
    private partial void LogRemoved(string cardId, CardKind kind, int cancelled, string reason);
}
