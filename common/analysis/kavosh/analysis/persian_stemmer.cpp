#include "kavosh/analysis/persian_stemmer.h"

#include <iterator>
#include <string_view>
#include <unordered_set>

#include "kavosh/analysis/char_filter.h"
#include "kavosh/util/utf8.h"

namespace kavosh {

namespace {

// Letters (code points) in a UTF-8 string.
std::size_t letters(std::string_view s) { return count_code_points(s); }

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

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

// Strips `suffix` when it leaves at least `min_letters` letters.
bool strip_suffix(std::string& w, std::string_view suffix, std::size_t min_letters) {
  if (!ends_with(w, suffix)) return false;
  const std::string_view rest(w.data(), w.size() - suffix.size());
  if (letters(rest) < min_letters) return false;
  w.resize(rest.size());
  return true;
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
  if (!ends_with(w, "ستان") && strip_suffix(w, "یان", 3)) return true;
  if (!ends_with(w, "ستان") && strip_suffix(w, "ان", 3)) return true;
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
