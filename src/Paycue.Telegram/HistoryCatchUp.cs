using System.Text.Json;
using System.Text.Json.Nodes;
using Paycue.Grains.Interfaces;

namespace Paycue.Telegram;

/// <summary>
/// Reads what arrived in a chat while nobody was listening (the card was inactive, the silo down, the connection
/// lost), so a missed update is never a missed payment. The caller dedupes by message id, so reading a message
/// twice is harmless; reading one too few is not.
/// </summary>
public static class HistoryCatchUp
{
    /// <summary>The most messages TDLib returns per <c>getChatHistory</c> call.</summary>
    public const int MaxPageSize = 100;

    private static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Pages <c>getChatHistory</c> backward from the newest message (or from <paramref name="resumeFrom"/>, where an
    /// earlier read failed) until it reaches <paramref name="lastProcessedMessageId"/>, a message dated before
    /// <paramref name="notBefore"/>, or the start of the chat, and returns the newer text messages mapped by
    /// <see cref="TdUpdateMapper.TryMapMessage"/>, oldest first. The chat must be known to TDLib (open it first with
    /// <c>createPrivateChat</c> or <c>searchPublicChat</c>). A failure after the first page throws
    /// <see cref="HistoryReadException"/> carrying what was read, so no page read is lost.
    /// </summary>
    public static async Task<IReadOnlyList<BankMessage>> ReadSinceAsync(
        ITdClient client,
        long chatId,
        long lastProcessedMessageId,
        int pageSize = MaxPageSize,
        TimeSpan? requestTimeout = null,
        CancellationToken cancellationToken = default,
        long resumeFrom = 0,
        DateTimeOffset? notBefore = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);

        var seen = new HashSet<long>();
        var missed = new List<BankMessage>();
        var fromMessageId = resumeFrom; // 0: start from the newest message
        while (true)
        {
            JsonElement page;
            try
            {
                page = await client.SendAsync(
                    new JsonObject
                    {
                        ["@type"] = "getChatHistory",
                        ["chat_id"] = chatId,
                        ["from_message_id"] = fromMessageId,
                        ["offset"] = 0,
                        ["limit"] = pageSize,
                        ["only_local"] = false,
                    },
                    requestTimeout ?? DefaultRequestTimeout,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (fromMessageId != resumeFrom && ex is TdException or TimeoutException)
            {
                missed.Sort((a, b) => a.MessageId.CompareTo(b.MessageId));
                throw new HistoryReadException(missed, fromMessageId, ex);
            }

            var oldestInPage = long.MaxValue;
            var reachedProcessed = false;
            var newInPage = 0;
            if (page.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
            {
                foreach (var message in messages.EnumerateArray())
                {
                    if (!TdJson.TryGetInt64(message, "id", out var id))
                    {
                        continue; // TDLib may put null in place of a message it could not load.
                    }

                    oldestInPage = Math.Min(oldestInPage, id);
                    if (id <= lastProcessedMessageId || (notBefore is { } cutoff && TdJson.TryGetInt64(message, "date", out var date)
                        && DateTimeOffset.FromUnixTimeSeconds(date) < cutoff))
                    {
                        reachedProcessed = true;
                        continue;
                    }

                    if (seen.Add(id))
                    {
                        newInPage++;
                        if (TdUpdateMapper.TryMapMessage(message, out var mapped))
                        {
                            missed.Add(mapped);
                        }
                    }
                }
            }

            // TDLib may return fewer messages than asked even mid-history, so only an empty page (or one with
            // nothing new, should from_message_id come back) marks the start of the chat.
            if (reachedProcessed || newInPage == 0 || oldestInPage == long.MaxValue)
            {
                break;
            }

            fromMessageId = oldestInPage;
        }

        missed.Sort((a, b) => a.MessageId.CompareTo(b.MessageId));
        return missed;
    }
}
