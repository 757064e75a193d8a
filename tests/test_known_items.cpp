// The known-item set's reader and spellings (eval/known_items.h).
#include <catch2/catch.hpp>

#include <sstream>

#include "eval/known_items.h"

using kavosh::eval::parse_known_items;
using kavosh::eval::spelled;
using kavosh::eval::Spelling;

TEST_CASE("known items: read from TSV, bad lines named by place", "[eval]") {
  std::istringstream good(
      "# comment\n\nK1\theadline\tfars\thttps://example.org/1\tنرخ سکه\r\n"
      "K2\tdate\tvarzesh3\thttps://example.org/2\tبازی ۱۶ بهمن\n");
  auto items = parse_known_items(good, "set.tsv");
  REQUIRE(items.ok());
  REQUIRE(items.value().size() == 2);
  CHECK(items.value()[0].query == "نرخ سکه");
  CHECK(items.value()[1].url == "https://example.org/2");

  struct Row {
    const char* text;
    const char* message;
  };
  for (const Row& r : {Row{"K1\theadline\tfars\turl\n", "set.tsv:1: expected 5"},
                       Row{"\nK1\t\tfars\turl\tq\n", "set.tsv:2: empty field"},
                       Row{"K1\ta\tb\tc\td\nK1\ta\tb\tc\td\n", "set.tsv:2: repeated id K1"}}) {
    std::istringstream in(r.text);
    auto bad = parse_known_items(in, "set.tsv");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.rfind(r.message, 0) == 0);
  }
}

TEST_CASE("known items: the three spellings of a query", "[eval]") {
  const std::string q = "اصلاح\xE2\x80\x8Cطلبان و می\xE2\x80\x8Cگویند";
  CHECK(spelled(q, Spelling::kStandard) == q);
  CHECK(spelled(q, Spelling::kStripped) == "اصلاحطلبان و میگویند");
  CHECK(spelled(q, Spelling::kSpaced) == "اصلاح طلبان و می گویند");
}
