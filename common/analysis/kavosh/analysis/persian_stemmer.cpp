#include "kavosh/analysis/persian_stemmer.h"

#include <iterator>
#include <string_view>
#include <unordered_set>

#include "kavosh/analysis/char_filter.h"
#include "kavosh/util/strings.h"
#include "kavosh/util/utf8.h"

namespace kavosh {

namespace {

// Letters (code points) in a UTF-8 string.
std::size_t letters(std::string_view s) { return count_code_points(s); }

// Words that end (or start) like an affix but are not affixed (in any
// spelling: see exceptions()).
constexpr const char* kExceptionWords[] = {
    // places ending in ان / ات
    "ایران", "تهران", "کرمان", "اصفهان", "گیلان", "لرستان", "خراسان", "همدان", "زنجان", "سمنان",
    "گرگان", "آبادان", "لبنان", "یونان", "ژاپن", "عمان", "اردن", "سودان", "تایوان", "آلمان",
    "پاکستان", "افغانستان", "ارمنستان", "عربستان", "انگلستان", "ترکمنستان", "کردستان", "خوزستان",
    "سیستان", "بلوچستان", "هرمزگان", "مازندران", "استان", "امارات",
    // months and common nouns ending in ان
    "آبان", "زمان", "جهان", "انسان", "میدان", "باران", "پایان", "خیابان", "سازمان", "درمان",
    "ساختمان", "قهرمان", "دوران", "بحران", "جریان", "میزان", "امکان", "مکان", "بنیان", "بیان",
    "پیمان", "دیوان", "ایمان", "جوان", "نشان", "زبان", "بیابان", "گمان", "نان", "جان", "خان", "شان",
    "میهمان", "مهمان", "کاروان", "طوفان", "توان", "آسمان", "دندان", "زندان", "پنهان", "فرمان",
    "گریبان", "کیهان", "رمضان", "قرآن", "عنوان", "ویران", "پهلوان", "بوستان", "بیمارستان",
    "دبیرستان", "دبستان", "زمستان", "تابستان", "داستان", "شهرستان", "گورستان", "آستان", "دوستان",
    // ان that is part of the word, where stripping it would meet another
    // word (ارزان is not ارز, روان not رو) or leave the word's own derivations
    // (ارزانی, جبرانی) with a different stem
    "ارزان", "گران", "آسان", "روان", "فراوان", "جبران", "نگران", "یکسان", "نوسان", "سیمان", "تومان",
    "ریسمان", "رایگان", "گروگان", "بازرگان", "پادگان", "ارگان", "خاندان", "دودمان", "کهکشان",
    "ارمغان", "ایوان", "پیکان", "شایان", "نمایان", "امان", "سامان", "پشیمان", "پریشان", "درخشان",
    "آذربایجان", "زاهدان", "رفسنجان", "کاشان", "دامغان", "شمیران", "طالقان", "گلپایگان", "لاهیجان",
    "سلیمان", "عثمان", "رحمان", "لقمان", "سلمان", "احسان", "رضوان", "مرجان", "کیوان",
    // found on the shared news: words and names whose ان-less form is
    // another word (ناتوان/ناتو, سپاهان/سپاه, میلان/میل, مهران/مهر)
    "ناتوان", "سپاهان", "میلان", "عمران", "مهران", "اشکان", "برایان", "آرمان", "گفتمان", "هیجان",
    "چندان", "مهرگان", "شایگان",
    // nouns ending in ات that are not plurals
    "ثبات", "نجات", "حیات", "اثبات", "زکات", "صلوات", "برات", "کلات", "فرات",
    // ها that is part of the word
    "تنها", "بها", "رها", "اینها", "آنها",
    // words ending in تر that are not comparatives
    "دفتر", "دختر", "کبوتر", "چتر", "شتر", "بستر", "اختر", "اکثر", "کامپیوتر", "فیلتر", "تئاتر",
    "تیاتر", "متر", "کیلومتر", "سانتیمتر", "میلیمتر", "لیتر", "پوستر", "دکتر", "خاکستر", "هلیکوپتر",
    "پارامتر", "کاراکتر", "اسکوتر", "رجیستر", "توییتر", "تویتر", "استر", "بستر", "گستر", "سپتامبر",
    "اکتبر", "نوامبر", "دسامبر",
    // words ending in ی that are not adjectival
    "کشتی", "ماهی", "بازی", "شیمی", "کمی", "بی", "وی", "نی", "سی", "پی", "علی", "مهدی", "هادی",
    "تقی", "نقی", "مرتضی", "موسی", "عیسی", "مصطفی", "مجتبی", "یحیی", "لیلی", "ولی", "ری", "کی",
    "چی", "دی", "طی", "حتی", "یعنی", "خیلی", "ولی", "عالی", "قاضی", "والی", "هستی", "مستی", "سستی",
    "دوستی", "زندگی", "روسی",
    // words starting with می that are not verbs
    "میلاد", "میدان", "میزان", "میراث", "میهن", "میوه", "میلیون", "میلیارد", "میان", "میانه", "میز",
    "میخ", "میش", "میگو", "میل", "مینا", "میثاق", "میکروب", "میگرن", "میرزا", "میرحسین", "میترا",
    "میکائیل", "میشل", "میامی", "میانمار", "میهمان"};

// The exception list normalized with the analyzer's own folding, on first
// use, so آبان and ابان are one entry.
const std::unordered_set<std::string>& exceptions() {
  static const std::unordered_set<std::string> kSet =
      normalized_word_set(std::begin(kExceptionWords), std::end(kExceptionWords));
  return kSet;
}

// Words ending in a silent ه that take the indefinite or relational ای
// (هسته‌ای, برنامه‌ای) and the possessive اش (برنامه‌اش). Once the
// ZWNJ is gone (هستهای), such a word reads as a plural in های of another word (هست + های), and was
// stemmed so: هسته‌ای met هست (is) and missed هسته. The ZWNJ cannot decide it, since
// every spelling must meet, so the word decides: these are the common ones of news text whose
// reading with ای is
// the usual one (نامه‌ای far more often than نام‌های; left out: دسته,
// زمینه, whose plural readings دست‌های, زمین‌های are as common). A compound
// ending in one counts too (قطعنامه‌ای, تعیین‌کننده‌ای).
constexpr const char* kHehWords[] = {
    "هسته",    "گونه",    "عده",    "بیانیه",  "نامه",   "منطقه",   "رسانه",   "حرفه",
    "ویژه",    "گسترده",  "جلسه",   "خامنه",   "نشانه",  "دوره",    "برنامه",  "هفته",
    "اطلاعیه", "ترکیه",   "مطالعه", "آینه",    "مجموعه", "مصاحبه",  "تازه",    "چاره",
    "نکته",    "مساله",   "مسئله",  "عمده",    "مرحله",  "نتیجه",   "گزینه",   "کره",
    "قهوه",    "جامعه",   "جاده",   "نقطه",    "آینده",  "زنجیره",  "لحظه",    "اندازه",
    "قطعه",    "سابقه",   "بهانه",  "شده",     "کننده",  "دهنده",   "بیمه",    "اشاره",
    "نماینده", "خانواده", "العاده", "مصوبه",   "ملاحظه", "تجربه",   "ماهواره", "سرمایه",
    "نمونه",   "خانه",    "هزینه",  "بودجه",   "مقاله",  "پرونده",  "ساده",    "پدیده",
    "مقابله",  "حاشیه",   "حمله",   "وسیله",   "لایحه",  "زلزله",   "رابطه",   "علاقه",
    "سامانه",  "شبکه",    "انگیزه", "دقیقه",   "فایده",  "جداگانه", "حادثه",   "توسعه",
    "قرنطینه", "فاصله",   "ماده",   "مقدمه",   "رایانه", "پیچیده",  "ریشه",    "شیشه",
    "چهره",    "سلیقه",   "جبهه",   "نقره",    "جمله",   "نسخه",    "پروژه",   "شیوه",
    "خاطره",   "توصیه",   "وظیفه",  "جزیره",   "صفحه",   "کمیته",   "دغدغه",   "فزاینده",
    "ستاره",   "مقایسه",  "اراده",  "رویه",    "سهمیه",  "کارخانه", "فاجعه",   "پارچه",
    "توده",    "پروانه",  "یارانه", "حوزه",    "بسته",   "خواسته",  "اداره",   "اجازه",
    "روزانه",  "ماهانه",  "سالانه", "دوستانه", "آماده",  "زنده",    "پیشرفته", "برجسته",
    "شایسته",  "وابسته",  "گذشته",  "معامله",  "مشاهده", "استفاده", "عقیده",   "قاعده",
    "وعده",    "مایه",    "سایه",   "پایه",    "همسایه", "درجه",    "کلمه",    "رشته",
    "پیشینه",  "گستره",   "ذخیره",  "محاصره",  "مذاکره", "مبارزه",  "مسابقه"};

// Strips `suffix` when it leaves at least `min_letters` letters.
bool strip_suffix(std::string& w, std::string_view suffix, std::size_t min_letters) {
  if (!ends_with(w, suffix)) return false;
  const std::string_view rest(w.data(), w.size() - suffix.size());
  if (letters(rest) < min_letters) return false;
  w.resize(rest.size());
  return true;
}

// kHehWords normalized.
const std::unordered_set<std::string>& heh_words() {
  static const std::unordered_set<std::string> kSet =
      normalized_word_set(std::begin(kHehWords), std::end(kHehWords));
  return kSet;
}

// True when `w` is one of kHehWords or a compound ending in one of at least
// four letters, after at least two (کتابخانه, تعیینکننده; not تذکره, whose
// کره is no word of its own).
bool ends_in_heh_word(std::string_view w) {
  const std::unordered_set<std::string>& words = heh_words();
  if (words.count(std::string(w))) return true;
  const std::size_t total = letters(w);
  std::size_t before = 0;  // letters before position `at`
  for (std::size_t at = 0; at < w.size() && total - before >= 4; ++at) {
    if (is_utf8_continuation(static_cast<unsigned char>(w[at]))) continue;
    if (before >= 2 && words.count(std::string(w.substr(at)))) return true;
    ++before;
  }
  return false;
}

// A ه-word with its indefinite ای or possessive اش (هستهای -> هسته); false
// for any other word, left to the other rules.
bool strip_heh_clitic(std::string& w) {
  for (std::string_view suffix : {std::string_view("ای"), std::string_view("اش")}) {
    if (!ends_with(w, suffix)) continue;
    const std::string_view rest(w.data(), w.size() - suffix.size());
    if (!ends_with(rest, "ه") || !ends_in_heh_word(rest)) continue;
    w.resize(rest.size());
    return true;
  }
  return false;
}

bool strip_verb_prefix(std::string& w) {
  // Person endings a present or past verb form ends with.
  static constexpr std::string_view kVerbEndings[] = {"ند", "ید", "یم", "د", "م", "ی"};
  for (std::string_view p : kVerbPrefixes) {
    if (!starts_with(w, p)) continue;
    const std::string_view rest = std::string_view(w).substr(p.size());
    if (letters(rest) < 3) return false;
    for (std::string_view e : kVerbEndings) {
      if (ends_with(rest, e)) {
        w.erase(0, p.size());
        return true;
      }
    }
    return false;
  }
  return false;
}

bool strip_plural(std::string& w) {
  // Longest first.
  static constexpr std::string_view kHa[] = {"هایشان", "هایتان", "هایمان", "هایی", "هایم",
                                             "هایت",   "هایش",   "های",    "ها"};
  for (std::string_view s : kHa) {
    if (strip_suffix(w, s, 2)) return true;
  }
  // Arabic feminine plural (اطلاعات, انتخابات) and the animate plural in ان;
  // ان after ست is the place suffix (-stan), not a plural.
  if (strip_suffix(w, "ات", 3)) return true;
  // The plural of a participle in ه takes گ (نمایندگان, کشته‌شدگان,
  // زلزله‌زدگان, دانش‌آموختگان): its stem is the participle.
  constexpr std::string_view kGan = "گان";
  if (ends_with(w, kGan) && letters(w) >= 6) {
    const std::string_view rest(w.data(), w.size() - kGan.size());
    for (std::string_view letter : kParticipleLetters) {
      if (!ends_with(rest, letter)) continue;
      w.resize(rest.size());
      w += "ه";
      return true;
    }
  }
  // ان after ست is the place suffix (-stan), after ب the agent suffix -bān
  // (نگهبان, پشتیبان, میزبان, whose -ی noun keeps it): not a plural.
  if (ends_with(w, "ستان") || ends_with(w, "بان")) return false;
  if (strip_suffix(w, "یان", 3)) return true;
  if (strip_suffix(w, "ان", 3)) return true;
  return false;
}

bool strip_comparative(std::string& w) {
  return strip_suffix(w, "ترین", 2) || strip_suffix(w, "تر", 3);
}

bool strip_adjectival(std::string& w) {
  if (strip_suffix(w, "یی", 2)) return true;
  // -گی nouns come from -ه words (زنده -> زندگی): leave them whole.
  if (ends_with(w, "گی")) return false;
  return strip_suffix(w, "ی", 3);
}

}  // namespace

std::string PersianStemmer::operator()(const std::string& word) {
  if (exceptions().count(word)) return word;
  std::string w = word;
  if (strip_heh_clitic(w)) return w;
  strip_verb_prefix(w);
  if (exceptions().count(w)) return w;
  strip_plural(w);
  if (exceptions().count(w)) return w;
  strip_comparative(w);
  if (exceptions().count(w)) return w;
  // The ی of a relational adjective, also after a plural: ایرانیها -> ایرانی -> ایران.
  strip_adjectival(w);
  return w;
}

}  // namespace kavosh
