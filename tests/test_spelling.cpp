// "Did you mean" corrections (search/suggest.h: spelling_correction and
// display_word) called directly on databases built by the real indexer.
// tests/test_suggest.cpp checks them through SearchService; this file checks
// the function's own contract: syntax kept, the common-word threshold,
// folded spellings, compounds shown with their ZWNJ, nothing when nothing
// changes.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <string>
#include <vector>

#include "fixture_news.h"
#include "index_util.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/document.h"
#include "kavosh/search/suggest.h"
#include "test_util.h"

using kavosh::testing::NewsItem;
using kavosh::testing::TempDir;

namespace {

const std::string kZwnj = "\xE2\x80\x8C";  // U+200C ZERO WIDTH NON-JOINER

// Article counts of the words below (normalized forms):
//   پرسپولیس 151 (once written پر‌سپولیس, a mistaken ZWNJ), استقلال 150,
//   پرسپولیص 100, استقلاک 99 (misspellings common enough to count),
//   پرسپولیز 1 (a rare misspelling);
//   والیبال 3, ورزشگاه 3, نخستوزیر 2 (always written with its ZWNJ),
//   نخست 2, وزیر 2 on their own; کیهان 1 and کیوان 1 (one edit apart).
std::vector<NewsItem> corpus() {
  std::vector<NewsItem> items = {
      {"s1", "پیک", "ورزش", "2026-01-01", "والیبال ساحلی",
       "تیم والیبال در ورزشگاه آزادی تمرین کرد. روزنامه کیهان نوشت بازیکنان می" + kZwnj +
           "خواهند برنده شوند.",
       ""},
      {"s2", "پیک", "ورزش", "2026-01-02", "جام والیبال",
       "مسابقه والیبال در ورزشگاه شهر برگزار شد. کیوان گزارش داد. ائتلاف تازه شکل گرفت.", ""},
      {"s3", "نگاه", "ورزش", "2026-01-03", "والیبال",
       "ورزشگاه تازه برای والیبال ساخته شد. ائتلاف ورزشی هم آمد. ساحل\u200fنشینان آمدند.", ""},
      {"s4", "نگاه", "سیاست", "2026-01-04", "سفر نخست" + kZwnj + "وزیر",
       "نخست" + kZwnj + "وزیر عراق با وزیر خارجه دیدار کرد. نخست باید گفت که وزیر راه هم بود.", ""},
      {"s5", "نگاه", "سیاست", "2026-01-05", "دیدار",
       "نخست" + kZwnj + "وزیر ژاپن و وزیر کشور به نخست جلسه رفتند.", ""},
      {"s6", "نگاه", "ورزش", "2026-01-06", "هواداران", "هوادار پر" + kZwnj + "سپولیس آمد.", ""},
  };
  for (int i = 0; i < 150; ++i) {
    std::string body = "هواداران پرسپولیس و استقلال جمع شدند.";
    if (i < 100) body += " پرسپولیص";
    if (i < 99) body += " استقلاک";
    if (i < 1) body += " پرسپولیز";
    items.push_back({"f" + std::to_string(i), "نگاه", "ورزش", "2026-02-01", "دربی", body, ""});
  }
  return items;
}

// The corpus indexed by the real indexer into `dir`/db.
std::string build(const TempDir& dir) {
  kavosh::testing::write_jsonl(dir / "in.jsonl", corpus());
  kavosh::testing::index_inputs(dir / "db", {dir / "in.jsonl"});
  return dir / "db";
}

struct Row {
  std::string typed;
  std::string corrected;  // "" for none
  const char* why;
};

void check_rows(const Xapian::Database& db, const std::vector<Row>& rows) {
  kavosh::Analyzer analyzer;
  for (const Row& r : rows) {
    INFO(r.why << ": '" << r.typed << "'");
    CHECK(kavosh::spelling_correction(db, analyzer, r.typed) == r.corrected);
  }
}

}  // namespace

TEST_CASE("spelling_correction: query syntax stays as typed", "[spelling]") {
  TempDir dir;
  Xapian::Database db(build(dir));
  check_rows(db,
             {
                 {"والیبل", "والیبال", "a dropped letter"},
                 {"ورزشگه", "ورزشگاه", "a dropped letter"},
                 {"title:والیبل", "title:والیبال", "a field name is kept"},
                 {"عنوان:والیبل", "عنوان:والیبال", "the Persian field name is kept"},
                 {"-والیبل", "-والیبال", "an exclusion"},
                 {"\"والیبل ساحلی\"", "\"والیبال ساحلی\"", "quotes"},
                 {"«والیبل» OR ورزشگه", "«والیبال» OR ورزشگاه", "guillemets and OR"},
                 {"(والیبل OR ورزشگه) -ساحلی", "(والیبال OR ورزشگاه) -ساحلی", "parentheses"},
                 {"  والیبل   ورزشگه ", "  والیبال   ورزشگاه ", "spacing"},
                 {"والیبل ۱۴۰۴", "والیبال ۱۴۰۴", "a number stays as typed"},
                 {"والیبل*", "", "a prefix is not corrected"},
                 {"ورزشگه والیبل*", "ورزشگاه والیبل*", "only the word before a prefix"},
                 {"source:والیبل", "", "a source name is not a word to correct"},
                 {"منبع:والیبل", "", "nor with the Persian field name"},
                 {"source:والیبل ورزشگه", "source:والیبل ورزشگاه", "the words after a source are"},
             });
}

