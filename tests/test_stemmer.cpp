#include <catch2/catch.hpp>

#include "kavosh/analysis/char_filter.h"
#include "kavosh/analysis/persian_stemmer.h"
#include "kavosh/analysis/stemmer.h"

namespace {

struct Row {
  const char* in;
  const char* out;
  const char* why;
};

// Stems `word` after the analyzer's folding, as the chain does.
std::string stem(const char* word) {
  kavosh::Stemmer stemmer;
  return stemmer.stem(kavosh::normalize_string(word));
}

}  // namespace

TEST_CASE("stemmer: Persian rules", "[stemmer]") {
  const Row rows[] = {
      {"کتابها", "کتاب", "plural ها"},
      {"کتابهای", "کتاب", "plural های"},
      {"کتابهایی", "کتاب", "plural هایی"},
      {"کتابهایشان", "کتاب", "plural + possessive"},
      {"اطلاعات", "اطلاع", "Arabic plural ات"},
      {"انتخابات", "انتخاب", "Arabic plural ات"},
      {"کارشناسان", "کارشناس", "animate plural ان"},
      {"دانشجویان", "دانشجو", "plural یان"},
      {"ایرانیان", "ایران", "plural یان, then an exception"},
      {"بزرگترین", "بزرگ", "superlative"},
      {"بزرگتر", "بزرگ", "comparative"},
      {"ایرانی", "ایران", "relational adjective ی"},
      {"اقتصادی", "اقتصاد", "relational adjective ی"},
      {"کتابی", "کتاب", "indefinite ی"},
      {"دانشجویی", "دانشجو", "ی after a vowel: یی"},
      {"میشود", "شود", "verb prefix می"},
      {"نمیشود", "شود", "verb prefix نمی"},
      {"میورزند", "ورزند", "verb prefix before a person ending"},
      {"هستهای", "هسته", "ای after a ه-word (هسته‌ای), not هست + های"},
      {"برنامهای", "برنامه", "ای after a ه-word"},
      {"نامهای", "نامه", "ای after a ه-word, the usual reading of نامهای"},
      {"برنامهاش", "برنامه", "possessive اش after a ه-word"},
      {"قطعنامهای", "قطعنامه", "a compound ending in a ه-word"},
      {"تعیینکنندهای", "تعیینکننده", "a compound ending in a ه-word"},
      {"نامهها", "نامه", "plural of a ه-word"},
      {"برنامههای", "برنامه", "plural های of a ه-word"},
      {"دستهای", "دست",
       "plural های: دسته is not in the ه-words (دست‌های is as common)"},
      {"زمینهای", "زمین", "plural های: زمینه is not in the ه-words"},
      {"تذکرهای", "تذکر", "plural های: a compound ends in a ه-word of four letters or more"},
      {"نمایندگان", "نماینده", "plural گان of a participle in ه"},
      {"مصرفکنندگان", "مصرفکننده", "plural گان of a compound participle"},
      {"زلزلهزدگان", "زلزلهزده", "plural گان of a past participle"},
      {"دانشآموختگان", "دانشاموخته", "plural گان after ت"},
      {"نگهبانان", "نگهبان", "plural ان of a -bān noun"},
      {"بازرگانان", "بازرگان", "plural ان, then an exception"},
      {"ارزانی", "ارزان", "adjectival ی of a word in ان"},
  };
  for (const Row& r : rows) {
    INFO(r.why << ": " << r.in);
    CHECK(stem(r.in) == r.out);
  }
}

TEST_CASE("stemmer: words that must not change", "[stemmer]") {
  const Row rows[] = {
      {"ایران", "ایران", "exception: place"},
      {"تهران", "تهران", "exception: place"},
      {"کرمان", "کرمان", "exception: place"},
      {"افغانستان", "افغانستان", "place in -stan"},
      {"بیمارستان", "بیمارستان", "-stan noun"},
      {"استان", "استان", "would become است (is)"},
      {"سازمان", "سازمان", "would become ساز"},
      {"ارزان", "ارزان", "would become ارز (currency)"},
      {"روان", "روان", "would become رو"},
      {"ناتوان", "ناتوان", "would become ناتو (NATO)"},
      {"سپاهان", "سپاهان", "a football club, would become سپاه"},
      {"جبران", "جبران", "would become جبر"},
      {"پادگان", "پادگان", "ends like a participle plural"},
      {"پشتیبان", "پشتیبان", "-bān noun, as in پشتیبانی"},
      {"طالبان", "طالبان", "-bān, not the plural of طالب"},
      {"تنها", "تنها", "ها inside the word"},
      {"بها", "بها", "too short to strip"},
      {"دختر", "دختر", "تر inside the word"},
      {"دفتر", "دفتر", "تر inside the word"},
      {"کامپیوتر", "کامپیوتر", "loanword in -ter"},
      {"بهتر", "بهتر", "too short to strip"},
      {"میلیون", "میلیون", "می that is not a prefix"},
      {"میدان", "میدان", "exception"},
      {"میز", "میز", "too short"},
      {"زندگی", "زندگی", "-گی noun"},
      {"بازی", "بازی", "exception"},
      {"ماهی", "ماهی", "exception"},
      {"آموزش", "اموزش", "ش endings are kept (only folding applies)"},
      {"زمان", "زمان", "exception"},
      {"ثبات", "ثبات", "exception"},
      {"مرد", "مرد", "no affix"},
  };
  for (const Row& r : rows) {
    INFO(r.why << ": " << r.in);
    CHECK(stem(r.in) == kavosh::normalize_string(r.out));
  }
}

TEST_CASE("stemmer: Latin words are English-stemmed, numbers kept", "[stemmer]") {
  const Row rows[] = {
      {"running", "run", "English"},
      {"elections", "elect", "English"},
      {"NATO", "nato", "lower-cased"},
      {"2025", "2025", "number"},
      {"iphone15", "iphone15", "mixed letters and digits"},
  };
  for (const Row& r : rows) {
    INFO(r.why);
    CHECK(stem(r.in) == r.out);
  }
}

TEST_CASE("stemmer: the Persian stemmer is a Xapian::StemImplementation", "[stemmer]") {
  Xapian::Stem stem(new kavosh::PersianStemmer());
  CHECK(stem("کتابها") == "کتاب");
  CHECK(stem.get_description().find("kavosh-persian") != std::string::npos);
}

TEST_CASE("script detection", "[stemmer]") {
  CHECK(kavosh::is_latin_word("nato"));
  CHECK(kavosh::is_latin_word("covid19"));
  CHECK_FALSE(kavosh::is_latin_word("1404"));
  CHECK_FALSE(kavosh::is_latin_word("کتاب"));
  CHECK_FALSE(kavosh::is_latin_word("caf\xC3\xA9"));
  CHECK(kavosh::is_arabic_script_word("کتاب"));
  CHECK_FALSE(kavosh::is_arabic_script_word("book"));
}
