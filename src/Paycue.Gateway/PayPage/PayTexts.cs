using Microsoft.Net.Http.Headers;

namespace Paycue.Gateway.PayPage;

/// <summary>
/// Every sentence of the pay page in one language. The page is rendered on the server in the payer's language, so
/// the script carries no translations and the 404 page is localized too.
/// </summary>
public sealed record PayTexts
{
    public required string Code { get; init; }
    public required string HtmlLang { get; init; }
    public required string LanguageName { get; init; }
    public required string LanguagesLabel { get; init; }
    public required string Title { get; init; }
    public required string StateLabel { get; init; }
    public required string StateActive { get; init; }
    public required string StateConfirmed { get; init; }
    public required string StateExpired { get; init; }

    /// <summary>Past the deadline, not closed yet: a payment made in time may still be on its way.</summary>
    public required string StateChecking { get; init; }
    public required string StateCancelled { get; init; }

    /// <summary>The link to the merchant's return_url, once paid or expired.</summary>
    public string BackToShop { get; init; } = "Back to the shop";
    public required string AmountLabel { get; init; }
    public required string PayExactly { get; init; }
    public required string Som { get; init; }

    /// <summary>{0}: so'm, {1}: tiyin; spells out a tiyin amount so ",05" cannot be mistaken for a typo.</summary>
    public required string SomAndTiyin { get; init; }
    public required string NoRounding { get; init; }
    public required string CopyAmount { get; init; }
    public required string CardLabel { get; init; }
    public required string CopyCard { get; init; }
    public required string Last4Only { get; init; }
    public required string OwnerLabel { get; init; }
    public required string TimeLeftLabel { get; init; }

    /// <summary>{0}: the deadline as HH:mm in Tashkent.</summary>
    public required string Deadline { get; init; }
    public required string Copied { get; init; }
    public required string CopyFailed { get; init; }
    public required string NotFoundTitle { get; init; }
    public required string NotFoundText { get; init; }
    public required string TooManyRequests { get; init; }

    public static PayTexts Uzbek { get; } = new()
    {
        Code = "uz",
        HtmlLang = "uz-Latn",
        LanguageName = "Oʻzbekcha",
        LanguagesLabel = "Til",
        Title = "Toʻlov",
        StateLabel = "Holat",
        StateActive = "Toʻlovingiz kutilmoqda. Pul kelishi bilan bu sahifa oʻzi yangilanadi.",
        StateConfirmed = "Toʻlandi. Rahmat!",
        StateExpired = "Vaqt tugadi: bu toʻlov bekor qilindi. Pul oʻtkazmang; doʻkondan yangi havola soʻrang.",
        StateChecking = "Toʻlovingiz tekshirilmoqda. Agar pulni oʻtkazgan boʻlsangiz, kuting: bu sahifa oʻzi yangilanadi.",
        StateCancelled = "Doʻkon bu toʻlovni bekor qildi. Pul oʻtkazmang.",
        BackToShop = "Doʻkonga qaytish",
        AmountLabel = "Toʻlov summasi",
        PayExactly = "Aynan shu summani oʻtkazing",
        Som = "soʻm",
        SomAndTiyin = "{0} soʻm {1} tiyin",
        NoRounding = "Summani yaxlitlamang: boshqa summa toʻlovingizni tasdiqlamaydi.",
        CopyAmount = "Summani nusxalash",
        CardLabel = "Karta raqami",
        CopyCard = "Karta raqamini nusxalash",
        Last4Only = "Doʻkon faqat kartaning oxirgi 4 raqamini bergan. Toʻliq raqamni doʻkondan soʻrang.",
        OwnerLabel = "Karta egasi",
        TimeLeftLabel = "Qolgan vaqt",
        Deadline = "{0} gacha toʻlang (Toshkent vaqti)",
        Copied = "Nusxalandi",
        CopyFailed = "Nusxalab boʻlmadi, qoʻlda yozing",
        NotFoundTitle = "Toʻlov topilmadi",
        NotFoundText = "Bu havola boʻyicha toʻlov yoʻq. Havolani tekshiring yoki doʻkondan yangisini soʻrang.",
        TooManyRequests = "Soʻrovlar juda koʻp. Bir daqiqadan keyin qayta urinib koʻring.",
    };

