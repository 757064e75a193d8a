#include <catch2/catch.hpp>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/analysis/compounds.h"
#include "kavosh/analysis/token_filters.h"

using kavosh::Token;
using kavosh::TokenKind;

namespace {

Token tok(std::string text, TokenKind kind = TokenKind::kWord, std::uint32_t pos = 0) {
  Token t;
  t.text = std::move(text);
  t.kind = kind;
  t.start = 7;
  t.end = 9;
  t.position = pos;
  return t;
}

}  // namespace

TEST_CASE("remove_zwnj joins the parts of a word and keeps offsets", "[filters]") {
  std::vector<Token> tokens = {tok("می\u200Cورزند"), tok("\u200C"), tok("کتاب\u200Cها\u200C")};
  kavosh::remove_zwnj(tokens);
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].text == "میورزند");
  CHECK(tokens[1].text == "کتابها");
  CHECK(tokens[0].start == 7);
  CHECK(tokens[0].end == 9);
}

TEST_CASE("strip_digit_grouping touches numbers only", "[filters]") {
  std::vector<Token> tokens = {tok("123,456", TokenKind::kNumber), tok("3.5", TokenKind::kNumber),
                               tok("a,b")};
  kavosh::strip_digit_grouping(tokens);
  CHECK(tokens[0].text == "123456");
  CHECK(tokens[1].text == "3.5");
  CHECK(tokens[2].text == "a,b");
}

TEST_CASE("strip_digit_grouping moves zwnj_at back with the commas it takes", "[filters]") {
  // "1,234,5\u200C6": remove_zwnj noted a ZWNJ at byte 7, after two commas.
  std::vector<Token> tokens = {tok("1,234,5\u200C6", TokenKind::kNumber)};
  kavosh::remove_zwnj(tokens);
  REQUIRE(tokens[0].zwnj_at == std::vector<std::uint32_t>{7});
  kavosh::strip_digit_grouping(tokens);
  CHECK(tokens[0].text == "123456");
  CHECK(tokens[0].zwnj_at == std::vector<std::uint32_t>{5});
  // A ZWNJ that stood only beside commas marks no place in the digits.
  tokens = {tok("1,\u200C,2", TokenKind::kNumber)};
  kavosh::remove_zwnj(tokens);
  kavosh::strip_digit_grouping(tokens);
  CHECK(tokens[0].text == "12");
  CHECK(tokens[0].zwnj_at == std::vector<std::uint32_t>{1});
}

TEST_CASE("drop_long_tokens keeps positions of the others", "[filters]") {
  std::vector<Token> tokens = {tok("short", TokenKind::kWord, 0),
                               tok(std::string(50, 'x'), TokenKind::kWord, 1),
                               tok("next", TokenKind::kWord, 2)};
  kavosh::drop_long_tokens(tokens, 10);
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[1].text == "next");
  CHECK(tokens[1].position == 2);
}

namespace {

// Tokens from (text, space_before) pairs with consecutive positions.
std::vector<Token> seq(std::initializer_list<std::pair<const char*, bool>> items) {
  std::vector<Token> out;
  std::uint32_t pos = 0;
  std::uint32_t offset = 0;
  for (const auto& [text, space] : items) {
    Token t = tok(text, TokenKind::kWord, pos++);
    t.space_before = space;
    t.start = offset;
    t.end = offset + 10;
    offset += 11;
    out.push_back(t);
  }
  return out;
}

std::vector<std::string> texts(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens) out.push_back(t.text);
  return out;
}

}  // namespace

