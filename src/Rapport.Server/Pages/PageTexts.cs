using System.Collections.Frozen;
using System.Globalization;

namespace Rapport.Server.Pages;

/// <summary>
/// The words of the public pages and the confirmation mail in each language Rapport speaks, chosen
/// from the contact's locale (English when there is none or it is not one of these).
/// </summary>
public sealed record PageTexts(
    string Language,
    bool RightToLeft,
    string PreferencesTitle,
    string PreferencesIntro,
    string Topic,
    string Subscribed,
    string Frequency,
    string Format,
    string Save,
    string Saved,
    string Profile,
    string LeaveTitle,
    string LeaveIntro,
    string LeaveButton,
    string Reason,
    string ReasonOther,
    string Left,
    string UnsubscribeTitle,
    string UnsubscribeIntro,
    string UnsubscribeButton,
    string Unsubscribed,
    string ConfirmTitle,
    string ConfirmIntro,
    string ConfirmButton,
    string Confirmed,
    string ConfirmMailSubject,
    string ConfirmMailBody,
    string BadLink,
    string ManagePreferences,
    FrozenDictionary<string, string> Choices)
{
    public static PageTexts For(string? locale)
    {
        var language = (locale ?? "en").Split('-', '_')[0].ToLowerInvariant();
        return All.GetValueOrDefault(language) ?? All["en"];
    }

    public string Of(string choice) => Choices.GetValueOrDefault(choice, choice);

    public CultureInfo Culture => CultureInfo.GetCultureInfo(Language);

    private static readonly FrozenDictionary<string, PageTexts> All = new Dictionary<string, PageTexts>
    {
        ["en"] = new("en", false, "Your preferences", "Choose what you hear from us, how often and in which format.", "Topic", "Subscribed",
            "How often", "Format", "Save my choices", "Your choices are saved.", "Your details", "Leave everything",
            "Stop all messages from us on every channel.", "Unsubscribe from everything", "Why are you leaving? (optional)", "Anything else? (optional)",
            "You will not hear from us again.", "Unsubscribe", "You are about to unsubscribe from:", "Yes, unsubscribe me", "You are unsubscribed.",
            "Confirm your subscription", "Please confirm that you want to receive:", "Confirm", "Thank you, your subscription is confirmed.",
            "Please confirm your subscription", "Please confirm your subscription by opening this link:",
            "This link is not valid or has expired. Nothing was changed.", "Manage your preferences", Words(
                "as_sent", "Every message", "daily", "Daily digest", "weekly", "Weekly", "monthly", "Monthly", "quarterly", "Quarterly",
                "html", "Rich (HTML)", "text", "Plain text", "everything", "all topics", "too_many", "Too many messages",
                "not_relevant", "Not relevant to me", "never_signed_up", "I never signed up", "other", "Other reason",
                "email", "e-mail", "sms", "SMS", "post", "post", "phone", "phone", "signup_thanks", "Thank you! Please check your inbox and confirm your subscription.", "firstName", "First name", "lastName", "Last name", "postcode", "Postcode", "city", "City", "bad_form", "This form could not be read: it came incomplete or with characters that are not text. Nothing was changed.")),
        ["pl"] = new("pl", false, "Twoje preferencje", "Wybierz, o czym, jak często i w jakiej formie chcesz od nas słyszeć.", "Temat", "Subskrybuję",
            "Jak często", "Format", "Zapisz moje wybory", "Twoje wybory zostały zapisane.", "Twoje dane", "Zrezygnuj ze wszystkiego",
            "Nie wysyłaj mi żadnych wiadomości żadnym kanałem.", "Wypisz mnie ze wszystkiego", "Dlaczego rezygnujesz? (opcjonalnie)", "Coś jeszcze? (opcjonalnie)",
            "Nie będziemy się już z Tobą kontaktować.", "Wypisz się", "Zaraz wypiszesz się z:", "Tak, wypisz mnie", "Wypisano Cię.",
            "Potwierdź subskrypcję", "Potwierdź, że chcesz otrzymywać:", "Potwierdzam", "Dziękujemy, subskrypcja potwierdzona.",
            "Potwierdź swoją subskrypcję", "Potwierdź subskrypcję, otwierając ten link:",
            "Ten link jest nieprawidłowy lub wygasł. Niczego nie zmieniono.", "Zarządzaj preferencjami", Words(
                "as_sent", "Każda wiadomość", "daily", "Codzienne podsumowanie", "weekly", "Co tydzień", "monthly", "Co miesiąc", "quarterly", "Co kwartał",
                "html", "Bogaty (HTML)", "text", "Zwykły tekst", "everything", "wszystkie tematy", "too_many", "Za dużo wiadomości",
                "not_relevant", "Nie dotyczy mnie", "never_signed_up", "Nigdy się nie zapisałem/-am", "other", "Inny powód",
                "email", "e-mail", "sms", "SMS", "post", "poczta", "phone", "telefon", "signup_thanks", "Dziękujemy! Sprawdź skrzynkę i potwierdź subskrypcję.", "firstName", "Imię", "lastName", "Nazwisko", "postcode", "Kod pocztowy", "city", "Miejscowość", "bad_form", "Nie udało się odczytać formularza: dotarł niepełny albo ze znakami, które nie są tekstem. Niczego nie zmieniono.")),
        ["ar"] = new("ar", true, "تفضيلاتك", "اختر ما تسمعه منا، وكم مرة، وبأي صيغة.", "الموضوع", "مشترك",
            "كم مرة", "الصيغة", "احفظ اختياراتي", "تم حفظ اختياراتك.", "بياناتك", "إلغاء كل شيء",
            "أوقف جميع رسائلنا على كل القنوات.", "ألغِ اشتراكي في كل شيء", "لماذا تغادر؟ (اختياري)", "هل من شيء آخر؟ (اختياري)",
            "لن نتواصل معك مرة أخرى.", "إلغاء الاشتراك", "أنت على وشك إلغاء اشتراكك في:", "نعم، ألغِ اشتراكي", "تم إلغاء اشتراكك.",
            "أكّد اشتراكك", "يرجى تأكيد رغبتك في تلقي:", "تأكيد", "شكرًا لك، تم تأكيد اشتراكك.",
            "يرجى تأكيد اشتراكك", "يرجى تأكيد اشتراكك بفتح هذا الرابط:",
            "هذا الرابط غير صالح أو منتهي الصلاحية. لم يتغير شيء.", "إدارة تفضيلاتك", Words(
                "as_sent", "كل رسالة", "daily", "ملخص يومي", "weekly", "أسبوعيًا", "monthly", "شهريًا", "quarterly", "كل ثلاثة أشهر",
                "html", "منسق (HTML)", "text", "نص عادي", "everything", "كل المواضيع", "too_many", "رسائل كثيرة جدًا",
                "not_relevant", "لا يهمني", "never_signed_up", "لم أشترك أبدًا", "other", "سبب آخر",
                "email", "البريد الإلكتروني", "sms", "رسائل SMS", "post", "البريد", "phone", "الهاتف", "signup_thanks", "شكرًا لك! يرجى التحقق من بريدك الوارد وتأكيد اشتراكك.", "firstName", "الاسم الأول", "lastName", "اسم العائلة", "postcode", "الرمز البريدي", "city", "المدينة", "bad_form", "تعذّرت قراءة هذا النموذج: وصل ناقصًا أو فيه رموز ليست نصًا. لم يتغير شيء.")),
        ["fa"] = new("fa", true, "ترجیحات شما", "انتخاب کنید چه چیزی، هر چند وقت یک بار و در چه قالبی از ما بشنوید.", "موضوع", "مشترک",
            "هر چند وقت", "قالب", "ذخیرهٔ انتخاب‌ها", "انتخاب‌های شما ذخیره شد.", "مشخصات شما", "لغو همه چیز",
            "همهٔ پیام‌های ما را در همهٔ کانال‌ها متوقف کن.", "لغو اشتراک از همه چیز", "چرا می‌روید؟ (اختیاری)", "چیز دیگری؟ (اختیاری)",
            "دیگر با شما تماس نخواهیم گرفت.", "لغو اشتراک", "در حال لغو اشتراک از این موارد هستید:", "بله، اشتراکم را لغو کن", "اشتراک شما لغو شد.",
            "اشتراک خود را تأیید کنید", "لطفاً تأیید کنید که می‌خواهید این‌ها را دریافت کنید:", "تأیید", "سپاس، اشتراک شما تأیید شد.",
            "لطفاً اشتراک خود را تأیید کنید", "لطفاً با باز کردن این پیوند اشتراک خود را تأیید کنید:",
            "این پیوند معتبر نیست یا منقضی شده است. چیزی تغییر نکرد.", "مدیریت ترجیحات", Words(
                "as_sent", "هر پیام", "daily", "خلاصهٔ روزانه", "weekly", "هفتگی", "monthly", "ماهانه", "quarterly", "فصلی",
                "html", "قالب‌دار (HTML)", "text", "متن ساده", "everything", "همهٔ موضوع‌ها", "too_many", "پیام‌های خیلی زیاد",
                "not_relevant", "به من مربوط نیست", "never_signed_up", "هرگز مشترک نشدم", "other", "دلیل دیگر",
                "email", "ایمیل", "sms", "پیامک", "post", "پست", "phone", "تلفن", "signup_thanks", "سپاس! لطفاً صندوق ورودی خود را بررسی و اشتراک خود را تأیید کنید.", "firstName", "نام", "lastName", "نام خانوادگی", "postcode", "کد پستی", "city", "شهر", "bad_form", "این فرم خوانده نشد: ناقص رسید یا نویسه‌هایی دارد که متن نیستند. چیزی تغییر نکرد.")),
    }.ToFrozenDictionary();

    private static FrozenDictionary<string, string> Words(params string[] pairs) =>
        pairs.Chunk(2).ToFrozenDictionary(p => p[0], p => p[1]);
}
