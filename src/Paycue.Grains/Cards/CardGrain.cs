using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Paycue.Grains.BankMessages;
using Paycue.Grains.Configuration;
using Paycue.Grains.Ledger;
using Paycue.Grains.Pool;
using Paycue.Grains.Telegram;
using Paycue.Grains.Transactions;

namespace Paycue.Grains.Cards;

/// <summary>
/// A card account: its amount pool, and the matching of its bank notifications to open transactions.
/// Decisions live in <see cref="AmountPool"/>, <see cref="BankMessageParser"/> and <see cref="TrustRules"/>;
/// this class only sequences them and persists what changed.
/// </summary>
public sealed partial class CardGrain(
    [PersistentState("card", StorageNames.Paycue)] IPersistentState<CardState> state,
    ICardStore store,
    ITransactionStore transactions,
    ILedgerStore ledger,
    PaycueOptions options,
    ITelegramSessionFactory sessions,
    TimeProvider clock,
    LocalCards localCards,
    ILogger<CardGrain> logger) : Grain, ICardGrain, IRemindable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    /// <summary>How far a bank message's date may lie before its transaction's creation and still pay it: silos and Telegram keep their own clocks.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromSeconds(5);

    private readonly AmountPool pool = AmountPool.FromOptions(options);
    private readonly List<Task> pendingWrites = [];
    private DateTimeOffset lastSweep = DateTimeOffset.MinValue;

    private string? cardId;

    // Kept once read: direct creates (CardGrain.Direct) use it outside the card's turn.
    private string CardId => cardId ??= this.GetPrimaryKeyString();

    private bool Registered => state.State.Spec is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Registered)
        {
            pool.Load(await store.LoadPoolAsync(CardId));
            PaycueMetrics.TransactionsOpen.Add(pool.OpenCount, PaycueMetrics.Card(CardId));
            PaycueMetrics.SetCardStatus(CardId, state.State.Status);
            if (pool.OpenCount > 0)
            {
                await EnsureExpiryReminderAsync();
                ArmExpiryTimerNowIfDue();
            }
        }

        if (IsHosted)
        {
            await AttachToAccountAsync();
        }

        await StartTelegramAsync();

        // Only now may this silo's gateway create on this activation without a grain call (CardGrain.Direct).
        RefreshDirect();
        localCards.Add(CardId, this);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // No direct create starts from here on; the ones in flight are waited for, as Orleans waits for the calls in
        // flight: a write that landed after the next activation loaded the pool would leave a transaction no pool knows.
        Task[] inFlight;
        lock (pool.Sync)
        {
            deactivating = true;
            directOpen = false;
            inFlight = [.. createWrites.Values];
        }

        localCards.Remove(CardId, this);
        await Task.WhenAll(inFlight);

        // The pool moves with the grain; the new activation counts it there.
        PaycueMetrics.TransactionsOpen.Add(-pool.OpenCount, PaycueMetrics.Card(CardId));
        await StopTelegramAsync();
    }

    public async Task RegisterAsync(CardSpec spec)
    {
        if (spec.CardId != CardId)
        {
            throw new ArgumentException($"Card spec for '{spec.CardId}' sent to card '{CardId}'.", nameof(spec));
        }

        CheckSpec(spec);

        var status = spec.Kind == CardKind.Sandbox ? CardStatus.Ready : CardStatus.LoginRequired;
        if (state.State.Spec == spec && state.State.Status == status)
        {
            return;
        }

        if (!Registered)
        {
            pool.Load(await store.LoadPoolAsync(CardId));
        }

        state.State.Spec = spec;
        state.State.RegisteredAt ??= clock.GetUtcNow();
        if (spec.Kind == CardKind.Sandbox || state.State.Status == CardStatus.Unregistered)
        {
            state.State.Status = status;
        }

        await state.WriteStateAsync();
        PaycueMetrics.SetCardStatus(CardId, state.State.Status);
        await GrainFactory.GetGrain<ICardDirectoryGrain>(0).UpsertAsync(spec, state.State.Status);
        LogRegistered(CardId, spec.Kind);
        await StartTelegramAsync();
        session?.WatchBanks(BankBots());
    }

    public Task<CardInfo?> GetInfoAsync() => Task.FromResult(Registered
        ? new CardInfo(state.State.Spec!, state.State.Status, state.State.StatusReason, pool.OpenCount, state.State.BalanceGaps, state.State.LastGapAt)
        : null);

    public Task<Quote> QuoteAsync(long requestedTiyin)
    {
        var free = AcceptsTransactions ? pool.FindFree(requestedTiyin, clock.GetUtcNow()) : null;
        return Task.FromResult(new Quote(CardId, free?.OffsetSteps, pool.OpenCount));
    }

    public Task<string> GetHostAsync() => Task.FromResult(GrainContext.Address.SiloAddress!.Endpoint.ToString());

    public Task<IReadOnlyList<Guid>> ListOpenAsync(int limit) =>
        Task.FromResult<IReadOnlyList<Guid>>(pool.OpenEntries().OrderByDescending(e => e.CreatedAt).Take(limit).Select(e => e.TransactionId).ToList());

    public Task<IReadOnlyList<Guid>> OpenNearAsync(long amountTiyin)
    {
        var limit = options.LimitSom * 100;
        return Task.FromResult<IReadOnlyList<Guid>>(pool.OpenEntries()
            .Where(e => Math.Abs(e.AmountTiyin - amountTiyin) <= limit)
            .OrderBy(e => Math.Abs(e.AmountTiyin - amountTiyin)).Take(PaymentResolverGrain.MaxCandidates)
            .Select(e => e.TransactionId).ToList());
    }

    public Task<Reservation> ReserveAsync(Guid transactionId, long requestedTiyin, long? maxOffsetSteps) =>
        ReserveAsync(transactionId, requestedTiyin, maxOffsetSteps, null, null);

    public async Task<Reservation> ReserveAsync(Guid transactionId, long requestedTiyin, long? maxOffsetSteps, TimeSpan? ttl, OrderDetails? order)
    {
        // Creates interleave with each other (see CardGrain.Creates): wait out an exclusive call and make sure the
        // expiry reminder exists; from here to the write everything is synchronous, so no other call sees a half step.
        await BeforeCreateAsync();
        if (!AcceptsTransactions)
        {
            return new Reservation(ReservationStatus.NotReady, 0, 0, null);
        }

        var now = clock.GetUtcNow();
        var last4 = state.State.Spec!.Last4;
        (PoolEntry Entry, TransactionOpening Opening, long OffsetSteps, (Task<bool> Write, Task Settled) Write)? started = null;

        // One step under the pool's lock, against creates made outside the card's turn (CardGrain.Direct).
        lock (pool.Sync)
        {
            RefreshDirect();
            Sweep(now);
            if (pool.FindTransaction(transactionId) is null)
            {
                var free = pool.FindFree(requestedTiyin, now);
                if (free is null)
                {
                    return new Reservation(ReservationStatus.Full, 0, 0, last4);
                }

                if (maxOffsetSteps is { } max && free.Value.OffsetSteps > max)
                {
                    return new Reservation(ReservationStatus.Moved, 0, free.Value.OffsetSteps, last4);
                }

                // The deadline is the transaction's own (a per-order ttl); the pool entry carries it, so expiry follows it.
                var (entry, opening) = HoldNew(transactionId, requestedTiyin, free.Value.AmountTiyin, last4, now, now + (ttl ?? options.TransactionTimeout), order);

                // Armed before the write: if the write fails after reaching Redis (a timeout), the deadline still comes and
                // the transaction is asked; one that was never written just releases the amount.
                if (expiryArmedFor is not { } armed || armed > entry.ExpiresAt)
                {
                    ArmExpiryTimer(entry.ExpiresAt);
                }

                started = (entry, opening, free.Value.OffsetSteps, StartCreateWrite(transactionId, entry, opening, now));
            }
        }

        if (started is not { } create)
        {
            // A retried reserve of the same transaction gets the same transaction, but only once it is durable: the
            // first reserve's write may have failed (the hold stayed, in case it landed) or may still be in flight.
            return await RunExclusiveAsync(() => RetriedReserveAsync(transactionId, requestedTiyin, order));
        }

        if (!await WriteCreateAsync(transactionId, create.Write))
        {
            // Redis holds this amount for another transaction (another activation of this card placed it), or the
            // transaction already exists: our pool is stale. Undo exactly this create's hold, take Redis's view (with
            // no other create in flight, so none is lost from it) and let the placer quote again.
            pool.Forget(create.Entry);
            LogPoolStale(CardId, create.Entry.AmountTiyin);
            return await RunExclusiveAsync(() => AfterStaleCreateAsync(transactionId, requestedTiyin, order));
        }

        return Created(transactionId, create.Entry, create.Opening, create.OffsetSteps);
    }

    /// <summary>Holds the amount for a new transaction; under pool.Sync, in the same step that found it free.</summary>
    private (PoolEntry Entry, TransactionOpening Opening) HoldNew(Guid transactionId, long requestedTiyin, long amountTiyin, string? last4,
        DateTimeOffset now, DateTimeOffset expiresAt, OrderDetails? order)
    {
        var opening = new TransactionOpening(CardId, last4, requestedTiyin, amountTiyin, now, expiresAt, order);
        var entry = new PoolEntry(amountTiyin, transactionId, now, expiresAt, null);
        pool.Hold(entry);
        return (entry, opening);
    }

    /// <summary>
    /// Starts the one Redis write that makes a held transaction and its pool entry durable, registered as in flight
    /// (see <see cref="TrackCreateWrite"/>); under pool.Sync, in the step that held it.
    /// </summary>
    private (Task<bool> Write, Task Settled) StartCreateWrite(Guid transactionId, PoolEntry entry, TransactionOpening opening, DateTimeOffset now)
    {
        var record = new TransactionRecord { State = TransactionState.Active, Opening = opening };
        return TrackCreateWrite(transactionId, transactions.CreateAsync(CardId, entry, transactionId, record, now - options.AmountCooldown));
    }

    /// <summary>A create whose write landed: counted, and answered with its transaction.</summary>
    private Reservation Created(Guid transactionId, PoolEntry entry, TransactionOpening opening, long offsetSteps)
    {
        PaycueMetrics.TransactionsCreated.Add(1, PaycueMetrics.Card(CardId));
        PaycueMetrics.TransactionsOpen.Add(1, PaycueMetrics.Card(CardId));
        PaycueMetrics.AmountOffset.Record(offsetSteps, PaycueMetrics.Card(CardId));
        return new Reservation(ReservationStatus.Reserved, entry.AmountTiyin, offsetSteps, opening.CardLast4, NewView(transactionId, opening));
    }

    private async Task<Reservation> AfterStaleCreateAsync(Guid transactionId, long requestedTiyin, OrderDetails? order)
    {
        await ReloadPoolAsync();
        var last4 = state.State.Spec!.Last4;
        if (pool.FindTransaction(transactionId) is { } stored)
        {
            var again = new TransactionOpening(CardId, last4, requestedTiyin, stored.AmountTiyin, stored.CreatedAt, stored.ExpiresAt, order);
            return new Reservation(ReservationStatus.Reserved, stored.AmountTiyin, 0, last4, NewView(transactionId, again));
        }

        return pool.FindFree(requestedTiyin, clock.GetUtcNow()) is { } moved
            ? new Reservation(ReservationStatus.Moved, 0, moved.OffsetSteps, last4)
            : new Reservation(ReservationStatus.Full, 0, 0, last4);
    }

    private async Task<Reservation> RetriedReserveAsync(Guid transactionId, long requestedTiyin, OrderDetails? order)
    {
        var now = clock.GetUtcNow();
        var last4 = state.State.Spec!.Last4;
        if (pool.FindTransaction(transactionId) is not { } held)
        {
            // The first reserve's write was refused while this one waited, and the pool was reloaded without it.
            return pool.FindFree(requestedTiyin, now) is { } free
                ? new Reservation(ReservationStatus.Moved, 0, free.OffsetSteps, last4)
                : new Reservation(ReservationStatus.Full, 0, 0, last4);
        }

        if (await transactions.LoadAsync(transactionId) is { } stored)
        {
            var o = stored.Record.Opening!;
            if (o.CardId != CardId || o.AmountTiyin != held.AmountTiyin)
            {
                // Created elsewhere by a later retry: this card's hold never reached Redis.
                pool.Forget(held);
            }

            return new Reservation(ReservationStatus.Reserved, o.AmountTiyin, 0, o.CardLast4, NewView(transactionId, o));
        }

        var opening = new TransactionOpening(CardId, last4, requestedTiyin, held.AmountTiyin, held.CreatedAt, held.ExpiresAt, order);
        if (await transactions.CreateAsync(CardId, held, transactionId, new TransactionRecord { State = TransactionState.Active, Opening = opening }, now - options.AmountCooldown))
        {
            return new Reservation(ReservationStatus.Reserved, held.AmountTiyin, 0, last4, NewView(transactionId, opening));
        }

        // Redis holds the amount for another transaction meanwhile: take its view and let the placer quote again.
        pool.Forget(held);
        await ReloadPoolAsync();
        return pool.FindFree(requestedTiyin, now) is { } moved
            ? new Reservation(ReservationStatus.Moved, 0, moved.OffsetSteps, last4)
            : new Reservation(ReservationStatus.Full, 0, 0, last4);
    }

    private static TransactionView NewView(Guid transactionId, TransactionOpening o) =>
        new(transactionId, TransactionState.Active, o.CardId, o.CardLast4, o.RequestedTiyin, o.AmountTiyin, o.CreatedAt, o.ExpiresAt, null, null, null, null, [], null, o.Order);

    public async Task ReleaseAsync(Guid transactionId, long amountTiyin)
    {
        var entry = pool.FindTransaction(transactionId);
        if (entry is null || !entry.IsOpen)
        {
            return;
        }

        var closed = pool.Close(transactionId, clock.GetUtcNow());
        PaycueMetrics.TransactionsOpen.Add(-1, PaycueMetrics.Card(CardId));
        if (!await store.PutPoolEntryAsync(CardId, closed!))
        {
            // Another activation placed a newer transaction on this amount: Redis's view wins.
            await ReloadPoolAsync();
        }
    }

    /// <summary>Replaces the pool in memory with what Redis holds (the arbiter), e.g. after a create it refused.</summary>
    private async Task ReloadPoolAsync()
    {
        var entries = await store.LoadPoolAsync(CardId);
        var before = pool.OpenCount;
        pool.Clear();
        pool.Load(entries);
        PaycueMetrics.TransactionsOpen.Add(pool.OpenCount - before, PaycueMetrics.Card(CardId));
        if (pool.OpenCount > 0)
        {
            await EnsureExpiryReminderAsync();
            ArmExpiryTimerNowIfDue();
        }
    }

    public async Task<MatchResult> OnBankMessageAsync(BankMessage message)
    {
        if (!Registered)
        {
            return new MatchResult(MatchOutcomes.CardNotRegistered, null, null);
        }

        var spec = state.State.Spec!;
        var parsed = BankMessageParser.Parse(message.Text);

        // An account trusts exactly the bot of each bank its cards are with, as configured now (WATCH_ID,
        // UZCARD_WATCH_ID, or @CardXabarBot as found by username), never an id a card was registered with under an
        // earlier setting; a card fed by its account trusts the bot its account checked for it.
        var senderBank = IsAccount ? SenderBank(message.SenderId) : null;
        var refusal = IsAccount && senderBank is null
            ? Refusal.UntrustedSender
            : TrustRules.Check(message, IsAccount ? message.SenderId : spec.BankBotUserId, IsAccount ? null : spec.Last4, parsed);
        CardSpec? target = spec;
        if (refusal == Refusal.None && IsAccount)
        {
            await TrustBankBotAsync(senderBank!, message.SenderId);

            (target, var unrouted) = RouteCredit(senderBank!, parsed);
            if (unrouted == MatchOutcomes.UntrustedSender)
            {
                // Another bank's message from this bank's bot: not a notification this bot would send.
                LogRefused(CardId, message.MessageId, unrouted, parsed.Last4, parsed.AmountTiyin);
                var refusedFormat = new MatchResult(unrouted, null, parsed.AmountTiyin);
                await RecordAsync(message, parsed, refusedFormat);
                return refusedFormat;
            }

            if (target is { IsHosted: true } hosted)
            {
                // That card matches it in its own turn, against its own pool (and dedupes it there).
                var forwarded = await GrainFactory.GetGrain<ICardGrain>(hosted.CardId).OnBankMessageAsync(message);
                if (forwarded.CatchUpAfter is { } after)
                {
                    // The card's balance chain broke: the missed message is in this account's chats, read them again.
                    session?.RequestCatchUp(after);
                    forwarded = forwarded with { CatchUpAfter = null };
                }

                if (forwarded.Outcome != MatchOutcomes.CardNotRegistered)
                {
                    if (message.MessageId > state.State.LastMessageId)
                    {
                        state.State.LastMessageId = message.MessageId;
                        await state.WriteStateAsync();
                    }

                    return forwarded;
                }

                target = null; // removed meanwhile: a card Paycue no longer manages
                unrouted = MatchOutcomes.UnknownCard;
            }

            if (target is null)
            {
                refusal = unrouted == MatchOutcomes.WrongCard ? Refusal.WrongCard : Refusal.UnknownCard;
            }
        }

        if (refusal is Refusal.UntrustedSender or Refusal.NotPrivateChat or Refusal.Outgoing or Refusal.Forwarded)
        {
            LogRefused(CardId, message.MessageId, RefusalOutcome(refusal), parsed.Last4, parsed.AmountTiyin);
            var refused = new MatchResult(RefusalOutcome(refusal), null, parsed.AmountTiyin);
            await RecordAsync(message, parsed, refused);
            return refused;
        }

        // Dedupe before anything moves: a replayed message must not touch the balance chain or a transaction.
        // Message ids only grow, so one above the newest processed id cannot have been processed: no lookup needed.
        if (message.MessageId <= state.State.LastMessageId && await store.GetProcessedAsync(CardId, message.MessageId) is not null)
        {
            var duplicate = new MatchResult(MatchOutcomes.Duplicate, null, parsed.AmountTiyin);
            await RecordAsync(message, parsed, duplicate);
            return duplicate;
        }

        AlertHistoryMessage(message, parsed);
        await AlertNotificationSeenAsync(message);

        // Only the newest message continues the balance chain; one read back from history belongs before it.
        long? catchUpAfter = null;
        if (message.MessageId > state.State.LastMessageId && target is not null)
        {
            catchUpAfter = ObserveBalance(parsed, message.MessageId);
        }

        MatchResult result;
        if (refusal != Refusal.None)
        {
            LogRefused(CardId, message.MessageId, RefusalOutcome(refusal), parsed.Last4, parsed.AmountTiyin);
            result = new MatchResult(RefusalOutcome(refusal), null, parsed.AmountTiyin);
        }
        else
        {
            result = await MatchCreditAsync(message, parsed.AmountTiyin!.Value);
        }

        // Recorded after the confirm: a crash in between replays the message, and the confirm is idempotent for the
        // same evidence (a closed entry asks its transaction), so a payment is never lost and never counted twice.
        // The ledger row (and the pool's close) first, the "processed" marker after: a message marked processed
        // always has its row, so a replay that stops at the marker has lost nothing.
        pendingWrites.Add(RecordAsync(message, parsed, result));
        await FlushWritesAsync();
        state.State.LastMessageId = Math.Max(state.State.LastMessageId, message.MessageId);
        pendingWrites.Add(store.SetProcessedAsync(CardId, message.MessageId, result.Outcome));
        pendingWrites.Add(state.WriteStateAsync());
        await FlushWritesAsync();
        return IsHosted && catchUpAfter is not null ? result with { CatchUpAfter = catchUpAfter } : result;
    }

    /// <summary>
    /// Every credit goes into the ledger, matched or not, so money that paid no order is never silently lost;
    /// with WEBHOOK_UNMATCHED the merchant is also told.
    /// </summary>
    private async Task FlushWritesAsync()
    {
        var writes = pendingWrites.ToArray();
        pendingWrites.Clear();
        await Task.WhenAll(writes);
    }

    private async Task RecordAsync(BankMessage message, ParsedBankMessage parsed, MatchResult result)
    {
        PaycueMetrics.BankMessages.Add(1, PaycueMetrics.Card(CardId), new("outcome", result.Outcome));
        if (parsed.Kind != BankMessageKind.Credit || parsed.AmountTiyin is not { } amount)
        {
            return;
        }

        // One bank message is one ledger row, forever: a repeat of a processed message already has its row.
        if (result.Outcome == MatchOutcomes.Duplicate)
        {
            return;
        }

        var id = $"{CardId}:{message.ChatId}:{message.MessageId}";
        var payment = new PaymentRecord(id, CardId, message.MessageId, amount, parsed.Currency,
            message.Date, parsed.BankTime, parsed.Source, result.Outcome, result.TransactionId, OrderId: result.OrderId,
            MessageText: PaymentRecord.KeptText(message.Text));
        await ledger.RecordPaymentAsync(payment);
        await AlertCreditAsync(payment);
        if (options.WebhookUnmatched && !payment.Matched && result.Outcome is not (MatchOutcomes.UntrustedSender or MatchOutcomes.Duplicate))
        {
            await GrainFactory.GetGrain<IPaymentNoticeGrain>(payment.PaymentId).NotifyUnmatchedAsync(payment);
        }
    }

    private bool AcceptsTransactions => Registered && state.State.Status == CardStatus.Ready && !Barred && !state.State.Spec!.SessionOnly;

    private async Task<MatchResult> MatchCreditAsync(BankMessage message, long amountTiyin)
    {
        var entry = pool.Find(amountTiyin);
        var now = clock.GetUtcNow();
        string outcome;
        Guid? transactionId = null;
        if (entry is null || entry.HeldUntil(options.AmountCooldown) <= now)
        {
            outcome = MatchOutcomes.NoOpenTransaction;
        }
        else if (message.Date < entry.CreatedAt - ClockTolerance)
        {
            outcome = MatchOutcomes.BeforeCreation;
        }
        else if (entry.IsOpen && message.Date > entry.ExpiresAt)
        {
            // Dated after the deadline: never confirms, and the transaction stays open for a payment dated in time
            // that may still be read during its grace.
            outcome = MatchOutcomes.Expired;
        }
        else
        {
            // Open: the transaction confirms. Closed: only the transaction knows whether this very message paid it
            // (a replay after a failed write or a card move), another one did, or it was cancelled first.
            var evidence = new PaymentEvidence(CardId, message.MessageId, amountTiyin, message.Date);
            var confirm = await GrainFactory.GetGrain<ITransactionGrain>(entry.TransactionId).ConfirmAsync(evidence);
            outcome = confirm switch
            {
                ConfirmOutcome.Confirmed => MatchOutcomes.Confirmed,
                ConfirmOutcome.Cancelled => MatchOutcomes.PaidAfterCancel,
                ConfirmOutcome.Expired => MatchOutcomes.Expired,
                ConfirmOutcome.AlreadyConfirmed => MatchOutcomes.InCooldown,
                _ => MatchOutcomes.NoOpenTransaction,
            };
            if (confirm is ConfirmOutcome.Confirmed or ConfirmOutcome.Cancelled)
            {
                transactionId = entry.TransactionId;
            }

            if (entry.IsOpen && confirm is ConfirmOutcome.Confirmed or ConfirmOutcome.Cancelled or ConfirmOutcome.AlreadyConfirmed)
            {
                // The transaction is closed: start the cooldown now (persisted with the message's other records
                // at the end of the turn).
                var closed = pool.Close(entry.TransactionId, now);
                pendingWrites.Add(store.PutPoolEntryAsync(CardId, closed!));
                PaycueMetrics.TransactionsOpen.Add(-1, PaycueMetrics.Card(CardId));
            }
        }

        if (outcome == MatchOutcomes.Confirmed)
        {
            LogConfirmed(CardId, entry!.TransactionId, amountTiyin, message.MessageId);
            return new MatchResult(outcome, entry.TransactionId, amountTiyin, await OrderIdOfAsync(entry.TransactionId));
        }

        LogUnmatched(CardId, message.MessageId, amountTiyin, outcome);
        return new MatchResult(outcome, transactionId, amountTiyin);
    }

    /// <summary>
    /// The confirmed transaction's order id, for its ledger row. The confirm is already saved; a failed read only
    /// leaves the row without it (the transaction itself still has it), so it never holds up recording the money.
    /// </summary>
    private async Task<string?> OrderIdOfAsync(Guid transactionId)
    {
        try
        {
            return (await GrainFactory.GetGrain<ITransactionGrain>(transactionId).GetAsync())?.Order?.OrderId;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogOrderIdUnread(CardId, transactionId, ex.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: reading transaction {TransactionId}'s order id for its ledger row failed ({ErrorType}).")]
    private partial void LogOrderIdUnread(string cardId, Guid transactionId, string errorType);

    /// <summary>
    /// Moves the balance chain on; when it broke, asks for a catch-up from the last message processed before this one
    /// and returns that message id (a card its account feeds has no session: the account asks, see the forward).
    /// </summary>
    private long? ObserveBalance(ParsedBankMessage parsed, long messageId)
    {
        var spec = state.State.Spec!;
        if (spec.SessionOnly || (spec.Last4 is not null && parsed.Last4 != spec.Last4))
        {
            return null;
        }

        long? catchUpAfter = null;

        var chain = new BalanceChain(state.State.LastBalanceTiyin);
        if (chain.Observe(parsed))
        {
            AlertGapOpened(parsed, messageId);
            state.State.BalanceGaps++;
            state.State.LastGapAt = clock.GetUtcNow();
            LogBalanceGap(CardId, state.State.BalanceGaps);

            // The missed message lies after the last one processed before this one: read the chat back from there.
            catchUpAfter = state.State.LastMessageId;
            session?.RequestCatchUp(catchUpAfter.Value);
        }

        state.State.LastBalanceTiyin = chain.LastBalanceTiyin;
        return catchUpAfter;
    }

    private static string RefusalOutcome(Refusal refusal) => refusal switch
    {
        Refusal.UntrustedSender => MatchOutcomes.UntrustedSender,
        Refusal.NotPrivateChat => MatchOutcomes.NotPrivateChat,
        Refusal.Outgoing => MatchOutcomes.Outgoing,
        Refusal.Forwarded => MatchOutcomes.Forwarded,
        Refusal.WrongCard => MatchOutcomes.WrongCard,
        Refusal.UnknownCard => MatchOutcomes.UnknownCard,
        Refusal.NotACredit => MatchOutcomes.NotACredit,
        _ => MatchOutcomes.NoOpenTransaction,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId} registered as {Kind}.")]
    private partial void LogRegistered(string cardId, CardKind kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId}: message {MessageId} confirmed transaction {TransactionId} ({AmountTiyin} tiyin).")]
    private partial void LogConfirmed(string cardId, Guid transactionId, long amountTiyin, long messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: credit {MessageId} of {AmountTiyin} tiyin matched no transaction: {Reason}.")]
    private partial void LogUnmatched(string cardId, long messageId, long amountTiyin, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: message {MessageId} refused: {Reason} (last4 {Last4}, {AmountTiyin} tiyin).")]
    private partial void LogRefused(string cardId, long messageId, string reason, string? last4, long? amountTiyin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: Redis holds amount {AmountTiyin} for another transaction; reloaded the pool from Redis.")]
    private partial void LogPoolStale(string cardId, long amountTiyin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: the balance chain broke, a bank message was missed (gap {GapCount}).")]
    private partial void LogBalanceGap(string cardId, long gapCount);
}
