using System.Text.Json.Nodes;

namespace Paycue.Telegram.Tests;

/// <summary>Reading back what arrived while the card was not listening.</summary>
public sealed class HistoryCatchUpTests
{
    private static readonly long Bot = TdMessages.BankBotId;

    [Fact]
    public async Task ReturnsOnlyTheMissedMessagesOldestFirst()
    {
        var client = new ScriptedTdClient();
        var history = new FakeChatHistory(client, Bot, Texts(1, 250));

        var missed = await HistoryCatchUp.ReadSinceAsync(client, Bot, FakeChatHistory.Id(180), pageSize: 30);

        Assert.Equal(Enumerable.Range(181, 70).Select(FakeChatHistory.Id), missed.Select(m => m.MessageId));
        Assert.All(missed, m => Assert.Equal(Bot, m.ChatId));
        Assert.Equal("credit 250", missed[^1].Text);
        // 1 (newest only) + 249..220 + 219..190 + 189..160, which reaches 180: no page further back.
        Assert.Equal(4, history.Calls);
    }

    [Fact]
    public async Task SkipsPhotosWithoutCaptionsButKeepsPagingPastThem()
    {
        var client = new ScriptedTdClient();
        var photos = Enumerable.Range(11, 15).Select(i =>
        {
            var photo = TdMessages.Photo(FakeChatHistory.Id(i));
            photo["content"]!.AsObject().Remove("caption");
            return photo;
        });
        var messages = Texts(1, 10).Concat(photos).Concat(Texts(26, 30));
        _ = new FakeChatHistory(client, Bot, messages);

        var missed = await HistoryCatchUp.ReadSinceAsync(client, Bot, FakeChatHistory.Id(5), pageSize: 4);

        Assert.Equal([6, 7, 8, 9, 10, 26, 27, 28, 29, 30], missed.Select(m => (int)(m.MessageId >> 20)));
    }

    [Fact]
    public async Task ACaptionedPhotoInTheHistoryIsReadLikeText()
    {
        var client = new ScriptedTdClient();
        _ = new FakeChatHistory(client, Bot, Texts(1, 3).Append(TdMessages.Photo(FakeChatHistory.Id(4))));

        var missed = await HistoryCatchUp.ReadSinceAsync(client, Bot, FakeChatHistory.Id(2));

        Assert.Equal([3, 4], missed.Select(m => (int)(m.MessageId >> 20)));
        Assert.Equal(TdMessages.CreditText, missed[^1].Text);
    }

    [Fact]
    public async Task ReadsTheWholeChatWhenNothingWasProcessedYet()
    {
        var client = new ScriptedTdClient();
        _ = new FakeChatHistory(client, Bot, Texts(1, 120));

        var missed = await HistoryCatchUp.ReadSinceAsync(client, Bot, lastProcessedMessageId: 0);

        Assert.Equal(Enumerable.Range(1, 120).Select(FakeChatHistory.Id), missed.Select(m => m.MessageId));
    }

    [Fact]
    public async Task NothingMissedAsksOnceAndReturnsNothing()
    {
        var client = new ScriptedTdClient();
        var history = new FakeChatHistory(client, Bot, Texts(1, 50));

        var missed = await HistoryCatchUp.ReadSinceAsync(client, Bot, FakeChatHistory.Id(50));

        Assert.Empty(missed);
        Assert.Equal(1, history.Calls);
    }

    [Fact]
    public async Task AHistoryThatRepeatsTheFromMessageNeitherDuplicatesNorLoops()
    {
        var client = new ScriptedTdClient();
        _ = new FakeChatHistory(client, Bot, Texts(1, 40)) { IncludesFromMessage = true };

        var missed = await HistoryCatchUp.ReadSinceAsync(client, Bot, lastProcessedMessageId: 0, pageSize: 7);

        Assert.Equal(Enumerable.Range(1, 40).Select(FakeChatHistory.Id), missed.Select(m => m.MessageId));
    }

    [Fact]
    public async Task AnUnknownChatFailsLoudly()
    {
        var client = new ScriptedTdClient();
        _ = new FakeChatHistory(client, Bot, Texts(1, 3));

        var error = await Assert.ThrowsAsync<TdException>(() => HistoryCatchUp.ReadSinceAsync(client, 42, 0));

        Assert.Equal("Chat not found", error.Message);
    }

    [Fact]
    public async Task AReadFailingOnPageTwoHandsBackPageOneAndTheRetryReadsTheRest()
    {
        var client = new ScriptedTdClient();
        var history = new FakeChatHistory(client, Bot, Texts(1, 60)) { FailingCalls = { 3 } };

        // Call 1: the newest only; call 2: 59..30; call 3 fails.
        var failed = await Assert.ThrowsAsync<HistoryReadException>(() => HistoryCatchUp.ReadSinceAsync(client, Bot, FakeChatHistory.Id(10), pageSize: 30));

        Assert.Equal(Enumerable.Range(30, 31).Select(FakeChatHistory.Id), failed.Read.Select(m => m.MessageId));
        Assert.Equal(FakeChatHistory.Id(30), failed.ResumeFrom);
        Assert.IsType<TdException>(failed.InnerException);

        var rest = await HistoryCatchUp.ReadSinceAsync(client, Bot, FakeChatHistory.Id(10), pageSize: 30, resumeFrom: failed.ResumeFrom);
        Assert.Equal(Enumerable.Range(11, 19).Select(FakeChatHistory.Id), rest.Select(m => m.MessageId));
        Assert.Equal(4, history.Calls);
    }

    [Fact]
    public async Task AFirstPageThatFailsThrowsTelegramsErrorAsItIs()
    {
        var client = new ScriptedTdClient();
        _ = new FakeChatHistory(client, Bot, Texts(1, 5)) { FailingCalls = { 1 } };

        await Assert.ThrowsAsync<TdException>(() => HistoryCatchUp.ReadSinceAsync(client, Bot, 0));
    }

    [Fact]
    public async Task StopsAtMessagesDatedBeforeTheCutoff()
    {
        var client = new ScriptedTdClient();
        var messages = Texts(1, 20).ToList();
        foreach (var message in messages)
        {
            var serverId = (int)(message["id"]!.GetValue<long>() >> 20);
            message["date"] = TdMessages.UnixDate + (serverId * 60);
        }

        var history = new FakeChatHistory(client, Bot, messages);
        var cutoff = DateTimeOffset.FromUnixTimeSeconds(TdMessages.UnixDate + (15 * 60));

        var missed = await HistoryCatchUp.ReadSinceAsync(client, Bot, lastProcessedMessageId: 0, pageSize: 4, notBefore: cutoff);

        Assert.Equal(Enumerable.Range(15, 6).Select(FakeChatHistory.Id), missed.Select(m => m.MessageId));
        Assert.Equal(3, history.Calls); // 20; 19..16; 15..12, which holds the first one too old: no page further back
    }

    [Theory]
    [InlineData(429, "Too Many Requests: retry after 17", 17)]
    [InlineData(429, "Too Many Requests", null)]
    [InlineData(400, "retry after 5", null)]
    public void AFloodWaitSaysHowLongToWait(int code, string message, int? seconds) =>
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, new TdException(code, message).RetryAfter);

    private static IEnumerable<JsonObject> Texts(int first, int last) =>
        Enumerable.Range(first, last - first + 1).Select(i => TdMessages.Text(FakeChatHistory.Id(i), text: $"credit {i}"));
}
