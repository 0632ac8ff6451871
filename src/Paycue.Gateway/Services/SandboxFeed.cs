using Paycue.Grains.Configuration;

namespace Paycue.Gateway.Services;

/// <summary>
/// Hands a sandbox bank message to its card: the very parser, trust rules and matching that Telegram messages take.
/// Shared by <c>POST /api/sandbox/payments</c> and the console's sandbox panel.
/// </summary>
public sealed class SandboxFeed(IGrainFactory grains)
{
    private static long lastMessageId;

    /// <summary>The card's answer to the message, which arrives as if the sandbox sender had sent it at <paramref name="date"/>.</summary>
    public Task<MatchResult> DeliverAsync(string cardId, string text, DateTimeOffset date, long messageId)
    {
        var message = new BankMessage(PaycueOptions.SandboxSenderId, PaycueOptions.SandboxSenderId, messageId, date, text, IsOutgoing: false, IsForwarded: false, IsPrivateChat: true);
        return grains.GetGrain<ICardGrain>(cardId).OnBankMessageAsync(message);
    }

    /// <summary>Sandbox message ids: microseconds since the epoch, strictly increasing within the process.</summary>
    public static long NextMessageId(DateTimeOffset now)
    {
        var candidate = now.ToUnixTimeMilliseconds() * 1000;
        while (true)
        {
            var last = Interlocked.Read(ref lastMessageId);
            var next = Math.Max(candidate, last + 1);
            if (Interlocked.CompareExchange(ref lastMessageId, next, last) == last)
            {
                return next;
            }
        }
    }
}
