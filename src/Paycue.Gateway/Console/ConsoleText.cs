using System.Collections.Frozen;
using Microsoft.Net.Http.Headers;
using Paycue.Gateway.PayPage;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>
/// The console's words in one language. Keys are the English text, so a page reads like its English version; every
/// key has all three languages in <see cref="Table"/> (a unit test checks), Uzbek first as the product is.
/// </summary>
public sealed class ConsoleText
{
    public const string LanguageCookie = "paycue_console_lang";

    private ConsoleText(PayTexts pay, int column)
    {
        Pay = pay;
        this.column = column;
    }

    private readonly int column;

    /// <summary>The pay page's texts in the same language: its code, html lang, language name and "so'm".</summary>
    public PayTexts Pay { get; }

    public string Code => Pay.Code;

    public static ConsoleText Uzbek { get; } = new(PayTexts.Uzbek, 0);

    public static ConsoleText Russian { get; } = new(PayTexts.Russian, 1);

    public static ConsoleText English { get; } = new(PayTexts.English, 2);

    public static IReadOnlyList<ConsoleText> All { get; } = [Uzbek, Russian, English];

    public string this[string english] => Table.TryGetValue(english, out var words) ? words[column] : english;

    /// <summary>The language cookie (set by the switch), else the browser's Accept-Language as the pay page reads it, else Uzbek.</summary>
    public static ConsoleText For(HttpRequest request)
    {
        if (request.Cookies[LanguageCookie] is { } code && Find(code) is { } chosen)
        {
            return chosen;
        }

        var pay = PayTexts.For(request);
        return All.First(t => t.Pay == pay);
    }

    public static ConsoleText? Find(string? code) => All.FirstOrDefault(t => string.Equals(t.Code, code, StringComparison.OrdinalIgnoreCase));

