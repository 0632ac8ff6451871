using Paycue.Gateway.Endpoints;
using System.Text.Json.Serialization;
using Paycue.Grains.Configuration;

namespace Paycue.Gateway.PayPage;

/// <summary>
/// Exactly what the public pay page shows, and all that <c>GET /api/pay/{id}</c> returns: the id is the only key,
/// so nothing a merchant keeps private (requested amount, webhooks, card id) goes here.
/// </summary>
/// <param name="State"><c>active</c>, <c>confirmed</c> or <c>cancelled</c>.</param>
/// <param name="Expired">True when its time ran out: cancelled for that, or still open past the deadline while Paycue checks for a late-read payment.</param>
/// <param name="AmountText">The exact amount as the page prints it: <c>20 001</c> or <c>20 001,05</c>.</param>
/// <param name="CardNumber">Grouped 4-4-4-4; null when the merchant gave only the last four digits, or once closed.</param>
/// <param name="CardLast4">Shown, with a note, when there is no full number; null once closed.</param>
/// <param name="Owner">The card holder's name; null once closed.</param>
/// <param name="ExpiresAt">When an unpaid transaction is cancelled.</param>
/// <param name="Now">The server's clock, so a client can tell how far off its own is.</param>
/// <param name="SecondsLeft">Whole seconds until expiry, rounded up; 0 once closed or due.</param>
/// <param name="ReturnUrl">The merchant's return_url, for the page's "back to the shop" link only (not in the JSON).</param>
/// <param name="Bank">The card's bank as printed beside its number, <c>HUMO</c> or <c>UZCARD</c>; null once closed.</param>
public sealed record PayView(
    string State,
    bool Expired,
    string AmountText,
    string? CardNumber,
    string? CardLast4,
    string? Owner,
    DateTimeOffset ExpiresAt,
    DateTimeOffset Now,
    long SecondsLeft,
    [property: JsonIgnore] string? ReturnUrl = null,
    string? Bank = null)
{
    public const string ExpiredReason = "expired";

    public static PayView From(TransactionView transaction, CardSpec? card, AmountPrecision precision, DateTimeOffset now)
    {
        var active = transaction.State == TransactionState.Active;
        var remaining = transaction.ExpiresAt - now;
        var secondsLeft = !active || remaining <= TimeSpan.Zero ? 0 : (remaining.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;

        // Once nothing may be paid (closed, or due), the card is left out, not just hidden by the stylesheet: the
        // link lives on in chats and browser histories, and whoever opens it later has no business with the card.
        if (secondsLeft == 0)
        {
            card = null;
        }

        return new PayView(
            TransactionMapping.StateName(transaction.State),
            TransactionMapping.IsExpired(transaction, now),
            PayAmountText.Format(transaction.AmountTiyin, precision == AmountPrecision.Tiyin),
            card?.Number is { Length: > 0 } number ? PayCardNumber.Group(number) : null,
            secondsLeft == 0 ? null : card?.Last4 ?? transaction.CardLast4,
            card?.Owner,
            transaction.ExpiresAt,
            now,
            secondsLeft,
            transaction.Order?.ReturnUrl,
            card is null ? null : CardBanks.DisplayName(card.BankName));
    }

    /// <summary>
    /// What the page announces: active, confirmed, expired, cancelled, or checking: past the deadline but not closed,
    /// while a payment made in time may still be read (never "expired" before the server has cancelled).
    /// </summary>
    [JsonIgnore]
    public string PageState => State switch
    {
        "confirmed" => "confirmed",
        "cancelled" => Expired ? "expired" : "cancelled",
        _ => SecondsLeft == 0 ? "checking" : "active",
    };
}
