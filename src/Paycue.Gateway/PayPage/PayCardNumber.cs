using System.Text;

namespace Paycue.Gateway.PayPage;

/// <summary>Card numbers as printed on the card: groups of four (<c>9860 0000 0000 0001</c>), easy to compare digit by digit.</summary>
public static class PayCardNumber
{
    public static string Group(string digits)
    {
        var grouped = new StringBuilder(digits.Length + (digits.Length / 4));
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                grouped.Append(' ');
            }

            grouped.Append(digits[i]);
        }

        return grouped.ToString();
    }
}
