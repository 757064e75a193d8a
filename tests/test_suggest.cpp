// "Did you mean" (the spelling dictionary fed at index time) and
// autocomplete of the word being typed, over real databases.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <algorithm>
#include <sstream>
#include <utility>

#include "fixture_news.h"
#include "index_runner.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/index_writer.h"
#include "kavosh/search/ranking.h"
#include "kavosh/search/service.h"
#include "kavosh/search/suggest.h"
#include "test_util.h"

using kavosh::SearchRequest;
using kavosh::testing::NewsItem;
using kavosh::testing::TempDir;

namespace {

// Articles whose words the typos below miss: each right spelling is in
// several articles.
std::vector<NewsItem> spelling_corpus() {
  return {
      {"1", "پیک", "فرهنگ", "2026-01-01", "نمایشگاه کتاب تهران",
       "نمایشگاه کتاب امسال با حضور ناشران برپا شد. خبرنگار ما از نمایشگاه گزارش داد.", ""},
      {"2", "پیک", "فرهنگ", "2026-01-02", "پایان نمایشگاه",
       "نمایشگاه دیروز به کار خود پایان داد. "
       "هر کتابی که می‌خواهم پیدا کردم.",
       ""},
      {"3", "نگاه", "ورزش", "2026-01-03", "پیروزی پرسپولیس",
       "پرسپولیس در بازی فوتبال دیشب برنده شد. خبرنگار ورزشی از ورزشگاه گزارش داد.", ""},
      {"4", "نگاه", "ورزش", "2026-01-04", "تمرین پرسپولیس",
       "بازیکنان پرسپولیس برای بازی فوتبال بعدی تمرین کردند.", ""},
      {"5", "سپیدار", "ورزش", "2026-01-05", "فوتبال ساحلی",
       "تیم فوتبال ساحلی به پرسپولیس باخت. خبرنگار ما گفت نمایشگاه عکس هم برپا بود.", ""},
      {"6", "سپیدار", "سیاست", "2026-01-06", "سفر نخست‌وزیر",
       "نخست‌وزیر عراق وارد تهران شد. "
       "خبرنگار‌ها او را دیدند. "
       "نخست‌وزیر گفت می‌خواهم همکاری کنیم.",
       ""},
      {"7", "نگاه", "سیاست", "2026-01-07", "سفر به ژاپن",
       "نخست وزیر ژاپن به تهران آمد. وزیر خارجه هم با او بود.", ""},
      // Letters the analyzer folds: most articles write ائتلاف and آزادی so,
      // one writes إیران, the others ایران.
      {"8", "پیک", "سیاست", "2026-01-08", "ائتلاف تازه",
       "ائتلاف تازه‌ای برای آزادی مطبوعات در ایران شکل "
       "گرفت.",
       ""},
      {"9", "نگاه", "سیاست", "2026-01-09", "ائتلاف احزاب", "احزاب ایران از آزادی انتخابات گفتند.",
       ""},
      {"10", "سپیدار", "سیاست", "2026-01-10", "ایتلاف", "ایتلاف دیگری در إیران اعلام شد.", ""},
  };
}

std::string build(const TempDir& dir, const std::vector<NewsItem>& items, unsigned jobs,
                  const std::string& name) {
  kavosh::testing::write_jsonl(dir / (name + ".jsonl"), items);
  kavosh::IndexOptions options;
  options.db_path = dir / name;
  options.inputs = {dir / (name + ".jsonl")};
  options.jobs = jobs;
  std::ostringstream log;
  auto summary = kavosh::run_index(options, log);
  REQUIRE(summary.ok());
  return options.db_path;
}

kavosh::SearchResponse search(kavosh::SearchService& s, const std::string& q) {
  SearchRequest r;
  r.query = q;
  auto res = s.search(r);
  REQUIRE(res.ok());
  return std::move(res).value();
}

}  // namespace

