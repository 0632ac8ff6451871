using System.Text.Json;
using System.Text.Json.Nodes;
using Paycue.Grains.Interfaces;

namespace Paycue.Telegram.Tests;

/// <summary>TDLib updates in, BankMessage out, with every trust fact carried over.</summary>
public sealed class TdUpdateMapperTests
{
    private const long ShopGroupId = -1001234567890;
    private const long SomeoneId = 5550001;

    [Fact]
    public void TextFromTheBankBotInItsPrivateChatMapsEveryField()
    {
        var mapped = Map(TdMessages.NewMessage(TdMessages.Text(id: 1048576 * 42)));

        Assert.Equal(
            new BankMessage(
                ChatId: TdMessages.BankBotId,
                SenderId: TdMessages.BankBotId,
                MessageId: 1048576 * 42,
                Date: new DateTimeOffset(2025, 11, 29, 10, 34, 56, TimeSpan.Zero),
                Text: TdMessages.CreditText,
                IsOutgoing: false,
                IsForwarded: false,
                IsPrivateChat: true),
            mapped);
    }

    [Fact]
    public void AForwardIsFlagged()
    {
        var mapped = Map(TdMessages.NewMessage(TdMessages.Text(id: 7, forwardInfo: TdMessages.ForwardedFromUser(TdMessages.BankBotId))));

        Assert.True(mapped!.IsForwarded);
        Assert.True(mapped.IsPrivateChat);
    }

    [Fact]
    public void AnImportedMessageIsFlaggedAsForwarded()
    {
        var import = new JsonObject { ["@type"] = "messageImportInfo", ["sender_name"] = "HUMOcardbot", ["date"] = TdMessages.UnixDate };

        Assert.True(Map(TdMessages.NewMessage(TdMessages.Text(id: 8, importInfo: import)))!.IsForwarded);
    }

    [Fact]
    public void ANullForwardInfoIsNotAForward()
    {
        var message = TdMessages.Text(id: 9);
        message["forward_info"] = null;

        Assert.False(Map(TdMessages.NewMessage(message))!.IsForwarded);
    }

    [Fact]
    public void AnOutgoingMessageIsFlagged()
    {
        // The account typing the bank bot's words into the bot's chat itself.
        var mapped = Map(TdMessages.NewMessage(TdMessages.Text(id: 10, sender: TdMessages.User(SomeoneId), outgoing: true)));

        Assert.True(mapped!.IsOutgoing);
        Assert.Equal(SomeoneId, mapped.SenderId);
        Assert.False(mapped.IsPrivateChat);
    }

    [Fact]
    public void TheBankBotsWordsInAGroupAreNotAPrivateChat()
    {
        var mapped = Map(TdMessages.NewMessage(TdMessages.Text(id: 11, chatId: ShopGroupId)));

        Assert.Equal(TdMessages.BankBotId, mapped!.SenderId);
        Assert.Equal(ShopGroupId, mapped.ChatId);
        Assert.False(mapped.IsPrivateChat);
    }

    [Fact]
    public void AnotherUsersPrivateChatKeepsThatUserAsSender()
    {
        var mapped = Map(TdMessages.NewMessage(TdMessages.Text(id: 12, chatId: SomeoneId, sender: TdMessages.User(SomeoneId))));

        Assert.Equal(SomeoneId, mapped!.SenderId);
        Assert.True(mapped.IsPrivateChat);
    }

    [Fact]
    public void AMessageSentOnBehalfOfAChatHasNoSenderUser()
    {
        var mapped = Map(TdMessages.NewMessage(TdMessages.Text(id: 13, chatId: ShopGroupId, sender: TdMessages.Chat(ShopGroupId))));

        Assert.Equal(0, mapped!.SenderId);
        Assert.False(mapped.IsPrivateChat);
    }

    [Fact]
    public void APhotoWithTheCreditAsItsCaptionIsReadLikeText()
    {
        Assert.True(TdUpdateMapper.TryMap(Element(TdMessages.NewMessage(TdMessages.Photo(id: 14))), out var message));
        Assert.Equal(TdMessages.CreditText, message.Text);
        Assert.Equal(14, message.MessageId);
        Assert.True(message.IsPrivateChat);
        Assert.Equal(TdMessages.BankBotId, message.SenderId);
    }

    [Theory]
    [InlineData("messageDocument", "document")]
    [InlineData("messageVideo", "video")]
    [InlineData("messageAnimation", "animation")]
    public void OtherCaptionedMediaAreReadLikeText(string contentType, string mediaField)
    {
        var message = TdMessages.Photo(id: 15);
        message["content"] = new JsonObject
        {
            ["@type"] = contentType,
            [mediaField] = new JsonObject { ["@type"] = mediaField },
            ["caption"] = new JsonObject { ["@type"] = "formattedText", ["text"] = TdMessages.CreditText, ["entities"] = new JsonArray() },
        };

        Assert.Equal(TdMessages.CreditText, Map(TdMessages.NewMessage(message))!.Text);
    }

    [Fact]
    public void MediaWithoutACaptionAndStickersAreNotMapped()
    {
        var photo = TdMessages.Photo(id: 16);
        photo["content"]!.AsObject().Remove("caption");
        var sticker = TdMessages.Photo(id: 17);
        sticker["content"] = new JsonObject { ["@type"] = "messageSticker", ["sticker"] = new JsonObject { ["@type"] = "sticker" } };

        Assert.False(TdUpdateMapper.TryMap(Element(TdMessages.NewMessage(photo)), out _));
        Assert.False(TdUpdateMapper.TryMap(Element(TdMessages.NewMessage(sticker)), out _));
    }

    [Fact]
    public void AnEditIsNotMapped()
    {
        var edit = new JsonObject
        {
            ["@type"] = "updateMessageContent",
            ["chat_id"] = TdMessages.BankBotId,
            ["message_id"] = 15,
            ["new_content"] = TdMessages.Text(id: 15)["content"]!.DeepClone(),
        };

        Assert.False(TdUpdateMapper.TryMap(Element(edit), out _));
    }

    [Fact]
    public void OtherUpdatesAreNotMapped()
    {
        var update = new JsonObject { ["@type"] = "updateConnectionState", ["state"] = new JsonObject { ["@type"] = "connectionStateReady" } };

        Assert.False(TdUpdateMapper.TryMap(Element(update), out _));
    }

    private static BankMessage? Map(JsonObject update)
    {
        Assert.True(TdUpdateMapper.TryMap(Element(update), out var message));
        return message;
    }

    private static JsonElement Element(JsonObject update) => JsonSerializer.SerializeToElement(update);
}
