using System.Text;

namespace Paycue.Gateway.PayPage;

/// <summary>
/// Amounts as a payer reads them: <c>20 001</c>, or <c>20 001,05</c> in tiyin precision. Built from
/// <see cref="Money.ToSomText"/> by moving characters around, so no arithmetic beyond the integer tiyin ever happens.
/// </summary>
public static class PayAmountText
{
    /// <param name="tiyin">The exact amount.</param>
    /// <param name="alwaysShowTiyin">True in tiyin precision: <c>,00</c> is shown too, so a payer sees that tiyin count.</param>
    public static string Format(long tiyin, bool alwaysShowTiyin)
    {
        var text = Money.ToSomText(tiyin);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? (alwaysShowTiyin ? "00" : null) : text[(point + 1)..];
        var grouped = Group(whole);
        return fraction is null ? grouped : $"{grouped},{fraction}";
    }

    /// <summary>The same text without group spaces, for pasting into a banking app's amount field.</summary>
    public static string ForCopy(string amountText) => amountText.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>Thousands separated by a space, as Uzbek and Russian write them: <c>1 000 000</c>.</summary>
    private static string Group(string digits)
    {
        var sign = digits.StartsWith('-') ? "-" : "";
        var body = digits[sign.Length..];
        var grouped = new StringBuilder(sign);
        for (var i = 0; i < body.Length; i++)
        {
            if (i > 0 && (body.Length - i) % 3 == 0)
            {
                grouped.Append(' ');
            }

            grouped.Append(body[i]);
        }

        return grouped.ToString();
    }
}
