using System.Text.Json.Nodes;

namespace Paycue.Telegram.Tests;

/// <summary>Builds TDLib-shaped (1.8.x) <c>message</c> objects and updates for tests.</summary>
internal static class TdMessages
{
    /// <summary>@HUMOcardbot's user id; in its private chat the chat id is the same number.</summary>
    public const long BankBotId = 856254490;

    public const long UnixDate = 1764412496; // 2025-11-29T10:34:56Z

    public const string CreditText = "🟢 Пополнение\n➕ 20 000.00 UZS\n💳 HUMOCARD *7159\n🕓 10:34 29.11.2025\n💰 1 234 567.89 UZS";

    /// <summary>An option of our own that tests write into a session's database and read back.</summary>
    public const string ProbeOption = "x-paycue-probe";

    /// <summary><c>setOption</c> of <see cref="ProbeOption"/>: TDLib persists it in the session's binlog.</summary>
    public static JsonObject SetProbeOption(long value) => new()
    {
        ["@type"] = "setOption",
        ["name"] = ProbeOption,
        ["value"] = new JsonObject { ["@type"] = "optionValueInteger", ["value"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    public static JsonObject User(long userId) => new() { ["@type"] = "messageSenderUser", ["user_id"] = userId };

    public static JsonObject Chat(long chatId) => new() { ["@type"] = "messageSenderChat", ["chat_id"] = chatId };

    /// <summary>A text message with the fields TDLib sends; by default an incoming one from the bank bot in its private chat.</summary>
    public static JsonObject Text(
        long id,
        string text = CreditText,
        long chatId = BankBotId,
        JsonObject? sender = null,
        bool outgoing = false,
        JsonObject? forwardInfo = null,
        JsonObject? importInfo = null) =>
        Message(id, chatId, sender ?? User(BankBotId), outgoing, new JsonObject
        {
            ["@type"] = "messageText",
            ["text"] = new JsonObject { ["@type"] = "formattedText", ["text"] = text, ["entities"] = new JsonArray() },
        }, forwardInfo, importInfo);

    public static JsonObject Photo(long id, string caption = CreditText) =>
        Message(id, BankBotId, User(BankBotId), outgoing: false, new JsonObject
        {
            ["@type"] = "messagePhoto",
            ["photo"] = new JsonObject { ["@type"] = "photo", ["has_stickers"] = false, ["sizes"] = new JsonArray() },
            ["caption"] = new JsonObject { ["@type"] = "formattedText", ["text"] = caption, ["entities"] = new JsonArray() },
            ["show_caption_above_media"] = false,
            ["has_spoiler"] = false,
            ["is_secret"] = false,
        }, forwardInfo: null, importInfo: null);

    public static JsonObject NewMessage(JsonObject message) =>
        new() { ["@type"] = "updateNewMessage", ["message"] = message, ["@client_id"] = 1 };

    public static JsonObject ForwardedFromUser(long userId) => new()
    {
        ["@type"] = "messageForwardInfo",
        ["origin"] = new JsonObject { ["@type"] = "messageOriginUser", ["sender_user_id"] = userId },
        ["date"] = UnixDate - 60,
        ["public_service_announcement_type"] = "",
    };

    private static JsonObject Message(long id, long chatId, JsonObject sender, bool outgoing, JsonObject content, JsonObject? forwardInfo, JsonObject? importInfo)
    {
        var message = new JsonObject
        {
            ["@type"] = "message",
            ["id"] = id,
            ["sender_id"] = sender,
            ["chat_id"] = chatId,
            ["is_outgoing"] = outgoing,
            ["is_pinned"] = false,
            ["is_from_offline"] = false,
            ["can_be_saved"] = true,
            ["has_timestamped_media"] = true,
            ["is_channel_post"] = false,
            ["contains_unread_mention"] = false,
            ["date"] = UnixDate,
            ["edit_date"] = 0,
            ["unread_reactions"] = new JsonArray(),
            ["message_thread_id"] = 0,
            ["self_destruct_in"] = 0.0,
            ["auto_delete_in"] = 0.0,
            ["via_bot_user_id"] = 0,
            ["sender_boost_count"] = 0,
            ["author_signature"] = "",
            ["media_album_id"] = "0",
            ["effect_id"] = "0",
            ["restriction_reason"] = "",
            ["content"] = content,
        };
        if (forwardInfo is not null)
        {
            message["forward_info"] = forwardInfo;
        }

        if (importInfo is not null)
        {
            message["import_info"] = importInfo;
        }

        return message;
    }
}