TEST_CASE("did you mean: real Persian typos get the index's own spelling", "[suggest]") {
  TempDir dir;
  const std::string db = build(dir, spelling_corpus(), 0, "db");
  auto service = kavosh::SearchService::open(db);
  REQUIRE(service.ok());

  struct Row {
    const char* what;
    const char* query;
    const char* suggestion;  // "" for none
  };
  const Row rows[] = {
      {"a dropped letter", "نمایشگه", "نمایشگاه"},
      {"swapped letters", "فوتبلا", "فوتبال"},
      {"swapped letters at the end", "خبرنگرا", "خبرنگار"},
      {"a wrong letter", "پرسپولیص", "پرسپولیس"},
      {"two typos, each word corrected", "نمایشگه فوتبلا", "نمایشگاه فوتبال"},
      {"operators and phrases stay as typed", "\"نمایشگه\" OR پرسپولیص",
       "\"نمایشگاه\" OR پرسپولیس"},
      {"a compound shown with its ZWNJ", "نخستوزیز", "نخست‌وزیر"},
  };
  for (const Row& r : rows) {
    INFO(r.what << ": " << r.query);
    const auto res = search(*service.value(), r.query);
    CHECK(res.suggestion == r.suggestion);
    // The suggestion finds what the typo missed.
    CHECK(search(*service.value(), res.suggestion).total >= 2);
  }

  // Spellings the analyzer already folds are not typos: they find the
  // articles, and no bogus suggestion is made.
  const char* folded[] = {
      "كتابي",     // Arabic kaf and yeh
      "ميخواهم",   // Arabic yeh, no ZWNJ
      "میخواهم",   // a missing ZWNJ
      "می خواهم",  // a space for the ZWNJ
      "نخستوزیر",  // a compound written joined
      "خبرنگارها",
  };
  for (const char* q : folded) {
    INFO(q);
    const auto res = search(*service.value(), q);
    CHECK(res.total >= 1);
    CHECK(res.suggestion.empty());
  }

  // A typo among words that find articles is corrected all the same.
  const auto found = search(*service.value(), "فوتبال نمایشگه");
  CHECK(found.total >= 3);
  CHECK(found.suggestion == "فوتبال نمایشگاه");
  // Words run together, and a space typed inside a word.
  CHECK(search(*service.value(), "فوتبالساحلی").suggestion == "فوتبال ساحلی");
  CHECK(search(*service.value(), "پرسپو لیس").suggestion == "پرسپولیس");
  // A compound written apart is a spelling, not a split word.
  CHECK(search(*service.value(), "نخست وزیر").suggestion.empty());
  // Nothing in the dictionary is close: no suggestion.
  const auto nonsense = search(*service.value(), "قلنبه‌سلنبه");
  CHECK(nonsense.total == 0);
  CHECK(nonsense.suggestion.empty());
  // A prefix search is not corrected.
  CHECK(search(*service.value(), "نمایشگه*").suggestion.empty());
}

TEST_CASE("the spelling dictionary survives the merge of parallel shards", "[suggest]") {
  TempDir dir;
  const std::string one = build(dir, spelling_corpus(), 1, "one");
  const std::string three = build(dir, spelling_corpus(), 3, "three");
  Xapian::Database a(one), b(three);
  for (const char* word : {"نمایشگاه", "پرسپولیس", "فوتبال", "خبرنگار", "کتابی", "میخواهم"}) {
    INFO(word);
    // Counted once per article, in both builds.
    CHECK(a.get_spelling_suggestion(std::string(word) + "ک", 1) == word);
    CHECK(b.get_spelling_suggestion(std::string(word) + "ک", 1) == word);
  }
  // The same words with the same counts (the merge sums the shards' counts).
  auto dictionary = [](const Xapian::Database& db) {
    std::vector<std::pair<std::string, Xapian::doccount>> words;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
      words.emplace_back(*it, it.get_termfreq());
    }
    return words;
  };
  const auto words = dictionary(a);
  CHECK(words.size() > 40);
  CHECK(words == dictionary(b));
  // Counts are articles: نمایشگاه is in three of them, however often.
  CHECK(std::find(words.begin(), words.end(), std::make_pair(std::string("نمایشگاه"), 3u)) !=
        words.end());
  // Numbers and one-letter words stay out.
  for (const auto& [word, count] : words) {
    INFO(word);
    CHECK(word.find_first_of("0123456789") == std::string::npos);
    CHECK(word.size() > 2);
  }
  // Re-indexing the same articles replaces them: the counts stay per article.
  build(dir, spelling_corpus(), 1, "one");
  CHECK(dictionary(Xapian::Database(one)) == words);
}

