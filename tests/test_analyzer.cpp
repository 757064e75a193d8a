#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "kavosh/analysis/analyzer.h"

namespace {

std::vector<std::string> stems(const std::string& text) {
  kavosh::Analyzer analyzer;
  std::vector<std::string> out;
  for (const auto& t : analyzer.analyze(text)) out.push_back(t.stem);
  return out;
}

}  // namespace

TEST_CASE("analyzer: spellings of the same words give the same terms", "[analyzer]") {
  struct Row {
    const char* a;
    const char* b;
    const char* why;
  };
  const Row rows[] = {
      {"كتابي", "کتابی", "Arabic and Persian kaf/yeh"},
      {"می‌ورزند", "میورزند", "ZWNJ kept and stripped"},
      {"کتاب‌ها", "کتابها", "plural with and without ZWNJ"},
      {"۱۴۰۴", "1404", "Persian and ASCII digits"},
      {"١٤٠٤", "1404", "Arabic-Indic and ASCII digits"},
      {"۱۲۳٬۴۵۶", "123456", "grouping separator"},
      {"اتفاقاً", "اتفاقا", "tanwin"},
      {"ایـــران", "ایران", "tatweel"},
      {"\u200Fخبر\u200F", "خبر", "bidi marks"},
      {"NATO", "nato", "Latin case"},
      {"elections", "election", "English stemming"},
  };
  for (const Row& r : rows) {
    INFO(r.why);
    CHECK(stems(r.a) == stems(r.b));
    CHECK_FALSE(stems(r.a).empty());
  }
}

TEST_CASE("analyzer: offsets point at the words as written", "[analyzer]") {
  const std::string text =
      "«نخست‌وزیر» گفت: قیمت‌ها ۱۲٪ بالا رفت؛ NATO‌ هم…";
  kavosh::Analyzer analyzer;
  auto tokens = analyzer.analyze(text);
  std::vector<std::string> shown;
  for (const auto& t : tokens) shown.push_back(text.substr(t.start, t.end - t.start));
  CHECK(shown == std::vector<std::string>{"نخست‌وزیر", "گفت", "قیمت‌ها", "۱۲",
                                          "بالا", "رفت", "NATO\u200C", "هم"});
  CHECK(tokens[0].text == "نخستوزیر");
  CHECK(tokens[6].text == "nato");
}

TEST_CASE("analyzer: id names and versions the chain", "[analyzer]") {
  CHECK(kavosh::Analyzer::id() == "kavosh-fa " + std::to_string(kavosh::Analyzer::kVersion));
}
