#include <catch2/catch.hpp>

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

TEST_CASE("drop_long_tokens keeps positions of the others", "[filters]") {
  std::vector<Token> tokens = {tok("short", TokenKind::kWord, 0),
                               tok(std::string(50, 'x'), TokenKind::kWord, 1),
                               tok("next", TokenKind::kWord, 2)};
  kavosh::drop_long_tokens(tokens, 10);
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[1].text == "next");
  CHECK(tokens[1].position == 2);
}
