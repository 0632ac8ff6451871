using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Paycue.Grains.Interfaces;

namespace Paycue.Telegram;

/// <summary>
/// Turns TDLib's JSON into <see cref="BankMessage"/>s. Only new messages are mapped: text, or media with a caption
/// (the bank bot sends some notifications as a photo or document whose caption is the text), and an edit (<c>updateMessageContent</c>) must never confirm a payment a second time or
/// change what an earlier one said. The trust facts (sender, chat, direction, forward) are carried over as they
/// are; judging them is the matching rules' job.
/// </summary>
public static class TdUpdateMapper
{
    /// <summary>Maps an <c>updateNewMessage</c> carrying text or a captioned medium; false for every other update or content.</summary>
    public static bool TryMap(JsonElement update, [NotNullWhen(true)] out BankMessage? message)
    {
        message = null;
        return TdJson.TypeOf(update) == "updateNewMessage"
            && update.TryGetProperty("message", out var body)
            && TryMapMessage(body, out message);
    }

    /// <summary>
    /// The message contents whose words a notification may carry, and the <c>formattedText</c> field that holds them
    /// (td_api.tl 1.8.67: <c>messageText text:formattedText</c>; the media below all have <c>caption:formattedText</c>).
    /// </summary>
    private static readonly Dictionary<string, string> TextFields = new(StringComparer.Ordinal)
    {
        ["messageText"] = "text",
        ["messagePhoto"] = "caption",
        ["messageDocument"] = "caption",
        ["messageVideo"] = "caption",
        ["messageAnimation"] = "caption",
        ["messageAudio"] = "caption",
        ["messageVoiceNote"] = "caption",
    };

    /// <summary>Maps one TDLib <c>message</c> object (as in <c>updateNewMessage</c> or <c>getChatHistory</c>) with text, or media with a caption.</summary>
    public static bool TryMapMessage(JsonElement body, [NotNullWhen(true)] out BankMessage? message)
    {
        message = null;
        if (TdJson.TypeOf(body) != "message"
            || !body.TryGetProperty("content", out var content)
            || TdJson.TypeOf(content) is not { } contentType
            || !TextFields.TryGetValue(contentType, out var textField)
            || !content.TryGetProperty(textField, out var formatted)
            || formatted.ValueKind != JsonValueKind.Object
            || !formatted.TryGetProperty("text", out var textElement)
            || textElement.ValueKind != JsonValueKind.String
            || !TdJson.TryGetInt64(body, "id", out var messageId)
            || !TdJson.TryGetInt64(body, "chat_id", out var chatId)
            || !TdJson.TryGetInt64(body, "date", out var unixSeconds))
        {
            return false;
        }

        // A message sent on behalf of a chat (channel, anonymous admin) has no user: SenderId 0 never matches a bot.
        var senderId = body.TryGetProperty("sender_id", out var sender)
            && TdJson.TypeOf(sender) == "messageSenderUser"
            && TdJson.TryGetInt64(sender, "user_id", out var userId)
                ? userId
                : 0;

        var isOutgoing = body.TryGetProperty("is_outgoing", out var outgoing) && outgoing.ValueKind == JsonValueKind.True;

        // An imported message (from another messenger's export) is as untrustworthy as a forward.
        var isForwarded = TdJson.HasObject(body, "forward_info") || TdJson.HasObject(body, "import_info");

        message = new BankMessage(
            ChatId: chatId,
            SenderId: senderId,
            MessageId: messageId,
            Date: DateTimeOffset.FromUnixTimeSeconds(unixSeconds),
            Text: textElement.GetString()!,
            IsOutgoing: isOutgoing,
            IsForwarded: isForwarded,
            // In Telegram a private chat's id is the other user's id; groups and channels have negative ids.
            IsPrivateChat: senderId != 0 && chatId == senderId);
        return true;
    }
}