    public static PayTexts Russian { get; } = new()
    {
        Code = "ru",
        HtmlLang = "ru",
        LanguageName = "Русский",
        LanguagesLabel = "Язык",
        Title = "Оплата",
        StateLabel = "Статус",
        StateActive = "Ждём вашу оплату. Страница обновится сама, как только деньги придут.",
        StateConfirmed = "Оплачено. Спасибо!",
        StateExpired = "Время вышло: платёж отменён. Не переводите деньги; попросите у магазина новую ссылку.",
        StateChecking = "Проверяем ваш платёж. Если вы уже перевели деньги, подождите: страница обновится сама.",
        StateCancelled = "Магазин отменил этот платёж. Не переводите деньги.",
        BackToShop = "Вернуться в магазин",
        AmountLabel = "Сумма к оплате",
        PayExactly = "Переведите ровно эту сумму",
        Som = "сум",
        SomAndTiyin = "{0} сум {1} тийин",
        NoRounding = "Не округляйте сумму: другая сумма не подтвердит оплату.",
        CopyAmount = "Скопировать сумму",
        CardLabel = "Номер карты",
        CopyCard = "Скопировать номер карты",
        Last4Only = "Магазин указал только последние 4 цифры карты. Спросите полный номер у магазина.",
        OwnerLabel = "Владелец карты",
        TimeLeftLabel = "Осталось времени",
        Deadline = "Оплатите до {0} (по ташкентскому времени)",
        Copied = "Скопировано",
        CopyFailed = "Не удалось скопировать, введите вручную",
        NotFoundTitle = "Платёж не найден",
        NotFoundText = "По этой ссылке платежа нет. Проверьте ссылку или попросите у магазина новую.",
        TooManyRequests = "Слишком много запросов. Повторите через минуту.",
    };

    public static PayTexts English { get; } = new()
    {
        Code = "en",
        HtmlLang = "en",
        LanguageName = "English",
        LanguagesLabel = "Language",
        Title = "Payment",
        StateLabel = "Status",
        StateActive = "Waiting for your payment. This page updates by itself when the money arrives.",
        StateConfirmed = "Paid. Thank you!",
        StateExpired = "Time is up: this payment has expired. Do not transfer money; ask the shop for a new link.",
        StateChecking = "Checking your payment. If you have already transferred the money, please wait: this page updates itself.",
        StateCancelled = "The shop cancelled this payment. Do not transfer money.",
        BackToShop = "Back to the shop",
        AmountLabel = "Amount to pay",
        PayExactly = "Pay exactly this amount",
        Som = "so'm",
        SomAndTiyin = "{0} so'm {1} tiyin",
        NoRounding = "Do not round the amount: any other amount will not confirm your payment.",
        CopyAmount = "Copy amount",
        CardLabel = "Card number",
        CopyCard = "Copy card number",
        Last4Only = "The shop gave only the last 4 digits of the card. Ask the shop for the full number.",
        OwnerLabel = "Card holder",
        TimeLeftLabel = "Time left",
        Deadline = "Pay before {0} (Tashkent time)",
        Copied = "Copied",
        CopyFailed = "Could not copy; please type it in",
        NotFoundTitle = "Payment not found",
        NotFoundText = "There is no payment at this link. Check the link or ask the shop for a new one.",
        TooManyRequests = "Too many requests. Try again in a minute.",
    };

    public static IReadOnlyList<PayTexts> All { get; } = [Uzbek, Russian, English];

    /// <summary><c>?lang=uz|ru|en</c>, else the best match in <c>Accept-Language</c>, else Uzbek.</summary>
    public static PayTexts For(HttpRequest request)
    {
        if (request.Query.TryGetValue("lang", out var asked) && Find(asked.ToString()) is { } chosen)
        {
            return chosen;
        }

        if (StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var ranges))
        {
            // Stable sort keeps the header's order among equal weights; q=0 means "not this one".
            foreach (var range in ranges.Where(r => (r.Quality ?? 1) > 0).OrderByDescending(r => r.Quality ?? 1))
            {
                if (Find(range.Value.Value) is { } match)
                {
                    return match;
                }
            }
        }

        return Uzbek;
    }

    /// <summary>Matches on the primary subtag: <c>ru-RU</c> is Russian, <c>uz-Cyrl</c> gets the Latin page we have.</summary>
    private static PayTexts? Find(string? tag)
    {
        if (string.IsNullOrEmpty(tag))
        {
            return null;
        }

        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        var primary = dash < 0 ? tag : tag[..dash];
        return All.FirstOrDefault(t => string.Equals(t.Code, primary, StringComparison.OrdinalIgnoreCase));
    }
}
