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
        ["Search"] = ["Qidirish", "Найти", "Search"],
        ["Filter"] = ["Saralash", "Фильтр", "Filter"],
        ["Older"] = ["Eskiroqlari", "Более ранние", "Older"],
        ["Newest"] = ["Eng yangilari", "Самые новые", "Newest"],
        ["Nothing found."] = ["Hech narsa topilmadi.", "Ничего не найдено.", "Nothing found."],
        ["No transaction with this id."] = ["Bunday ID bilan tranzaksiya yoʻq.", "Транзакции с таким ID нет.", "No transaction with this id."],
        ["Timeline"] = ["Voqealar", "Хронология", "Timeline"],
        ["Created, waiting for {0} so'm until {1}"] = ["Yaratildi, {1} gacha {0} soʻm kutilmoqda", "Создана, ожидается {0} сум до {1}", "Created, waiting for {0} so'm until {1}"],
        ["Credit received: {0} so'm, bank message {1}, dated {2}"] = [
            "Tushum keldi: {0} soʻm, bank xabari {1}, sanasi {2}",
            "Поступление: {0} сум, сообщение банка {1}, от {2}",
            "Credit received: {0} so'm, bank message {1}, dated {2}"],
        ["The payer opened the pay page"] = ["Toʻlovchi toʻlov sahifasini ochdi", "Плательщик открыл страницу оплаты", "The payer opened the pay page"],
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
        // Payments: the "needs a decision" queue and one credit's page.
        ["Credit"] = ["Tushum", "Поступление", "Credit"],
        ["Decide"] = ["Qaror qilish", "Решить", "Decide"],
        ["Details"] = ["Batafsil", "Подробнее", "Details"],
        ["Bank time"] = ["Bank vaqti", "Время банка", "Bank time"],
        ["Bank message"] = ["Bank xabari", "Сообщение банка", "Bank message"],
        ["attached to a transaction"] = ["tranzaksiyaga biriktirildi", "привязан к транзакции", "attached to a transaction"],
        ["being attached"] = ["biriktirilmoqda", "привязывается", "being attached"],
        ["handled outside Paycue"] = ["tashqarida hal qilindi", "закрыт вручную", "handled outside Paycue"],
        ["paid after the transaction was cancelled"] = ["tranzaksiya bekor qilingandan keyin toʻlangan", "оплачено после отмены транзакции", "paid after the transaction was cancelled"],
        ["the amount is exact"] = ["summa aynan mos", "сумма совпадает точно", "the amount is exact"],
        ["the amount differs"] = ["summa farq qiladi", "сумма отличается", "the amount differs"],
        ["the transaction is open"] = ["tranzaksiya ochiq", "транзакция открыта", "the transaction is open"],
        ["already resolved with this credit"] = ["shu tushum bilan biriktirilgan", "уже привязана этим поступлением", "already resolved with this credit"],
        ["no open transaction"] = ["ochiq tranzaksiya yoʻq edi", "не было открытой транзакции", "no open transaction"],
        ["after the deadline"] = ["muddati oʻtgach", "после срока", "after the deadline"],
        ["the transaction was already paid"] = ["tranzaksiya allaqachon toʻlangan", "транзакция уже оплачена", "the transaction was already paid"],
        ["unknown card"] = ["nomaʼlum karta", "неизвестная карта", "unknown card"],
        ["Decided by {0} at {1}"] = ["{0} tomonidan {1} da hal qilindi", "Решение: {0}, {1}", "Decided by {0} at {1}"],
        ["Suggested transactions"] = ["Taklif qilingan tranzaksiyalar", "Предлагаемые транзакции", "Suggested transactions"],
        ["Only a suggestion: attach the credit only to the order it really paid. The transaction is confirmed and a confirm webhook goes out."] = [
            "Bu faqat taklif: tushumni faqat haqiqatan toʻlagan buyurtmaga biriktiring. Tranzaksiya tasdiqlanadi va tasdiq vebxuki yuboriladi.",
            "Это лишь подсказка: привязывайте поступление только к заказу, который оно действительно оплатило. Транзакция подтвердится, уйдёт вебхук подтверждения.",
            "Only a suggestion: attach the credit only to the order it really paid. The transaction is confirmed and a confirm webhook goes out."],
        ["created {0}"] = ["yaratilgan {0}", "создана {0}", "created {0}"],
        ["order {0}"] = ["buyurtma {0}", "заказ {0}", "order {0}"],
        ["Why"] = ["Sababi", "Почему", "Why"],
        ["the credit differs by {0} so'm"] = ["tushum {0} soʻm farq qiladi", "поступление отличается на {0} сум", "the credit differs by {0} so'm"],
        ["Note (optional)"] = ["Izoh (ixtiyoriy)", "Заметка (необязательно)", "Note (optional)"],
        ["Note (required)"] = ["Izoh (majburiy)", "Заметка (обязательно)", "Note (required)"],
        ["Attach to this transaction"] = ["Shu tranzaksiyaga biriktirish", "Привязать к этой транзакции", "Attach to this transaction"],
        ["Attach to another transaction"] = ["Boshqa tranzaksiyaga biriktirish", "Привязать к другой транзакции", "Attach to another transaction"],
        ["Transaction id"] = ["Tranzaksiya ID", "ID транзакции", "Transaction id"],
        ["Attach"] = ["Biriktirish", "Привязать", "Attach"],
        ["Dismiss"] = ["Yopish", "Закрыть", "Dismiss"],
        ["Dismiss the credit"] = ["Tushumni yopish", "Закрыть поступление", "Dismiss the credit"],
        ["When the money was refunded or booked by hand: the credit leaves the queue with your note."] = [
            "Pul qaytarilgan yoki qoʻlda hisobga olingan boʻlsa: tushum izohingiz bilan navbatdan chiqadi.",
            "Если деньги вернули или учли вручную: поступление уйдёт из очереди с вашей заметкой.",
            "When the money was refunded or booked by hand: the credit leaves the queue with your note."],
        ["Write the id of the transaction this credit paid, like 622ea789-5b4c-4e6a-a76b-415ac144eb34."] = [
            "Bu tushum toʻlagan tranzaksiya ID sini yozing, masalan 622ea789-5b4c-4e6a-a76b-415ac144eb34.",
            "Укажите ID транзакции, которую оплатило поступление, например 622ea789-5b4c-4e6a-a76b-415ac144eb34.",
            "Write the id of the transaction this credit paid, like 622ea789-5b4c-4e6a-a76b-415ac144eb34."],
        ["Write a note on how the credit was handled, such as \"refunded to the payer\"."] = [
            "Tushum qanday hal qilinganini yozing, masalan \"toʻlovchiga qaytarildi\".",
            "Напишите, как поступление было обработано, например \"возвращено плательщику\".",
            "Write a note on how the credit was handled, such as \"refunded to the payer\"."],
        ["The note may have at most {0} characters."] = ["Izoh koʻpi bilan {0} belgi boʻlishi mumkin.", "Заметка — не более {0} символов.", "The note may have at most {0} characters."],
        ["No credit with this id in the ledger."] = ["Daftarda bunday ID bilan tushum yoʻq.", "В журнале нет поступления с таким ID.", "No credit with this id in the ledger."],
        ["Refused: {0}"] = ["Rad etildi: {0}", "Отказано: {0}", "Refused: {0}"],
        ["The credit is attached to the transaction, which is confirmed; a confirm webhook follows."] = [
            "Tushum tranzaksiyaga biriktirildi, u tasdiqlandi; tasdiq vebxuki yuboriladi.",
            "Поступление привязано к транзакции, она подтверждена; за ней последует вебхук подтверждения.",
            "The credit is attached to the transaction, which is confirmed; a confirm webhook follows."],
        ["The credit is marked handled outside Paycue."] = ["Tushum Paycue dan tashqarida hal qilingan deb belgilandi.", "Поступление отмечено как обработанное вне Paycue.", "The credit is marked handled outside Paycue."],
        // Overview: alerts and the stray credits waiting.
        ["Stray credits waiting for a decision"] = ["Qaror kutayotgan tushumlar", "Поступления, ждущие решения", "Stray credits waiting for a decision"],
        ["Open alerts"] = ["Ochiq ogohlantirishlar", "Открытые оповещения", "Open alerts"],
        ["Decide about the stray credits"] = ["Tushumlar boʻyicha qaror qilish", "Решить по поступлениям", "Decide about the stray credits"],
        // Transactions: the shop's order references.
        ["Search by transaction id, order id or amount"] = ["Tranzaksiya ID, buyurtma ID yoki summa boʻyicha qidirish", "Поиск по ID транзакции, ID заказа или сумме", "Search by transaction id, order id or amount"],
        ["Order id"] = ["Buyurtma ID", "ID заказа", "Order id"],
        ["Return link"] = ["Qaytish havolasi", "Ссылка возврата", "Return link"],
        ["Metadata"] = ["Qoʻshimcha maʼlumot", "Метаданные", "Metadata"],
        ["An order id has 1 to {0} characters and no line breaks."] = ["Buyurtma ID 1 dan {0} gacha belgidan iborat, qator uzilishisiz.", "ID заказа — от 1 до {0} символов, без переводов строки.", "An order id has 1 to {0} characters and no line breaks."],
        ["No transaction has this order id. Write a transaction id (like 622ea789-5b4c-4e6a-a76b-415ac144eb34), an order id or an amount in so'm."] = [
            "Bunday buyurtma ID li tranzaksiya yoʻq. Tranzaksiya ID (masalan 622ea789-5b4c-4e6a-a76b-415ac144eb34), buyurtma ID yoki soʻmdagi summani yozing.",
            "Транзакций с таким ID заказа нет. Введите ID транзакции (например 622ea789-5b4c-4e6a-a76b-415ac144eb34), ID заказа или сумму в сумах.",
            "No transaction has this order id. Write a transaction id (like 622ea789-5b4c-4e6a-a76b-415ac144eb34), an order id or an amount in so'm."],
        // Export.
        ["Export"] = ["Eksport", "Экспорт", "Export"],
        ["CSV (UTF-8, so'm with two decimals, times in {0}) for the days chosen, both included."] = [
            "Tanlangan kunlar uchun CSV (UTF-8, soʻm ikki kasr bilan, vaqtlar {0} boʻyicha), ikkala kun ham kiradi.",
            "CSV (UTF-8, суммы с двумя знаками, время по {0}) за выбранные дни, включая оба.",
            "CSV (UTF-8, so'm with two decimals, times in {0}) for the days chosen, both included."],
        ["Download payments (CSV)"] = ["Toʻlovlarni yuklab olish (CSV)", "Скачать платежи (CSV)", "Download payments (CSV)"],
        ["Download transactions (CSV)"] = ["Tranzaksiyalarni yuklab olish (CSV)", "Скачать транзакции (CSV)", "Download transactions (CSV)"],
        ["Choose the days as year-month-day, such as 2026-12-01."] = ["Kunlarni yil-oy-kun koʻrinishida tanlang, masalan 2026-12-01.", "Укажите дни как год-месяц-день, например 2026-12-01.", "Choose the days as year-month-day, such as 2026-12-01."],
        // Cards: further cards on an account.
        ["Bank"] = ["Bank", "Банк", "Bank"],
        ["Add a card to {0}"] = ["{0} hisobiga karta qoʻshish", "Добавить карту в {0}", "Add a card to {0}"],
        ["Add the card"] = ["Kartani qoʻshish", "Добавить карту", "Add the card"],
        ["The card is added to the account."] = ["Karta hisobga qoʻshildi.", "Карта добавлена в аккаунт.", "The card is added to the account."],
        ["No such Telegram account."] = ["Bunday Telegram hisobi yoʻq.", "Такого аккаунта Telegram нет.", "No such Telegram account."],
        ["The card was not added: {0}"] = ["Karta qoʻshilmadi: {0}", "Карта не добавлена: {0}", "The card was not added: {0}"],

        // Webhooks: the test.
        ["Test webhook"] = ["Sinov vebxuki", "Тестовый вебхук", "Test webhook"],
        ["Send a test webhook"] = ["Sinov vebxukini yuborish", "Отправить тестовый вебхук", "Send a test webhook"],
        ["WEBHOOK_URL is not set, so there is nowhere to send a test; set it in .env to your backend's webhook address and restart Paycue."] = [
            "WEBHOOK_URL oʻrnatilmagan, sinovni yuborishga joy yoʻq; .env faylida uni backend vebxuk manziliga oʻrnating va Paycue ni qayta ishga tushiring.",
            "WEBHOOK_URL не задан, тест некуда отправить; укажите в .env адрес вебхука вашего бэкенда и перезапустите Paycue.",
            "WEBHOOK_URL is not set, so there is nowhere to send a test; set it in .env to your backend's webhook address and restart Paycue."],
        ["Sends one signed webhook {{\"action\": \"test\"}} to {0} and shows what your backend answered."] = [
            "{0} manziliga bitta imzolangan {{\"action\": \"test\"}} vebxukini yuboradi va backend javobini koʻrsatadi.",
            "Отправляет один подписанный вебхук {{\"action\": \"test\"}} на {0} и показывает ответ вашего бэкенда.",
            "Sends one signed webhook {{\"action\": \"test\"}} to {0} and shows what your backend answered."],
        ["Your backend accepted the test webhook."] = ["Backend sinov vebxukini qabul qildi.", "Ваш бэкенд принял тестовый вебхук.", "Your backend accepted the test webhook."],
        ["Your backend did not accept the test webhook."] = ["Backend sinov vebxukini qabul qilmadi.", "Ваш бэкенд не принял тестовый вебхук.", "Your backend did not accept the test webhook."],
        ["Latency"] = ["Kechikish", "Задержка", "Latency"],
        ["The answer's first bytes:"] = ["Javobning birinchi baytlari:", "Начало ответа:", "The answer's first bytes:"],
        // Cards: the e-mail login steps and starting again.
        ["Telegram asks for a login e-mail address for this account. Enter it; Telegram mails a code to it."] = [
            "Telegram bu hisob uchun kirish e-pochta manzilini soʻrayapti. Uni kiriting; Telegram unga kod yuboradi.",
            "Telegram просит адрес электронной почты для входа в этот аккаунт. Введите его; Telegram пришлёт на него код.",
            "Telegram asks for a login e-mail address for this account. Enter it; Telegram mails a code to it."],
        ["Telegram mailed a code to the account's login e-mail address. Enter it here."] = [
            "Telegram hisobning kirish e-pochtasiga kod yubordi. Uni shu yerga kiriting.",
            "Telegram отправил код на почту для входа в аккаунт. Введите его здесь.",
            "Telegram mailed a code to the account's login e-mail address. Enter it here."],
        ["Login e-mail address"] = ["Kirish e-pochta manzili", "Почта для входа", "Login e-mail address"],
        ["Code from the e-mail"] = ["E-pochtadagi kod", "Код из письма", "Code from the e-mail"],
        ["Start again with the phone number"] = ["Telefon raqami bilan qaytadan boshlash", "Начать заново с номера телефона", "Start again with the phone number"],
        ["Enter an e-mail address, such as shop@example.com."] = ["E-pochta manzilini kiriting, masalan shop@example.com.", "Введите адрес почты, например shop@example.com.", "Enter an e-mail address, such as shop@example.com."],
        // A card's status (the API's codes) in words.
        ["ready"] = ["tayyor", "готова", "ready"],
        ["login required"] = ["login kerak", "нужен вход", "login required"],
        ["waiting for the login code"] = ["kod kutilmoqda", "ждёт код", "waiting for the login code"],
        ["waiting for the two-step password"] = ["parol kutilmoqda", "ждёт пароль", "waiting for the two-step password"],
        ["waiting for the login e-mail"] = ["e-pochta kutilmoqda", "ждёт почту", "waiting for the login e-mail"],
        ["waiting for the code from the e-mail"] = ["e-pochta kodi kutilmoqda", "ждёт код из письма", "waiting for the code from the e-mail"],
        ["connecting"] = ["ulanmoqda", "подключается", "connecting"],
        ["error"] = ["xato", "ошибка", "error"],
        ["unregistered"] = ["roʻyxatdan oʻtmagan", "не зарегистрирована", "unregistered"],
        ["The week is counted from its newest {0} closed transactions only."] = [
            "Hafta faqat eng yangi {0} ta yopilgan tranzaksiyadan hisoblandi.",
            "Неделя посчитана только по {0} последним закрытым транзакциям.",
            "The week is counted from its newest {0} closed transactions only."],
        ["Enter this account's own phone number, such as +998901234567."] = ["Shu hisobning oʻz telefon raqamini kiriting, masalan +998901234567.", "Введите номер телефона этого аккаунта, например +998901234567.", "Enter this account's own phone number, such as +998901234567."],
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