    public static FrozenDictionary<string, string[]> Table { get; } = new Dictionary<string, string[]>
    {
        ["Paycue console"] = ["Paycue boshqaruv paneli", "Консоль Paycue", "Paycue console"],
        ["Skip to content"] = ["Asosiy qismga oʻtish", "К содержанию", "Skip to content"],
        ["Sign in"] = ["Kirish", "Войти", "Sign in"],
        ["Sign out"] = ["Chiqish", "Выйти", "Sign out"],
        ["Username"] = ["Foydalanuvchi nomi", "Имя пользователя", "Username"],
        ["Password"] = ["Parol", "Пароль", "Password"],
        ["Sign in with the API credentials (API_USERNAME and API_PASSWORD) or with CONSOLE_USERNAME and CONSOLE_PASSWORD."] = [
            "API maʼlumotlari (API_USERNAME va API_PASSWORD) yoki CONSOLE_USERNAME va CONSOLE_PASSWORD bilan kiring.",
            "Войдите с учётными данными API (API_USERNAME и API_PASSWORD) или с CONSOLE_USERNAME и CONSOLE_PASSWORD.",
            "Sign in with the API credentials (API_USERNAME and API_PASSWORD) or with CONSOLE_USERNAME and CONSOLE_PASSWORD."],
        ["The username or password is wrong."] = ["Foydalanuvchi nomi yoki parol notoʻgʻri.", "Неверное имя пользователя или пароль.", "The username or password is wrong."],
        ["Too many failed attempts from your address. Try again in {0} s."] = [
            "Manzilingizdan juda koʻp notoʻgʻri urinish. {0} soniyadan keyin qayta urining.",
            "Слишком много неудачных попыток с вашего адреса. Повторите через {0} с.",
            "Too many failed attempts from your address. Try again in {0} s."],
        ["You have signed out."] = ["Siz chiqdingiz.", "Вы вышли.", "You have signed out."],
        ["The form has expired or came from another site. Open the page again and repeat."] = [
            "Shakl eskirgan yoki boshqa saytdan kelgan. Sahifani qayta oching va takrorlang.",
            "Форма устарела или пришла с другого сайта. Откройте страницу заново и повторите.",
            "The form has expired or came from another site. Open the page again and repeat."],
        ["Main menu"] = ["Asosiy menyu", "Главное меню", "Main menu"],
        ["Overview"] = ["Umumiy koʻrinish", "Обзор", "Overview"],
        ["Transactions"] = ["Tranzaksiyalar", "Транзакции", "Transactions"],
        ["Transaction"] = ["Tranzaksiya", "Транзакция", "Transaction"],
        ["Payments"] = ["Toʻlovlar", "Платежи", "Payments"],
        ["Cards"] = ["Kartalar", "Карты", "Cards"],
        ["Webhooks"] = ["Vebxuklar", "Вебхуки", "Webhooks"],
        ["Sandbox"] = ["Sinov rejimi", "Песочница", "Sandbox"],
        ["Today"] = ["Bugun", "Сегодня", "Today"],
        ["Last 7 days"] = ["Oxirgi 7 kun", "Последние 7 дней", "Last 7 days"],
        ["Created"] = ["Yaratilgan", "Создано", "Created"],
        ["Paid"] = ["Toʻlangan", "Оплачено", "Paid"],
        ["Amount received"] = ["Qabul qilingan summa", "Получено", "Amount received"],
        ["Conversion"] = ["Konversiya", "Конверсия", "Conversion"],
        ["Average time to pay"] = ["Oʻrtacha toʻlov vaqti", "Среднее время оплаты", "Average time to pay"],
        ["Open now"] = ["Hozir ochiq", "Открыто сейчас", "Open now"],
        ["Stray credits (7 days)"] = ["Mos kelmagan tushumlar (7 kun)", "Неопознанные поступления (7 дней)", "Stray credits (7 days)"],
        ["Card"] = ["Karta", "Карта", "Card"],
        ["Status"] = ["Holat", "Статус", "Status"],
        ["State"] = ["Holat", "Состояние", "State"],
        ["Amount"] = ["Summa", "Сумма", "Amount"],
        ["Requested amount"] = ["Soʻralgan summa", "Запрошенная сумма", "Requested amount"],
        ["Open transactions"] = ["Ochiq tranzaksiyalar", "Открытые транзакции", "Open transactions"],
        ["Balance gaps"] = ["Balans uzilishlari", "Разрывы баланса", "Balance gaps"],
        ["Updated"] = ["Yangilandi", "Обновлено", "Updated"],
        ["active"] = ["ochiq", "открыта", "active"],
        ["confirmed"] = ["toʻlangan", "оплачена", "confirmed"],
        ["cancelled"] = ["bekor qilingan", "отменена", "cancelled"],
        ["All"] = ["Hammasi", "Все", "All"],
        ["Any card"] = ["Istalgan karta", "Любая карта", "Any card"],
        ["From"] = ["Dan", "С", "From"],
        ["To"] = ["Gacha", "По", "To"],
        ["Amount, so'm"] = ["Summa, soʻm", "Сумма, сум", "Amount, so'm"],
        ["Search by transaction id or amount"] = ["Tranzaksiya ID yoki summa boʻyicha qidirish", "Поиск по ID транзакции или сумме", "Search by transaction id or amount"],
        ["Search"] = ["Qidirish", "Найти", "Search"],
        ["Filter"] = ["Saralash", "Фильтр", "Filter"],
        ["Older"] = ["Eskiroqlari", "Более ранние", "Older"],
        ["Newest"] = ["Eng yangilari", "Самые новые", "Newest"],
        ["Nothing found."] = ["Hech narsa topilmadi.", "Ничего не найдено.", "Nothing found."],
        ["No transaction with this id."] = ["Bunday ID bilan tranzaksiya yoʻq.", "Транзакции с таким ID нет.", "No transaction with this id."],
        ["Write a transaction id (like 622ea789-5b4c-4e6a-a76b-415ac144eb34) or an amount in so'm."] = [
            "Tranzaksiya ID (masalan 622ea789-5b4c-4e6a-a76b-415ac144eb34) yoki soʻmdagi summani yozing.",
            "Введите ID транзакции (например 622ea789-5b4c-4e6a-a76b-415ac144eb34) или сумму в сумах.",
            "Write a transaction id (like 622ea789-5b4c-4e6a-a76b-415ac144eb34) or an amount in so'm."],
        ["Timeline"] = ["Voqealar", "Хронология", "Timeline"],
        ["Created, waiting for {0} so'm until {1}"] = ["Yaratildi, {1} gacha {0} soʻm kutilmoqda", "Создана, ожидается {0} сум до {1}", "Created, waiting for {0} so'm until {1}"],
        ["Credit received: {0} so'm, bank message {1}, dated {2}"] = [
            "Tushum keldi: {0} soʻm, bank xabari {1}, sanasi {2}",
            "Поступление: {0} сум, сообщение банка {1}, от {2}",
            "Credit received: {0} so'm, bank message {1}, dated {2}"],
        ["Confirmed"] = ["Tasdiqlandi", "Подтверждена", "Confirmed"],
        ["Cancelled: {0}"] = ["Bekor qilindi: {0}", "Отменена: {0}", "Cancelled: {0}"],
        ["Webhook {0} attempt {1}: {2}, {3} ms"] = ["Vebxuk {0}, {1}-urinish: {2}, {3} ms", "Вебхук {0}, попытка {1}: {2}, {3} мс", "Webhook {0} attempt {1}: {2}, {3} ms"],
        ["no answer"] = ["javob yoʻq", "нет ответа", "no answer"],
        ["Webhook {0}: {1}, next attempt at {2}"] = ["Vebxuk {0}: {1}, keyingi urinish {2}", "Вебхук {0}: {1}, следующая попытка {2}", "Webhook {0}: {1}, next attempt at {2}"],
        ["Pay link"] = ["Toʻlov havolasi", "Ссылка на оплату", "Pay link"],
        ["Copy the pay link"] = ["Havolani nusxalash", "Скопировать ссылку", "Copy the pay link"],
        ["Copied"] = ["Nusxalandi", "Скопировано", "Copied"],
        ["Cancel the transaction"] = ["Tranzaksiyani bekor qilish", "Отменить транзакцию", "Cancel the transaction"],
        ["Send the webhook again"] = ["Vebxukni qayta yuborish", "Отправить вебхук ещё раз", "Send the webhook again"],
        ["The transaction is cancelled; a cancel webhook follows."] = ["Tranzaksiya bekor qilindi; bekor qilish vebxuki yuboriladi.", "Транзакция отменена; за ней последует вебхук отмены.", "The transaction is cancelled; a cancel webhook follows."],
        ["The transaction was already closed; nothing changed."] = ["Tranzaksiya allaqachon yopilgan; hech narsa oʻzgarmadi.", "Транзакция уже закрыта; ничего не изменилось.", "The transaction was already closed; nothing changed."],
        ["The webhook is being sent again with the same event id."] = ["Vebxuk xuddi shu hodisa ID bilan qayta yuborilmoqda.", "Вебхук отправляется ещё раз с тем же ID события.", "The webhook is being sent again with the same event id."],
        ["The transaction is still active, so it has no webhook to send yet."] = ["Tranzaksiya hali ochiq, yuboriladigan vebxuk yoʻq.", "Транзакция ещё открыта, отправлять пока нечего.", "The transaction is still active, so it has no webhook to send yet."],
        ["Expires"] = ["Muddati", "Истекает", "Expires"],
        ["Payments ledger"] = ["Toʻlovlar daftari", "Журнал платежей", "Payments ledger"],
        ["Every credit a bank bot reported, matched or not, newest first."] = ["Bank boti xabar bergan har bir tushum, mos kelgan yoki yoʻq, yangilari oldin.", "Каждое поступление от бота банка, сопоставленное или нет, новые сверху.", "Every credit a bank bot reported, matched or not, newest first."],
        ["Needs a decision"] = ["Qaror kerak", "Требует решения", "Needs a decision"],
        ["Credits that paid no transaction: refund them or honour them."] = ["Hech bir tranzaksiyani toʻlamagan tushumlar: qaytaring yoki hisobga oling.", "Поступления, не оплатившие ни одной транзакции: верните их или зачтите.", "Credits that paid no transaction: refund them or honour them."],
        ["Received"] = ["Qabul qilindi", "Получено", "Received"],
        ["Outcome"] = ["Natija", "Итог", "Outcome"],
        ["matched"] = ["mos keldi", "сопоставлен", "matched"],
        ["unmatched"] = ["mos kelmadi", "не сопоставлен", "unmatched"],
        ["Kind"] = ["Turi", "Тип", "Kind"],
        ["Add a Telegram account"] = ["Telegram hisobini qoʻshish", "Добавить аккаунт Telegram", "Add a Telegram account"],
        ["Phone number"] = ["Telefon raqami", "Номер телефона", "Phone number"],
        ["Card number"] = ["Karta raqami", "Номер карты", "Card number"],
        ["Last 4 digits"] = ["Oxirgi 4 raqam", "Последние 4 цифры", "Last 4 digits"],
        ["Card owner"] = ["Karta egasi", "Владелец карты", "Card owner"],
        ["Send the login code"] = ["Kirish kodini yuborish", "Отправить код входа", "Send the login code"],
        ["Login code"] = ["Kirish kodi", "Код входа", "Login code"],
        ["Two-step verification password"] = ["Ikki bosqichli tekshiruv paroli", "Пароль двухэтапной проверки", "Two-step verification password"],
        ["Continue"] = ["Davom etish", "Продолжить", "Continue"],
        ["Telegram sent a login code to the account's Telegram app. Enter it here."] = ["Telegram hisobning ilovasiga kirish kodini yubordi. Uni shu yerga kiriting.", "Telegram отправил код входа в приложение аккаунта. Введите его здесь.", "Telegram sent a login code to the account's Telegram app. Enter it here."],
        ["The account has two-step verification. Enter its password."] = ["Hisobda ikki bosqichli tekshiruv bor. Parolini kiriting.", "У аккаунта включена двухэтапная проверка. Введите пароль.", "The account has two-step verification. Enter its password."],
        ["The card is logged in and ready."] = ["Karta ulandi va tayyor.", "Карта подключена и готова.", "The card is logged in and ready."],
        ["Remove the card"] = ["Kartani olib tashlash", "Удалить карту", "Remove the card"],
        ["Remove it and cancel its {0} open transactions"] = ["Olib tashlash va uning {0} ta ochiq tranzaksiyasini bekor qilish", "Удалить и отменить {0} открытых транзакций", "Remove it and cancel its {0} open transactions"],
        ["This card has {0} open transactions; removing it cancels each (with a cancel webhook)."] = ["Bu kartada {0} ta ochiq tranzaksiya bor; olib tashlash har birini bekor qiladi (bekor qilish vebxuki bilan).", "У карты {0} открытых транзакций; удаление отменит каждую (с вебхуком отмены).", "This card has {0} open transactions; removing it cancels each (with a cancel webhook)."],
        ["The card is removed."] = ["Karta olib tashlandi.", "Карта удалена.", "The card is removed."],
        ["Deliveries"] = ["Yetkazishlar", "Доставки", "Deliveries"],
        ["failed"] = ["muvaffaqiyatsiz", "не доставлен", "failed"],
        ["pending"] = ["kutilmoqda", "в очереди", "pending"],
        ["delivered"] = ["yetkazildi", "доставлен", "delivered"],
        ["Attempts"] = ["Urinishlar", "Попытки", "Attempts"],
        ["Last answer"] = ["Oxirgi javob", "Последний ответ", "Last answer"],
        ["Resend"] = ["Qayta yuborish", "Отправить снова", "Resend"],
        ["Signing secret"] = ["Imzo kaliti", "Секрет подписи", "Signing secret"],
        ["Reveal the secret"] = ["Kalitni koʻrsatish", "Показать секрет", "Reveal the secret"],
        ["Hidden. Anyone who sees it can forge webhooks; reveal it only where nobody looks over your shoulder."] = [
            "Yashirin. Uni koʻrgan kishi vebxuklarni soxtalashtirishi mumkin; faqat hech kim qaramayotganda koʻrsating.",
            "Скрыт. Кто его увидит, сможет подделать вебхуки; показывайте, только когда никто не смотрит.",
            "Hidden. Anyone who sees it can forge webhooks; reveal it only where nobody looks over your shoulder."],
        ["Create a test transaction"] = ["Sinov tranzaksiyasini yaratish", "Создать тестовую транзакцию", "Create a test transaction"],
        ["Simulate the bank message"] = ["Bank xabarini taqlid qilish", "Сымитировать сообщение банка", "Simulate the bank message"],
        ["Test transaction {0} waits for {1} so'm on {2}."] = ["{0} sinov tranzaksiyasi {2} kartasida {1} soʻm kutmoqda.", "Тестовая транзакция {0} ждёт {1} сум на {2}.", "Test transaction {0} waits for {1} so'm on {2}."],
        ["The bank message was read: {0}."] = ["Bank xabari oʻqildi: {0}.", "Сообщение банка прочитано: {0}.", "The bank message was read: {0}."],
        ["Sandbox cards pay no real money: create a transaction, then pretend the bank bot reported its amount."] = [
            "Sinov kartalari haqiqiy pul olmaydi: tranzaksiya yarating, keyin bank boti uning summasini xabar qilgandek qiling.",
            "Тестовые карты не принимают настоящих денег: создайте транзакцию, затем сымитируйте сообщение бота банка о её сумме.",
            "Sandbox cards pay no real money: create a transaction, then pretend the bank bot reported its amount."],
        ["Enter an amount in so'm, such as 20000."] = ["Summani soʻmda kiriting, masalan 20000.", "Введите сумму в сумах, например 20000.", "Enter an amount in so'm, such as 20000."],
        ["No amount near this one is free: open transactions hold them all."] = ["Bu summaga yaqin boʻsh summa yoʻq: hammasini ochiq tranzaksiyalar band qilgan.", "Свободной суммы рядом нет: все заняты открытыми транзакциями.", "No amount near this one is free: open transactions hold them all."],
        ["No card is ready to take payments."] = ["Toʻlov qabul qilishga tayyor karta yoʻq.", "Нет карты, готовой принимать платежи.", "No card is ready to take payments."],
        ["The card cannot take transactions now."] = ["Karta hozir tranzaksiya qabul qila olmaydi.", "Карта сейчас не может принимать транзакции.", "The card cannot take transactions now."],
        ["Language"] = ["Til", "Язык", "Language"],
        ["Times are in {0}."] = ["Vaqtlar {0} boʻyicha.", "Время указано по {0}.", "Times are in {0}."],
        ["Page not found."] = ["Sahifa topilmadi.", "Страница не найдена.", "Page not found."],
        ["Telegram refused: {0}"] = ["Telegram rad etdi: {0}", "Telegram отказал: {0}", "Telegram refused: {0}"],
        ["Telegram did not answer; try again in a minute."] = ["Telegram javob bermadi; bir daqiqadan keyin qayta urining.", "Telegram не ответил; повторите через минуту.", "Telegram did not answer; try again in a minute."],
        ["When"] = ["Qachon", "Когда", "When"],
        ["Id"] = ["ID", "ID", "Id"],
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
