using System.Text.RegularExpressions;

namespace Paycue.Grains.Alerts;

/// <summary>
/// The one free-form field of an alert (a status reason, a delivery error) goes through here: anything that could be
/// a phone number, a login code, an e-mail address or a URL (which may carry a token) is cut out, and the text is
/// kept short. Everything else in an alert is built from fields that hold no secret (card last4, amounts, counts).
/// </summary>
public static partial class AlertRedactor
{
    private const int MaxLength = 160;

    [GeneratedRegex(@"[a-z][a-z0-9+.-]*://\S+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"[^\s@]+@[^\s@]+\.[^\s@]+")]
    private static partial Regex Email();

    // Phone numbers (+998 90 123-45-67), login codes (12345) and anything token-like made of 5+ digits.
    [GeneratedRegex(@"\+?\d[\d\s().-]{3,}\d")]
    private static partial Regex Digits();

    // Long opaque strings: tokens, secrets, session keys (whsec_..., 123:AA...).
    [GeneratedRegex(@"\S*[A-Za-z0-9_:/+=-]{24,}\S*")]
    private static partial Regex Opaque();

    public static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var cleaned = Url().Replace(text, "[url]");
        cleaned = Email().Replace(cleaned, "[e-mail]");
        cleaned = Opaque().Replace(cleaned, "[…]");
        cleaned = Digits().Replace(cleaned, m => m.Value.Count(char.IsAsciiDigit) >= 5 ? "[…]" : m.Value);
        cleaned = cleaned.Replace('\n', ' ').Replace('\r', ' ').Trim();
        return cleaned.Length <= MaxLength ? cleaned : cleaned[..MaxLength] + "…";
    }
}