TEST_CASE("spelling_correction: common words are right, rare ones yield to much more common",
          "[spelling]") {
  TempDir dir;
  Xapian::Database db(build(dir));
  REQUIRE(db.get_termfreq("پرسپولیص") == 100);
  REQUIRE(db.get_termfreq("استقلاک") == 99);
  REQUIRE(db.get_termfreq("پرسپولیز") == 1);
  check_rows(db, {
                     {"پرسپولیص", "", "in 100 articles"},
                     {"استقلاک", "", "in 99 articles, its neighbour in only 1.5 times as many"},
                     {"پرسپولیز", "پرسپولیس", "in 1 article, its neighbour in 151 times as many"},
                     {"ورزشگاه پرسپولیز", "ورزشگاه پرسپولیس", "each word on its own"},
                     // The words beside a typo choose among its neighbours:
                     // articles have پرسپولیص next to استقلاک, not پرسپولیس.
                     {"پرسپولیز استقلاک", "پرسپولیص استقلاک", "the neighbour that fits"},
                     {"پرسپولیسس", "پرسپولیس", "a word in no article"},
                 });
}

TEST_CASE("spelling_correction: spellings the analyzer folds are not misspellings", "[spelling]") {
  TempDir dir;
  Xapian::Database db(build(dir));
  check_rows(db, {
                     {"واليبال", "", "U+064A ARABIC LETTER YEH"},
                     {"بازيكنان", "", "Arabic yeh and kaf"},
                     {"میخواهند", "", "a missing ZWNJ"},
                     {"می" + kZwnj + "خواهند", "", "with its ZWNJ"},
                     {"می خواهند", "", "a space for the ZWNJ"},
                     {"ميخواهند", "", "Arabic yeh, no ZWNJ"},
                     {"نخستوزیر", "", "a compound written joined"},
                     {"نخست وزیر", "", "a compound written apart"},
                     {"۱۴۰۴", "", "Persian digits"},
                     {"١٤٠٤", "", "Arabic-Indic digits"},
                     {"1404", "", "ASCII digits"},
                     // Misspelled too: corrected, in the index's letters.
                     {"بازيكنن", "بازیکنان", "Arabic letters and a dropped letter"},
                     {"ميخواهن", "می\u200cخواهند",
                      "Arabic yeh, no ZWNJ, a dropped letter: shown as written"},
                     {"ائتلاق", "ائتلاف", "a keyboard slip: shown with its hamza, as written"},
                     {"ایتلاق", "ائتلاف", "typed without the hamza: shown as written"},
                     {"ساحلنشینام", "ساحلنشینان", "written with U+200F inside: shown without it"},
                 });
}

TEST_CASE("spelling_correction: a compound is shown with its ZWNJ", "[spelling]") {
  TempDir dir;
  Xapian::Database db(build(dir));
  REQUIRE(kavosh::lookup_compound(db, "نخستوزیر").has_value());
  REQUIRE(kavosh::lookup_compound(db, "پرسپولیس").has_value());  // the mistaken ZWNJ
  check_rows(db, {
                     {"نخستوزیز", "نخست" + kZwnj + "وزیر", "a wrong letter"},
                     {"نخست" + kZwnj + "وزیز", "نخست" + kZwnj + "وزیر", "typed with the ZWNJ"},
                     {"سفر نخستوزیز", "سفر نخست" + kZwnj + "وزیر", "after another word"},
                     {"پرسپولیسس", "پرسپولیس", "a ZWNJ typed by mistake once is not shown"},
                 });
  struct DisplayRow {
    std::string word;
    std::string shown;
  };
  const DisplayRow rows[] = {
      {"نخستوزیر", "نخست" + kZwnj + "وزیر"},  // نخست and وزیر as common on their own
      {"پرسپولیس", "پرسپولیس"},               // پر is rarer than the compound
      {"والیبال", "والیبال"},                 // not a compound
      {"ناموجود", "ناموجود"},                 // not in the index
  };
  for (const DisplayRow& r : rows) {
    INFO(r.word);
    CHECK(kavosh::display_word(db, r.word) == r.shown);
  }
}

TEST_CASE("spelling_correction: nothing when nothing is corrected", "[spelling]") {
  TempDir dir;
  Xapian::Database db(build(dir));
  check_rows(db, {
                     {"", "", "empty"},
                     {"   ", "", "spaces"},
                     {"؟! ...", "", "punctuation"},
                     {"والیبال", "", "a word of the index"},
                     {"والیبال ورزشگاه", "", "words of the index"},
                     {"ک", "", "one letter"},
                     {"قلنبه" + kZwnj + "سلنبه", "", "nothing near it"},
                     {"zzzzzz", "", "nothing near it"},
                     {"OR", "", "an operator alone"},
                 });
}

TEST_CASE("spelling_correction: at most 8 rare words of a query are looked at", "[spelling]") {
  TempDir dir;
  Xapian::Database db(build(dir));
  std::string typed, corrected;
  for (int i = 0; i < 10; ++i) {
    typed += (i ? " " : "") + std::string("پرسپولیسس");
    corrected += (i ? " " : "") + std::string(i < 8 ? "پرسپولیس" : "پرسپولیسس");
  }
  kavosh::Analyzer analyzer;
  CHECK(kavosh::spelling_correction(db, analyzer, typed) == corrected);
}

TEST_CASE("spelling_correction: a word of the index is not replaced by one as common",
          "[spelling]") {
  // کیهان and کیوان are both in one article, one edit apart: a word some
  // articles contain yields only to one much more common (suggest.h).
  TempDir dir;
  Xapian::Database db(build(dir));
  REQUIRE(db.get_termfreq("کیهان") == 1);
  REQUIRE(db.get_termfreq("کیوان") == 1);
  check_rows(db, {
                     {"کیوان", "", "a name in the index"},
                     {"کیهان", "", "the other name"},
                 });
}
