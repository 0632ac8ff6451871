namespace Paycue.Grains.BankMessages;

/// <summary>
/// Whether a message may confirm a payment at all. Checked before matching; the first rule that fails is the reason.
/// Anyone can write "➕ 20.001,00 UZS" to the merchant's account: only the bank bot's own messages count.
/// </summary>
public static class TrustRules
{
    public static Refusal Check(Paycue.Grains.Interfaces.BankMessage message, long expectedSenderId, string? cardLast4, ParsedBankMessage parsed)
    {
        if (message.SenderId != expectedSenderId)
        {
            return Refusal.UntrustedSender;
        }

        if (!message.IsPrivateChat || message.ChatId != expectedSenderId)
        {
            return Refusal.NotPrivateChat;
        }

        if (message.IsOutgoing)
        {
            return Refusal.Outgoing;
        }

        if (message.IsForwarded)
        {
            return Refusal.Forwarded;
        }

        if (!parsed.CanConfirm)
        {
            return Refusal.NotACredit;
        }

        if (cardLast4 is not null && parsed.Last4 != cardLast4)
        {
            return Refusal.WrongCard;
        }

        return Refusal.None;
    }
}
