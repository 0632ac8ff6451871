using System.Globalization;
using System.Text.Json.Nodes;
using Paycue.Testing.Telegram;

namespace Paycue.Grains.Tests.Accounts;

/// <summary>TDLib <c>message</c> objects as @CardXabarBot writes them, and ways to hand them to a scripted account.</summary>
public static class BankBotMessages
{
    /// <summary>Into the chat's history (a catch-up reads it) and as a live update: the card deduplicates the two.</summary>
    public static void Deliver(FakeTdAccount fake, JsonObject message)
    {
        fake.History[message["id"]!.GetValue<long>()] = message;
        fake.Current!.Push(Telegram.TelegramCluster.NewMessage((JsonObject)message.DeepClone()));
    }

    /// <summary>The same message, sent by <paramref name="from"/> into its own private chat.</summary>
    public static JsonObject Sent(JsonObject message, long from)
    {
        message["sender_id"] = new JsonObject { ["@type"] = "messageSenderUser", ["user_id"] = from };
        message["chat_id"] = from;
        return message;
    }

    /// <summary>@CardXabarBot's credit, as it writes it.</summary>
    public static JsonObject UzcardCredit(long id, long amountTiyin, string last4) => new()
    {
        ["@type"] = "message",
        ["id"] = id,
        ["sender_id"] = new JsonObject { ["@type"] = "messageSenderUser", ["user_id"] = FakeTdAccount.UzcardBotId },
        ["chat_id"] = FakeTdAccount.UzcardBotId,
        ["is_outgoing"] = false,
        ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["content"] = new JsonObject
        {
            ["@type"] = "messageText",
            ["text"] = new JsonObject
            {
                ["@type"] = "formattedText",
                ["text"] = $"🟢 Perevod na kartu\n➕ {Uzcard(amountTiyin)} UZS\n💳 ***{last4}\n🕒 23.09.26 22:50",
                ["entities"] = new JsonArray(),
            },
        },
    };

    /// <summary>@CardXabarBot's balance line after the credit (<c>💰 32 203.52 UZS</c>).</summary>
    public static JsonObject WithBalance(JsonObject message, long balanceTiyin)
    {
        var text = message["content"]!["text"]!["text"]!.GetValue<string>();
        message["content"]!["text"]!["text"] = $"{text}\n💰 {Uzcard(balanceTiyin)} UZS";
        return message;
    }

    /// <summary>1234567 tiyin as @CardXabarBot writes it: <c>12 345.67</c>.</summary>
    public static string Uzcard(long tiyin) =>
        (tiyin / 100).ToString("#,0", CultureInfo.InvariantCulture).Replace(',', ' ') + "." + (tiyin % 100).ToString("00", CultureInfo.InvariantCulture);
}
