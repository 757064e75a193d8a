// The "did you mean" set's reader and scoring (eval/typos.h) on a small
// database of our own.
#include <catch2/catch.hpp>

#include <sstream>

#include "eval/typos.h"
#include "index_util.h"
#include "test_util.h"

using kavosh::eval::parse_typos;

TEST_CASE("typos: read from TSV, bad lines named by place", "[eval]") {
  std::istringstream good(
      "# comment\n\nsound-alike\tزعیف\tضعیف\r\nvariant\tمیشود\t\njoined\tلیگقهرمانان\tلیگ "
      "قهرمانان\n");
  auto typos = parse_typos(good, "typos.tsv");
  REQUIRE(typos.ok());
  REQUIRE(typos.value().size() == 3);
  CHECK(typos.value()[0].expected == "ضعیف");
  CHECK(typos.value()[1].expected.empty());
  CHECK(typos.value()[2].kind == "joined");

  struct Row {
    const char* text;
    const char* message;
  };
  for (const Row& r :
       {Row{"dots\tبیروزی\n", "typos.tsv:1: expected 3"},
        Row{"\n\tبیروزی\tپیروزی\n", "typos.tsv:2: empty kind"},
        Row{"variant\tمیشود\tمی‌شود\n", "typos.tsv:1: a variant expects no"},
        Row{"dots\tبیروزی\t\n", "typos.tsv:1: a typo needs"},
        Row{"dots\tبیروزی\tپیروزی\nkeyboard\tبیروزی\tپیروزی\n", "typos.tsv:2: repeated query"}}) {
    std::istringstream in(r.text);
    auto bad = parse_typos(in, "typos.tsv");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.rfind(r.message, 0) == 0);
  }
}

TEST_CASE("typos: a suggestion is right when it reads as the query meant", "[eval]") {
  kavosh::testing::TempDir dir;
  kavosh::testing::index_lines(
      dir, {R"({"id":"1","title":"پیروزی تیم","body":"پیروزی بزرگ تیم ملی در بازی دیشب."})",
            R"({"id":"2","title":"پیروزی","body":"پیروزی دوباره تیم ملی."})"});
  const Xapian::Database db(dir / "db");
  kavosh::Analyzer analyzer;
  const std::vector<kavosh::eval::Typo> typos = {
      {"dots", "بیروزی", "پیروزی"},        // corrected: right and written
      {"dots", "بیروزي", "پيروزی"},        // right (read alike), not written as expected
      {"keyboard", "ملب", "ملی"},          // a word of 3 letters: corrected
      {"variant", "پيروزي", ""},           // Arabic yeh: no suggestion
      {"dropped", "قلنبهسلنبه", "قلنبه"},  // nothing near: missed
  };
  const kavosh::eval::TypoScores s = kavosh::eval::score_corrector(db, analyzer, typos);
  CHECK(s.typos.queries == 4);
  CHECK(s.by_kind.at("dots").right == 2);
  CHECK(s.by_kind.at("dots").written == 1);
  CHECK(s.by_kind.at("keyboard").right == 1);
  CHECK(s.by_kind.at("variant").suggested == 0);
  CHECK(s.by_kind.at("dropped").right == 0);
  CHECK(s.typos.right == 3);
  CHECK(s.latency_ms.size() == typos.size());
  REQUIRE(s.misses.size() == 1);
  CHECK(s.misses[0].rfind("dropped: قلنبهسلنبه -> (none)", 0) == 0);
}
