using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paycue.Telegram;

/// <summary>
/// Finds a watched bank bot's private chat in a session, and makes sure it is that bot's. TDLib runs with its chat-info
/// database off, so after every restart it knows no users until it hears of them: <c>createPrivateChat</c> then fails.
/// The card remembers each bot's chat once found (bot user id → chat id, in its state), so a restart first loads the
/// account's chat list (which makes the remembered bot known again) instead of resolving the username each time:
/// <c>searchPublicChat</c> is a username lookup Telegram rate-limits hard, and the one that could be pointed elsewhere.
/// Whatever the username resolves to must be a private chat with the configured bot id, or nothing is read from it.
/// </summary>
public static class BankBotChats
{
    /// <summary>How many of the account's chats <c>loadChats</c> asks for to meet a remembered bot again.</summary>
    public const int LoadChatsLimit = 100;

    /// <summary>
    /// The chat id of bot <paramref name="botUserId"/> (0: not configured, the username decides, and only a private chat
    /// with a user is taken). <paramref name="rememberedChatId"/> is what an earlier start found; <paramref name="onFallback"/>
    /// hears (with TDLib's error text only) when a step fails and the next one is tried.
    /// </summary>
    public static async Task<long> ResolveAsync(
        ITdClient client,
        long botUserId,
        string username,
        long? rememberedChatId,
        TimeSpan timeout,
        Action<string> onFallback,
        CancellationToken cancellationToken)
    {
        var userId = botUserId != 0 ? botUserId : rememberedChatId ?? 0;
        if (userId != 0)
        {
            if (await TryPrivateChatAsync(client, userId, timeout, onFallback, cancellationToken).ConfigureAwait(false) is { } chatId)
            {
                return chatId;
            }

            if (rememberedChatId is not null)
            {
                // Found before: the chat list brings the bot back into this session without a username lookup.
                try
                {
                    await client.SendAsync(
                        new JsonObject { ["@type"] = "loadChats", ["chat_list"] = new JsonObject { ["@type"] = "chatListMain" }, ["limit"] = LoadChatsLimit },
                        timeout,
                        cancellationToken).ConfigureAwait(false);
                }
                catch (TdException ex)
                {
                    onFallback(ex.Message); // 404: every chat is loaded already
                }

                if (await TryPrivateChatAsync(client, userId, timeout, onFallback, cancellationToken).ConfigureAwait(false) is { } again)
                {
                    return again;
                }
            }
        }

        var found = await client.SendAsync(
            new JsonObject { ["@type"] = "searchPublicChat", ["username"] = username },
            timeout,
            cancellationToken).ConfigureAwait(false);
        return Verify(found, botUserId, username);
    }

    /// <summary>The id of a chat <c>searchPublicChat</c> found, when it is the private chat with the expected bot.</summary>
    public static long Verify(JsonElement chat, long botUserId, string username)
    {
        var id = chat.GetProperty("id").GetInt64();
        long user = 0;
        var isPrivate = chat.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Object
            && TdJson.TypeOf(type) == "chatTypePrivate" && TdJson.TryGetInt64(type, "user_id", out user);
        if (!isPrivate)
        {
            throw new BankBotChatMismatchException($"@{username} is not a private chat with a bot (chat {id}); nothing is read from it.");
        }

        if (botUserId != 0 && user != botUserId)
        {
            throw new BankBotChatMismatchException(
                $"@{username} now belongs to user {user}, not the configured bank bot {botUserId}; nothing is read from it. Check WATCH_ID.");
        }

        return id;
    }

    private static async Task<long?> TryPrivateChatAsync(ITdClient client, long userId, TimeSpan timeout, Action<string> onFallback, CancellationToken cancellationToken)
    {
        try
        {
            var chat = await client.SendAsync(
                new JsonObject { ["@type"] = "createPrivateChat", ["user_id"] = userId, ["force"] = false },
                timeout,
                cancellationToken).ConfigureAwait(false);
            return chat.GetProperty("id").GetInt64();
        }
        catch (TdException ex)
        {
            onFallback(ex.Message);
            return null;
        }
    }
}

/// <summary>The bank bot's username led to a chat that is not the configured bot's.</summary>
public sealed class BankBotChatMismatchException(string message) : Exception(message);
