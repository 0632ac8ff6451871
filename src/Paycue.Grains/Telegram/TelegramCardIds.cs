using System.Security.Cryptography;
using System.Text;

namespace Paycue.Grains.Telegram;

/// <summary>
/// A Telegram card's id comes from its phone number, so two silos naming the same phone share one card (and one
/// session), while the id itself, which appears in logs and URLs, does not reveal the number.
/// </summary>
public static class TelegramCardIds
{
    public static string FromPhone(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length < 7)
        {
            throw new ArgumentException("A phone number in international format is needed, for example +998901234567.", nameof(phone));
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("paycue/card-id/v1:" + digits));
        return "tg-" + Convert.ToHexStringLower(hash)[..16];
    }
}
