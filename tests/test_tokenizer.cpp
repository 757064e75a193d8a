#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "kavosh/analysis/char_filter.h"
#include "kavosh/analysis/tokenizer.h"

using kavosh::Token;
using kavosh::TokenKind;

namespace {

std::vector<std::string> words(const std::string& text) {
  kavosh::Tokenizer tokenizer;
  std::vector<std::string> out;
  for (const Token& t : tokenizer.tokenize(kavosh::normalize_text(text))) out.push_back(t.text);
  return out;
}

}  // namespace

TEST_CASE("tokenizer: word limits", "[tokenizer]") {
  struct Row {
    const char* in;
    std::vector<std::string> out;
    const char* why;
  };
  const Row rows[] = {
      {"ورزشکاران می\u200Cورزند.", {"ورزشکاران", "می\u200Cورزند"}, "ZWNJ stays inside a word"},
      {"کتاب‌ها را خواندم", {"کتاب\u200Cها", "را", "خواندم"}, "plural with ZWNJ"},
      {"«خبر» ؟ ؛", {"خبر"}, "guillemets and Persian punctuation are not words"},
      {"قیمت ۳٫۵ درصد", {"قیمت", "3.5", "درصد"}, "decimal number stays whole"},
      {"۱۲۳٬۴۵۶ ریال", {"123,456", "ریال"}, "grouped number stays whole"},
      {"NATO و iPhone", {"nato", "و", "iphone"}, "Latin words"},
      {"", {}, "empty"},
      {" \n\t ", {}, "only spaces"},
  };
  for (const Row& r : rows) {
    INFO(r.why);
    CHECK(words(r.in) == r.out);
  }
}

TEST_CASE("tokenizer: offsets are in the original text, positions consecutive", "[tokenizer]") {
  const std::string original = "\u200Fكِتاب ۱۲ ها";
  kavosh::Tokenizer tokenizer;
  auto tokens = tokenizer.tokenize(kavosh::normalize_text(original));
  REQUIRE(tokens.size() == 3);
  CHECK(original.substr(tokens[0].start, tokens[0].end - tokens[0].start) == "كِتاب");
  CHECK(original.substr(tokens[1].start, tokens[1].end - tokens[1].start) == "۱۲");
  CHECK(original.substr(tokens[2].start, tokens[2].end - tokens[2].start) == "ها");
  CHECK(tokens[0].kind == TokenKind::kWord);
  CHECK(tokens[1].kind == TokenKind::kNumber);
  for (std::size_t i = 0; i < tokens.size(); ++i) CHECK(tokens[i].position == i);
}
