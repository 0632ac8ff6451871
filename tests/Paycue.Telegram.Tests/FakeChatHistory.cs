using System.Text.Json.Nodes;

namespace Paycue.Telegram.Tests;

/// <summary>
/// Answers <c>getChatHistory</c> for one chat the way TDLib does: newest first, messages older than
/// <c>from_message_id</c> (or from it, when <see cref="IncludesFromMessage"/>), at most <c>limit</c>, and on the
/// first call from the newest message only that one message, as TDLib returns when it knows nothing else yet.
/// </summary>
internal sealed class FakeChatHistory
{
    private readonly long _chatId;
    private readonly List<JsonObject> _messages;

    public FakeChatHistory(ScriptedTdClient client, long chatId, IEnumerable<JsonObject> messages)
    {
        _chatId = chatId;
        _messages = messages.OrderByDescending(m => m["id"]!.GetValue<long>()).ToList();
        client.On("getChatHistory", Answer);
    }

    public bool IncludesFromMessage { get; init; }

    public int Calls { get; private set; }

    /// <summary>These calls (1-based) fail, as a lost connection or a server error would.</summary>
    public HashSet<int> FailingCalls { get; } = [];

    /// <summary>Server-style message ids: TDLib's are the server id shifted left by 20 bits.</summary>
    public static long Id(int serverId) => (long)serverId << 20;

    private System.Text.Json.JsonElement Answer(JsonObject request)
    {
        Calls++;
        if (FailingCalls.Contains(Calls))
        {
            throw new TdException(500, "Internal Server Error");
        }

        if (request["chat_id"]!.GetValue<long>() != _chatId)
        {
            throw new TdException(400, "Chat not found");
        }

        var from = request["from_message_id"]!.GetValue<long>();
        var limit = request["limit"]!.GetValue<int>();
        var page = from == 0
            ? _messages.Take(1)
            : _messages.Where(m => IncludesFromMessage ? m["id"]!.GetValue<long>() <= from : m["id"]!.GetValue<long>() < from).Take(limit);

        var list = new JsonArray(page.Select(m => (JsonNode)m.DeepClone()).ToArray());
        return ScriptedTdClient.ToElement(new JsonObject
        {
            ["@type"] = "messages",
            ["total_count"] = list.Count,
            ["messages"] = list,
        });
    }
}