TEST_CASE("join_detached_affixes: rows", "[filters]") {
  struct Row {
    std::vector<Token> in;
    std::vector<std::string> out;
    const char* why;
  };
  const std::vector<Row> rows = {
      {seq({{"ورزشکاران", false}, {"می", true}, {"ورزند", true}}),
       {"ورزشکاران", "میورزند"},
       "prefix می"},
      {seq({{"نمی", false}, {"شود", true}}), {"نمیشود"}, "prefix نمی"},
      {seq({{"کتاب", false}, {"ها", true}}), {"کتابها"}, "plural ها"},
      {seq({{"کتاب", false}, {"های", true}, {"نو", true}}), {"کتابهای", "نو"}, "plural های"},
      {seq({{"بزرگ", false}, {"ترین", true}}), {"بزرگترین"}, "superlative"},
      {seq({{"رفته", false}, {"اند", true}}), {"رفتهاند"}, "verbal clitic"},
      {seq({{"کتاب", false}, {"ها", false}}), {"کتاب", "ها"}, "not across punctuation"},
      {seq({{"ها", false}, {"کتاب", true}}), {"ها", "کتاب"}, "a suffix with nothing before it"},
      {seq({{"می", false}}), {"می"}, "a prefix with nothing after it"},
      {seq({{"می", false}, {"ها", true}}), {"می", "ها"}, "prefix then suffix stay apart"},
      {seq({{"شأن", false}, {"شان", true}}), {"شأن", "شان"}, "شان is a word too: not joined"},
  };
  for (const Row& r : rows) {
    INFO(r.why);
    std::vector<Token> tokens = r.in;
    kavosh::join_detached_affixes(tokens);
    CHECK(texts(tokens) == r.out);
  }
}

TEST_CASE("join_detached_affixes: spans and positions", "[filters]") {
  std::vector<Token> tokens = seq({{"کتاب", false},
                                   {"ها", true},
                                   {"را", true},
                                   {"می", true},
                                   {"خوانم", true},
                                   {"امروز", true}});
  kavosh::join_detached_affixes(tokens);
  REQUIRE(texts(tokens) == std::vector<std::string>{"کتابها", "را", "میخوانم", "امروز"});
  CHECK(tokens[0].start == 0);
  CHECK(tokens[0].end == 21);  // through the end of ها
  CHECK(tokens[2].start == 33);
  CHECK(tokens[2].end == 54);
  for (std::size_t i = 0; i < tokens.size(); ++i) CHECK(tokens[i].position == i);
}

TEST_CASE("join_detached_affixes: numbers are never joined", "[filters]") {
  std::vector<Token> tokens = seq({{"20", false}, {"ها", true}});
  tokens[0].kind = TokenKind::kNumber;
  kavosh::join_detached_affixes(tokens);
  CHECK(tokens.size() == 2);
}

TEST_CASE("compound_split: two words written with a ZWNJ", "[compounds]") {
  struct Row {
    const char* word;
    const char* head;  // nullptr: not a compound
    const char* tail;
    const char* why;
  };
  const Row rows[] = {
      {"نخست‌وزیر", "نخست", "وزیر", "compound"},
      {"نخست‌وزیران", "نخست", "وزیران", "compound with a plural"},
      {"بین‌المللی", "بین", "المللی", "Arabic-style compound"},
      {"سه‌شنبه", "سه", "شنبه", "weekday"},
      {"نخست‌وزیر‌ها", "نخست", "وزیرها", "a ZWNJ suffix stays on its word"},
      {"پیش‌بینی‌های", "پیش", "بینیهای", "a ZWNJ plural stays on its word"},
      {"می‌ورزند", nullptr, nullptr, "verb prefix, not a compound"},
      {"کتاب‌ها", nullptr, nullptr, "plural, not a compound"},
      {"بزرگ‌ترین", nullptr, nullptr, "superlative, not a compound"},
      {"خانه‌ی", nullptr, nullptr, "ezafe"},
      {"نخستوزیر", nullptr, nullptr, "no ZWNJ: nothing to go on"},
      {"و‌زیر", nullptr, nullptr, "a one-letter word"},
  };
  kavosh::Analyzer analyzer;
  for (const Row& r : rows) {
    INFO(r.why << ": " << r.word);
    auto tokens = analyzer.analyze(r.word);
    REQUIRE(tokens.size() == 1);
    auto split = kavosh::compound_split(tokens[0]);
    if (r.head == nullptr) {
      CHECK_FALSE(split.has_value());
    } else {
      REQUIRE(split.has_value());
      CHECK(split->head == r.head);
      CHECK(split->tail == r.tail);
    }
  }
}
