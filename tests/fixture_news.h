// Small news corpora written for the tests of filters, sorting, facets,
// near-duplicates and suggestions: every expected value can be counted by
// hand (or by brute force over the table below).
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kavosh::testing {

struct NewsItem {
  std::string id, source, category, date, title, body;
  std::string month;  // expected Solar Hijri month key of `date` (schema::kSlotMonth)
};

// Writes `items` as JSON lines (the indexer's input) to `path`.
inline void write_jsonl(const std::string& path, const std::vector<NewsItem>& items) {
  std::ofstream out(path);
  for (const NewsItem& n : items) {
    nlohmann::json j = {
        {"id", n.id},       {"source", n.source}, {"category", n.category},
        {"title", n.title}, {"body", n.body},     {"url", "https://x.example/" + n.id}};
    if (!n.date.empty()) j["date"] = n.date;
    out << j.dump() << "\n";
  }
}

// Eight articles from three sources (one written with Arabic yeh in two of
// its articles), four categories, dates around the months آذر/دی/بهمن 1404
// and اسفند 1403/فروردین 1404, one undated.
inline std::vector<NewsItem> filter_corpus() {
  return {
      {"p1", "خبرگزاری پیک", "اقتصاد", "2025-12-21T10:00:00", "بودجه سال آینده",
       "نمایندگان مجلس درباره بودجه سال آینده گفت‌وگو "
       "کردند.",
       "1404-09"},
      {"p2", "خبرگزاري پيک", "اقتصاد", "2025-12-22", "بودجه و تورم",
       "کارشناسان گفتند بودجه تازه تورم را بالا می‌برد.",
       "1404-10"},
      {"p3", "خبرگزاري پيک", "ورزش", "2026-01-06T08:00:00", "فوتبال جوانان",
       "تیم فوتبال جوانان امروز تمرین کرد.", "1404-10"},
      {"n1", "روزنامه نگاه", "اقتصاد", "2026-01-20", "بودجه عمرانی",
       "سهم طرح‌های عمرانی از بودجه کم شد.", "1404-10"},
      {"n2", "روزنامه نگاه", "سیاست", "2026-01-21T23:30:00", "انتخابات مجلس",
       "ثبت‌نام نامزدهای انتخابات مجلس آغاز شد.", "1404-11"},
      {"n3", "روزنامه نگاه", "ورزش", "", "فوتبال ساحلی", "تیم ملی فوتبال ساحلی به جام رسید.", ""},
      {"s1", "پایگاه سپیدار", "فرهنگ", "2025-03-20", "نمایشگاه کتاب",
       "نمایشگاه کتاب امسال در بهار برپا می‌شود.", "1403-12"},
      {"s2", "پایگاه سپیدار", "اقتصاد", "2025-03-21T00:00:00Z", "بودجه فرهنگی",
       "بودجه فرهنگی استان‌ها اعلام شد.", "1404-01"},
  };
}

// Deterministic Persian text of `n` words from a fixed vocabulary (without
// the words the tests search for in filter_corpus()).
inline std::string generated_text(unsigned seed, int n) {
  static const char* const kPool[] = {
      "دولت",    "سازمان", "هزینه",   "اقتصاد",    "بازار",   "قیمت",    "کالا",    "دلار",
      "سکه",     "طلا",    "نفت",     "صادرات",    "واردات",  "تولید",   "کارخانه", "کارگر",
      "دستمزد",  "بیمه",   "درمان",   "بیمارستان", "پزشک",    "دارو",    "واکسن",   "مدرسه",
      "دانشگاه", "دانشجو", "استاد",   "پژوهش",     "فناوری",  "رایانه",  "شبکه",    "اینترنت",
      "تلفن",    "خودرو",  "جاده",    "راه",       "قطار",    "فرودگاه", "هواپیما", "شهر",
      "روستا",   "استان",  "شهردار",  "شورا",      "آب",      "برق",     "گاز",     "باران",
      "برف",     "سیل",    "طوفان",   "کشاورز",    "گندم",    "برنج",    "میوه",    "باغ",
      "جنگل",    "کوه",    "دریا",    "ساحل",      "ماهی",    "ورزش",    "دوچرخه",  "والیبال",
      "کشتی",    "مربی",   "بازیکن",  "تیم",       "جام",     "مسابقه",  "هنر",     "سینما",
      "فیلم",    "دفتر",   "نویسنده", "شاعر",      "موسیقی",  "تئاتر",   "موزه",    "تاریخ",
      "فرهنگ",   "زبان",   "رسانه",   "روزنامه",   "خبرنگار", "گزارش",   "دادگاه",  "قاضی",
      "پلیس",    "امنیت",  "مرز",     "سفیر",      "وزیر",    "رئیس",    "نماینده", "نظرسنجی",
      "حزب",     "قانون",  "طرح",     "لایحه",     "کمیسیون", "جلسه",    "نشست",    "همایش",
      "بیانیه",  "مردم",   "خانواده", "کودک",      "جوان",    "زن",      "مرد",     "سالمند",
      "مسکن",    "اجاره",  "وام",     "بانک",      "سود",     "سهام",    "بورس"};
  std::string out;
  unsigned x = seed;
  for (int i = 0; i < n; ++i) {
    x = x * 1103515245u + 12345u;
    out += kPool[(x >> 8) % (sizeof kPool / sizeof *kPool)];
    out += (i % 12 == 11) ? ". " : " ";
  }
  return out;
}

// Three near-duplicates of one long story (d1; d2 with a word inserted; d3
// with another title and another word inserted), from three sources, plus
// two other stories. Every article contains the word واکسن.
inline std::vector<NewsItem> duplicate_corpus() {
  const std::string base = "واکسن " + generated_text(37, 300);
  std::string with_word = base;
  with_word.insert(with_word.find(' ', with_word.size() / 3), " افزوده");
  std::string with_other = base;
  with_other.insert(with_other.find(' ', with_other.size() * 2 / 3), " تازه");
  return {
      {"d1", "خبرگزاری پیک", "سلامت", "2026-01-05", "عنوان خبر", base, "1404-10"},
      {"d2", "روزنامه نگاه", "سلامت", "2026-01-06", "عنوان خبر", with_word, "1404-10"},
      {"d3", "پایگاه سپیدار", "سلامت", "2026-01-07", "عنوان دیگر خبر", with_other, "1404-10"},
      {"o1", "خبرگزاری پیک", "سلامت", "2026-01-04", "واکسن تازه",
       "واکسن " + generated_text(11, 300), "1404-10"},
      {"o2", "روزنامه نگاه", "سلامت", "2026-01-03", "واکسن در مدرسه",
       "واکسن " + generated_text(12, 300), "1404-10"},
  };
}

}  // namespace kavosh::testing