TEST_CASE("a new build's writer: repeats found without look-ups, the dictionary written once",
          "[suggest]") {
  using kavosh::AddOutcome;
  using kavosh::IndexWriter;
  TempDir dir;
  const std::string path = dir / "fresh";
  auto opened = IndexWriter::open(path, kavosh::AnalyzerOptions{}, "run1",
                                  IndexWriter::kDefaultBatchBytes, IndexWriter::Mode::kFreshBuild);
  REQUIRE(opened.ok());
  IndexWriter& writer = *opened.value();
  kavosh::Article a;
  a.id = "1";
  a.source = "پیک";
  a.title = "نمایشگاه کتاب";
  a.body = "نمایشگاه کتاب امسال برپا شد.";
  kavosh::Article b = a;
  b.id = "2";
  auto first = writer.add(a, "in:1");
  REQUIRE(first.ok());
  CHECK(first.value().kind == AddOutcome::Kind::kAdded);
  REQUIRE(writer.add(b, "in:2").ok());
  // The same key again, another text: replaces the first, with its place.
  a.body = "نمایشگاه کتاب دیروز پایان یافت.";
  auto again = writer.add(a, "in:3");
  REQUIRE(again.ok());
  CHECK(again.value().kind == AddOutcome::Kind::kRepeated);
  CHECK(again.value().earlier_place == "in:1");
  CHECK(again.value().text_differs);
  REQUIRE(writer.commit().ok());
  CHECK(writer.document_count() == 2);
  auto spelling_freq = [&](const std::string& word) -> Xapian::doccount {
    Xapian::Database db(path);
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
      if (*it == word) return it.get_termfreq();
    }
    return 0;
  };
  CHECK(Xapian::Database(path).get_termfreq("نمایشگاه") == 2);
  CHECK(spelling_freq("نمایشگاه") == 2);  // articles, not versions
  CHECK(spelling_freq("دیروز") == 1);
  CHECK(spelling_freq("امسال") == 1);  // only in b now
  // After its commit the writer counts article by article.
  kavosh::Article c = b;
  c.id = "3";
  REQUIRE(writer.add(c, "in:4").ok());
  b.title = "کتاب";
  b.body = "کتاب تازه";
  auto replaced = writer.add(b, "in:5");
  REQUIRE(replaced.ok());
  CHECK(replaced.value().kind == AddOutcome::Kind::kRepeated);
  REQUIRE(writer.commit().ok());
  CHECK(writer.document_count() == 3);
  CHECK(spelling_freq("نمایشگاه") == 2);  // a and c (b no longer has it)
  CHECK(spelling_freq("امسال") == 1);     // c
  CHECK(spelling_freq("تازه") == 1);      // b
}

TEST_CASE("autocomplete: the last word completed from the index's words", "[suggest]") {
  TempDir dir;
  // One writer, and three whose shards are merged (their letter forms' counts too).
  const unsigned jobs = GENERATE(1u, 3u);
  INFO(jobs << " writers");
  const std::string db = build(dir, spelling_corpus(), jobs, "db");
  auto service = kavosh::SearchService::open(db);
  REQUIRE(service.ok());
  auto suggest = [&](const std::string& q) {
    auto res = service.value()->suggest(q);
    REQUIRE(res.ok());
    CHECK(res.value().query == q);
    return res.value().suggestions;
  };
  struct Row {
    const char* typed;
    std::vector<std::string> expected;  // a prefix of the list
  };
  const Row rows[] = {
      {"نمایش", {"نمایشگاه"}},
      {"پرسپ", {"پرسپولیس"}},
      {"فوتبال پرس", {"فوتبال پرسپولیس"}},
      // Most articles first; shown as articles wrote them, with their ZWNJ.
      {"خبرنگ", {"خبرنگار", "خبرنگار\u200cها"}},
      {"نخستو", {"نخست‌وزیر"}},
      {"كتاب", {"کتاب", "کتابی"}},     // typed with Arabic kaf
      {"می‌", {"می\u200cخواهم"}},  // a ZWNJ just typed
      {"\"نمایشگاه کت", {"\"نمایشگاه کتاب"}},
      // The index holds folded words (ایتلاف, ازادی); completions show them
      // as most articles write them, whatever the reader typed.
      {"ایتل", {"ائتلاف"}},
      {"ائتل", {"ائتلاف"}},
      {"ازاد", {"آزادی"}},
      {"ایرا", {"ایران"}},  // إیران in one article of three
  };
  for (const Row& r : rows) {
    INFO(r.typed);
    const std::vector<std::string> got = suggest(r.typed);
    REQUIRE(got.size() >= r.expected.size());
    CHECK(std::vector<std::string>(got.begin(), got.begin() + r.expected.size()) == r.expected);
    CHECK(got.size() <= kavosh::kMaxCompletions);
  }
  for (const char* nothing : {"", "ن", "نمایشگاه ", "zzzz", "۱۲", "!!"}) {
    INFO(nothing);
    CHECK(suggest(nothing).empty());
  }
  CHECK_FALSE(service.value()->suggest(std::string(3000, 'a')).ok());
  CHECK(service.value()->suggest(std::string(3000, 'a')).error().message.find("'q'") !=
        std::string::npos);
  CHECK_FALSE(service.value()->suggest("\xC3\x28").ok());
}
