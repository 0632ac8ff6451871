using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Paycue.Telegram;

namespace Paycue.Grains.Telegram;

/// <summary>
/// The feed half of a card's session: the catch-ups (retried until they succeed), the pump that hands messages to the
/// card (the cursor moves only after the card processed one), and the feed state reported in order with them.
/// </summary>
public sealed partial class CardSession
{
    /// <summary>
    /// Reads the bank bot's history again from just after <paramref name="sinceMessageId"/>: the balance chain says a
    /// message in between never arrived, and it may be a payment. Replayed messages are deduplicated by the card.
    /// The start point is kept until a read from it succeeded; meanwhile the feed is not live.
    /// </summary>
    public void RequestCatchUp(long sinceMessageId)
    {
        lock (_catchUpGate)
        {
            _catchUpFrom = Math.Min(_catchUpFrom, sinceMessageId);
            _catchUpRequests++;
        }

        FeedDown();
        StartWatch();
    }

    /// <summary>Asks the watch loop for a fresh read (from the newest message); one runs at a time.</summary>
    private void StartWatch()
    {
        Interlocked.Exchange(ref _watchAgain, 1);
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another request woke it first: one wake-up is enough.
        }
    }

    /// <summary>
    /// Runs the catch-ups, one at a time, for as long as the session lives: each request, and each failed read again
    /// with backoff (doubling, capped; Telegram's "retry after N" when it says so) until one succeeds. A read that
    /// failed part-way continues below what it read; a new request starts again from the newest message.
    /// </summary>
    private async Task WatchLoopAsync()
    {
        var pending = false;
        var resumeFrom = 0L;
        var backoff = _retries.CatchUpFirstDelay;
        var wait = backoff;
        var floodWaitUntil = 0L; // Environment.TickCount64; a new request does not cut Telegram's wait short
        while (true)
        {
            try
            {
                if (pending && State.Status == TelegramLoginStatus.Ready)
                {
                    await _wake.WaitAsync(wait, _stopping.Token).ConfigureAwait(false); // a new request cuts the wait short
                }
                else
                {
                    await _wake.WaitAsync(_stopping.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (State.Status != TelegramLoginStatus.Ready)
            {
                continue; // becoming ready wakes the loop again
            }

            if (Interlocked.Exchange(ref _watchAgain, 0) == 1)
            {
                resumeFrom = 0;
            }

            if (floodWaitUntil - Environment.TickCount64 is > 0 and var floodWait)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(floodWait), _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            pending = true;
            var feedVersion = Volatile.Read(ref _feedVersion);
            try
            {
                await WatchBankBotAsync(resumeFrom, feedVersion).ConfigureAwait(false);
                pending = false;
                resumeFrom = 0;
                backoff = _retries.CatchUpFirstDelay;
                continue;
            }
            catch (HistoryReadException ex) when (!_stopping.IsCancellationRequested)
            {
                // What was read is passed on; the start point stays, so the next try still covers the rest.
                foreach (var message in ex.Read)
                {
                    PassOn(message);
                }

                resumeFrom = ex.ResumeFrom;
                (wait, floodWaitUntil) = RetryDelay(ex.InnerException, backoff);
                LogCatchUpFailed(_cardId, ex.InnerException!.GetType().Name, ex.Message, wait.TotalSeconds);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                // Any failure at all: the loop must outlive it, or a payment stays unread.
                (wait, floodWaitUntil) = RetryDelay(ex, backoff);
                LogCatchUpFailed(_cardId, ex.GetType().Name, ex.Message, wait.TotalSeconds);
            }
            catch (Exception)
            {
                return; // stopping
            }

            FeedDown();
            backoff = CardSessionRetries.Next(backoff, _retries.CatchUpMaxDelay);
        }
    }

    /// <summary>Telegram's flood wait when it sent one (and the time it ends), else the backoff.</summary>
    private static (TimeSpan Wait, long FloodWaitUntil) RetryDelay(Exception? error, TimeSpan backoff) =>
        (error as TdException)?.RetryAfter is { } flood
            ? (flood, Environment.TickCount64 + (long)flood.TotalMilliseconds)
            : (backoff, 0);

    /// <summary>
    /// Finds each watched bank bot's chat (by its id, else by its username), says <c>/start</c> when that chat is
    /// empty, and queues what arrived there since the start point, then (when nothing made the feed go down
    /// meanwhile) that the feed is live, after those messages. The first bot's chat may resume a read that failed
    /// part-way; a later bot's chat that fails part-way is read again whole (message ids are one sequence for the
    /// account, so the start point holds for every chat; replays are deduplicated by the card).
    /// </summary>
    private async Task WatchBankBotAsync(long resumeFrom, int feedVersion)
    {
        long since;
        int requests;
        lock (_catchUpGate)
        {
            // The start point is the cursor, or older when asked; it stays until this read succeeded.
            _catchUpFrom = Math.Min(_catchUpFrom, Interlocked.Read(ref _lastMessageId));
            since = _catchUpFrom;
            requests = _catchUpRequests;
        }

        var bots = Volatile.Read(ref _bankBots);
        var missed = new List<BankMessage>();
        for (var i = 0; i < bots.Length; i++)
        {
            var chatId = await BankBotChatAsync(bots[i]).ConfigureAwait(false);
            _resolvedBots[bots[i].Bank] = chatId;
            ImmutableInterlocked.Update(ref _watchedChats, chats => chats.Add(chatId));
            if (since == 0 && (i > 0 || resumeFrom == 0) && await IsChatEmptyAsync(chatId).ConfigureAwait(false))
            {
                await _client!.SendAsync(
                    new JsonObject
                    {
                        ["@type"] = "sendMessage",
                        ["chat_id"] = chatId,
                        ["input_message_content"] = new JsonObject
                        {
                            ["@type"] = "inputMessageText",
                            ["text"] = new JsonObject { ["@type"] = "formattedText", ["text"] = "/start" },
                        },
                    },
                    LoginTimeout,
                    _stopping.Token).ConfigureAwait(false);
                LogStarted(_cardId);
            }

            try
            {
                missed.AddRange(await HistoryCatchUp.ReadSinceAsync(
                    _client!, chatId, since, cancellationToken: _stopping.Token, resumeFrom: i == 0 ? resumeFrom : 0, notBefore: since == 0 ? _notBefore : null).ConfigureAwait(false));
            }
            catch (HistoryReadException ex) when (i > 0)
            {
                // The resume point is the first chat's only: pass on what was read, and read this chat again whole.
                foreach (var message in missed.Concat(ex.Read))
                {
                    PassOn(message);
                }

                throw new IOException($"Reading the {bots[i].Bank} bank bot's chat failed part-way.", ex.InnerException);
            }
        }

        lock (_catchUpGate)
        {
            if (_catchUpRequests == requests)
            {
                _catchUpFrom = long.MaxValue;
            }
        }

        LogCaughtUp(_cardId, missed.Count);
        foreach (var message in missed.OrderBy(m => m.MessageId))
        {
            PassOn(message);
        }

        if (Volatile.Read(ref _wasOffline) == 0)
        {
            Enqueue(new Outgoing(() => ReportFeedAsync(live: true, feedVersion)));
        }
    }

    /// <summary>The watched bank bot's chat (see <see cref="BankBotChats"/>); a chat found anew is remembered by the card.</summary>
    private async Task<long> BankBotChatAsync(WatchedBot bot)
    {
        var botUserId = bot.UserId;
        var remembered = botUserId != 0 && _botChats.TryGetValue(botUserId, out var known) ? known : (long?)null;
        var chatId = await BankBotChats.ResolveAsync(
            _client!, botUserId, bot.Username, remembered, LoginTimeout, reason => LogResolvingByUsername(_cardId, reason), _stopping.Token).ConfigureAwait(false);
        if (botUserId != 0 && remembered != chatId)
        {
            _botChats[botUserId] = chatId;
            Enqueue(new Outgoing(() => _card.OnBotChatFoundAsync(botUserId, chatId)));
        }

        return chatId;
    }

    private async Task<bool> IsChatEmptyAsync(long chatId)
    {
        var page = await _client!.SendAsync(
            new JsonObject
            {
                ["@type"] = "getChatHistory",
                ["chat_id"] = chatId,
                ["from_message_id"] = 0L,
                ["offset"] = 0,
                ["limit"] = 1,
                ["only_local"] = false,
            },
            LoginTimeout,
            _stopping.Token).ConfigureAwait(false);
        return !page.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0;
    }

    private void AdvanceLastMessageId(long messageId)
    {
        for (var current = Interlocked.Read(ref _lastMessageId); messageId > current; current = Interlocked.Read(ref _lastMessageId))
        {
            if (Interlocked.CompareExchange(ref _lastMessageId, messageId, current) == current)
            {
                return;
            }
        }
    }

    /// <summary>Queues a bank message for the card; the cursor moves past it once the card has processed it.</summary>
    private void PassOn(BankMessage message) => Enqueue(new Outgoing(() => _card.OnBankMessageAsync(message), message.MessageId));

    /// <summary>The feed is not live (start, connection or login lost, a catch-up pending or failed): tell the card, in order.</summary>
    private void FeedDown()
    {
        var version = Interlocked.Increment(ref _feedVersion);
        Enqueue(new Outgoing(() => ReportFeedAsync(live: false, version)));
    }

    /// <summary>On the pump: only changes reach the card, and a "live" that something has overtaken since is dropped.</summary>
    private async Task ReportFeedAsync(bool live, int version)
    {
        if ((live && version != Volatile.Read(ref _feedVersion)) || _feedReported == live)
        {
            return;
        }

        await _card.OnFeedStateAsync(live).ConfigureAwait(false);
        _feedReported = live;
    }

    private void Enqueue(Outgoing call) => _outbox.Writer.TryWrite(call);

    /// <summary>
    /// Hands the queue to the card in order, each call retried with backoff for up to
    /// <see cref="CardSessionRetries.HandOffGiveUpAfter"/>. A bank message the card never took leaves the cursor
    /// before it and asks for a catch-up from there, so it is read again; after the session stopped, nothing more is
    /// handed over, and the next activation reads from what the card saved.
    /// </summary>
    private async Task PumpAsync()
    {
        await foreach (var call in _outbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var elapsed = Stopwatch.StartNew();
            var delay = _retries.HandOffFirstDelay;
            for (var attempt = 1; !_stopping.IsCancellationRequested; attempt++)
            {
                try
                {
                    await call.Send().ConfigureAwait(false);
                    if (call.MessageId != 0)
                    {
                        AdvanceLastMessageId(call.MessageId);
                    }

                    break;
                }
                catch (Exception ex) when (elapsed.Elapsed + delay < _retries.HandOffGiveUpAfter)
                {
                    LogForwardRetry(_cardId, attempt, ex.GetType().Name);
                    try
                    {
                        await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    delay = CardSessionRetries.Next(delay, _retries.HandOffMaxDelay);
                }
                catch (Exception ex)
                {
                    if (call.MessageId == 0)
                    {
                        LogForwardFailed(_cardId, ex.GetType().Name);
                    }
                    else
                    {
                        LogHandOffGaveUp(_cardId, call.MessageId, ex.GetType().Name, _retries.HandOffGiveUpAfter.TotalMinutes);
                        RequestCatchUp(call.MessageId - 1);
                    }

                    break;
                }
            }
        }
    }

    /// <summary>One call for the card; <see cref="MessageId"/> is the bank message it hands over, 0 for any other call.</summary>
    private sealed record Outgoing(Func<Task> Send, long MessageId = 0);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId}: the bank bot's chat was empty; sent /start.")]
    private partial void LogStarted(string cardId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId}: a step finding the bank bot's chat failed ({Reason}); trying the next one.")]
    private partial void LogResolvingByUsername(string cardId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId}: read {MissedCount} message(s) from the bank bot's history.")]
    private partial void LogCaughtUp(string cardId, int missedCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: reading the bank bot's history failed ({ErrorType}: {Reason}); retrying in {RetrySeconds} s.")]
    private partial void LogCatchUpFailed(string cardId, string errorType, string reason, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: handing a Telegram event to the card failed (attempt {Attempt}, {ErrorType}); retrying.")]
    private partial void LogForwardRetry(string cardId, int attempt, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Card {CardId}: a Telegram event could not be handed to the card ({ErrorType}).")]
    private partial void LogForwardFailed(string cardId, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Card {CardId}: bank message {MessageId} could not be handed to the card for {Minutes} min ({ErrorType}); it stays unprocessed and the history is read back over it.")]
    private partial void LogHandOffGaveUp(string cardId, long messageId, string errorType, double minutes);
}
