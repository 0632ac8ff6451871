using System.Globalization;
using Paycue.Grains.Configuration;

namespace Paycue.Grains.Alerts;

/// <summary>
/// The short messages the bot sends, in ALERT_LANG (uz, ru, en). Built only from the facts' safe fields: card last4
/// (or the card id, a hash), amounts, counts, durations, a card status name, and a redacted detail.
/// </summary>
public static class AlertTexts
{
    public enum Moment
    {
        Opened,
        Reminder,
        Resolved,
    }

    public static string Render(string language, AlertFacts facts, Moment moment, AlertOptions options)
    {
        var card = Card(facts);
        var amount = facts.AmountTiyin is { } tiyin ? Som(tiyin) : "?";
        var count = (facts.Count ?? 0).ToString(CultureInfo.InvariantCulture);
        var detail = AlertRedactor.Clean(facts.Detail);
        var paren = detail is null ? "" : $" ({detail})";
        var feed = Durations.Format(options.FeedDown);
        var silence = Durations.Format(options.Silence);
        var text = (language, facts.Kind, moment == Moment.Resolved) switch
        {
            ("ru", AlertKinds.CardStatus, false) => $"⚠️ Paycue: карта {card} не готова{paren}. Платежи на неё не читаются, новые транзакции на неё не идут; войдите снова (paycue card add).",
            ("ru", AlertKinds.CardStatus, true) => $"✅ Paycue: карта {card} снова готова.",
            ("ru", AlertKinds.FeedDown, false) => $"⚠️ Paycue: у карты {card} нет связи с Telegram больше {feed}. Транзакций, чей срок удерживается: {count}.",
            ("ru", AlertKinds.FeedDown, true) => $"✅ Paycue: связь карты {card} восстановлена, уведомления прочитаны.",
            ("ru", AlertKinds.WebhookFailures, false) => $"⚠️ Paycue: вебхуки в ваш магазин не доходят: {count} попыток подряд неудачны{paren}. Проверьте WEBHOOK_URL.",
            ("ru", AlertKinds.WebhookFailures, true) => "✅ Paycue: вебхуки снова доставляются.",
            ("ru", AlertKinds.Unmatched, _) => $"💸 Paycue: деньги без заказа: {amount} сум на карту {card}{paren}.",
            ("ru", AlertKinds.BalanceGap, _) => $"⚠️ Paycue: баланс карты {card} не сходится на {amount} сум, и повторное чтение чата не нашло пропущенного уведомления. Проверьте банковское приложение.",
            ("ru", AlertKinds.Silence, false) => $"⚠️ Paycue: на карту {card} больше {silence} не приходило уведомлений, а её транзакции истекают неоплаченными ({count}). Проверьте бота банка и карту.",
            ("ru", AlertKinds.Silence, true) => $"✅ Paycue: на карту {card} снова приходят уведомления.",
            ("ru", AlertKinds.Test, _) => "✅ Paycue: тестовое сообщение. Оповещения приходят в этот чат.",

            ("en", AlertKinds.CardStatus, false) => $"⚠️ Paycue: card {card} is not ready{paren}. Payments to it are not read and it takes no new transactions; log in again (paycue card add).",
            ("en", AlertKinds.CardStatus, true) => $"✅ Paycue: card {card} is ready again.",
            ("en", AlertKinds.FeedDown, false) => $"⚠️ Paycue: card {card} has had no connection to Telegram for more than {feed}. Transactions whose expiry is held: {count}.",
            ("en", AlertKinds.FeedDown, true) => $"✅ Paycue: card {card} is connected again and has caught up.",
            ("en", AlertKinds.WebhookFailures, false) => $"⚠️ Paycue: webhooks do not reach your shop: {count} delivery attempts in a row failed{paren}. Check WEBHOOK_URL.",
            ("en", AlertKinds.WebhookFailures, true) => "✅ Paycue: webhooks are delivered again.",
            ("en", AlertKinds.Unmatched, _) => $"💸 Paycue: money with no order: {amount} so'm to card {card}{paren}.",
            ("en", AlertKinds.BalanceGap, _) => $"⚠️ Paycue: card {card}'s balance is off by {amount} so'm and reading the chat again found no missed notification. Check the bank app.",
            ("en", AlertKinds.Silence, false) => $"⚠️ Paycue: card {card} has had no notification for more than {silence} while its transactions expire unpaid ({count}). Check the bank bot and the card.",
            ("en", AlertKinds.Silence, true) => $"✅ Paycue: card {card} receives notifications again.",
            ("en", AlertKinds.Test, _) => "✅ Paycue: test message. Alerts reach this chat.",

            (_, AlertKinds.CardStatus, false) => $"⚠️ Paycue: karta {card} tayyor emas{paren}. Unga kelgan to'lovlar o'qilmayapti, yangi tranzaksiyalar unga berilmaydi; qayta kiring (paycue card add).",
            (_, AlertKinds.CardStatus, true) => $"✅ Paycue: karta {card} yana tayyor.",
            (_, AlertKinds.FeedDown, false) => $"⚠️ Paycue: karta {card} ning Telegram bilan aloqasi {feed} dan ortiq yo'q. Muddati ushlab turilgan tranzaksiyalar: {count}.",
            (_, AlertKinds.FeedDown, true) => $"✅ Paycue: karta {card} aloqasi tiklandi, xabarlar o'qildi.",
            (_, AlertKinds.WebhookFailures, false) => $"⚠️ Paycue: webhooklar do'koningizga yetib bormayapti: ketma-ket {count} ta urinish muvaffaqiyatsiz{paren}. WEBHOOK_URL ni tekshiring.",
            (_, AlertKinds.WebhookFailures, true) => "✅ Paycue: webhooklar yana yetkazilmoqda.",
            (_, AlertKinds.Unmatched, _) => $"💸 Paycue: buyurtmasiz pul: {amount} so'm, karta {card}{paren}.",
            (_, AlertKinds.BalanceGap, _) => $"⚠️ Paycue: karta {card} balansi {amount} so'mga mos kelmayapti, chatni qayta o'qish o'tkazib yuborilgan xabarni topmadi. Bank ilovasini tekshiring.",
            (_, AlertKinds.Silence, false) => $"⚠️ Paycue: karta {card} ga {silence} dan ortiq birorta xabar kelmadi, tranzaksiyalari esa to'lanmasdan tugayapti ({count}). Bank botini va kartani tekshiring.",
            (_, AlertKinds.Silence, true) => $"✅ Paycue: karta {card} ga yana xabarlar kelmoqda.",
            (_, AlertKinds.Test, _) => "✅ Paycue: sinov xabari. Ogohlantirishlar shu chatga keladi.",
            _ => $"Paycue: {facts.Kind} {card}{paren}",
        };

        if (moment == Moment.Reminder)
        {
            text = (language switch { "ru" => "🔁 Всё ещё: ", "en" => "🔁 Still: ", _ => "🔁 Hali ham: " }) + text;
        }

        return text;
    }

    private static string Card(AlertFacts facts) => facts.Last4 is { Length: 4 } last4 && last4.All(char.IsAsciiDigit)
        ? "*" + last4
        : facts.CardId ?? "";

    /// <summary>150 000 or 150 000,50: integer tiyin, never floating point.</summary>
    public static string Som(long tiyin)
    {
        var sign = tiyin < 0 ? "-" : "";
        var abs = Math.Abs(tiyin);
        var whole = (abs / 100).ToString("#,0", CultureInfo.InvariantCulture).Replace(',', ' ');
        return abs % 100 == 0 ? sign + whole : $"{sign}{whole},{abs % 100:00}";
    }
}
