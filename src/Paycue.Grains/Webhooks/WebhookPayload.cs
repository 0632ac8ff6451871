using System.Text;

namespace Paycue.Grains.Webhooks;

/// <summary>
/// The webhook body: the original contract's <c>action</c>, <c>amount</c>, <c>transaction_id</c> first, then what we
/// add. Written by hand so amounts stay exact decimal text from integer tiyin.
/// </summary>
public static class WebhookPayload
{
    /// <param name="manual">For the confirm of a transaction a person resolved: adds <c>resolution: "manual"</c> and the credit's <c>payment_id</c>.</param>
    public static byte[] Build(string action, Guid transactionId, TransactionOpening opening, PaymentResolution? manual = null)
    {
        var text = new StringBuilder(192)
            .Append("{\"action\":\"").Append(action)
            .Append("\",\"amount\":").Append(Money.ToSomText(opening.AmountTiyin))
            .Append(",\"transaction_id\":\"").Append(transactionId.ToString("D"))
            .Append("\",\"card_id\":").Append(System.Text.Json.JsonSerializer.Serialize(opening.CardId))
            .Append(",\"requested_amount\":").Append(Money.ToSomText(opening.RequestedTiyin));
        if (manual is not null)
        {
            text.Append(",\"resolution\":\"manual\",\"payment_id\":").Append(System.Text.Json.JsonSerializer.Serialize(manual.PaymentId));
        }

        // The merchant's own reference and metadata, appended when the create carried them (bodies without them stay
        // exactly as before). The metadata is the compact JSON object validated at create.
        if (opening.Order?.OrderId is { } orderId)
        {
            text.Append(",\"order_id\":").Append(System.Text.Json.JsonSerializer.Serialize(orderId));
        }

        if (opening.Order?.MetadataJson is { } metadata)
        {
            text.Append(",\"metadata\":").Append(metadata);
        }

        return Encoding.UTF8.GetBytes(text.Append('}').ToString());
    }
}
