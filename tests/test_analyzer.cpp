#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/analysis/compounds.h"
#include "kavosh/analysis/stop_words.h"

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
      {"می ورزند", "می‌ورزند", "prefix spaced and with ZWNJ"},
      {"میورزند", "می ورزند", "prefix stripped and spaced"},
      {"کتاب ها", "کتاب‌ها", "plural spaced and with ZWNJ"},
      {"بزرگ ترین", "بزرگ‌ترین", "superlative spaced and with ZWNJ"},
      {"بزرگترین", "بزرگ‌ترین", "superlative stripped and with ZWNJ"},
      {"مي شود", "می‌شود", "Hamshahri spelling and today's"},
      {"نهنگ ها", "نهنگ‌ها", "Hamshahri spelling and today's"},
      {"كتابهاي", "کتاب‌های", "Arabic letters, stripped ZWNJ"},
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

TEST_CASE("analyzer: a rejoined word highlights both of its parts", "[analyzer]") {
  const std::string text = "ورزشکاران می ورزند.";
  kavosh::Analyzer analyzer;
  auto tokens = analyzer.analyze(text);
  REQUIRE(tokens.size() == 2);
  CHECK(text.substr(tokens[1].start, tokens[1].end - tokens[1].start) == "می ورزند");
  CHECK(tokens[1].text == "میورزند");
  CHECK(tokens[1].position == 1);
}

TEST_CASE("analyzer: id names the version and the stages switched off", "[analyzer]") {
  const std::string base = "kavosh-fa " + std::to_string(kavosh::Analyzer::kVersion);
  CHECK(kavosh::Analyzer().id() == base);
  kavosh::AnalyzerOptions plain{false, false, false};
  CHECK(kavosh::Analyzer(plain).id() == base + " -fold -join -stem");
  kavosh::AnalyzerOptions no_stem;
  no_stem.stem = false;
  CHECK(kavosh::Analyzer::id_for(no_stem) == base + " -stem");
  for (const auto& o : {plain, no_stem, kavosh::AnalyzerOptions{}}) {
    auto back = kavosh::Analyzer::options_from_id(kavosh::Analyzer::id_for(o));
    REQUIRE(back.has_value());
    CHECK(*back == o);
  }
  CHECK_FALSE(kavosh::Analyzer::options_from_id("kavosh-fa 0").has_value());
  CHECK_FALSE(kavosh::Analyzer::options_from_id(base + " -bogus").has_value());
}

TEST_CASE("analyzer: with folding off, letters and digits stay apart", "[analyzer]") {
  kavosh::Analyzer plain(kavosh::AnalyzerOptions{false, false, false});
  auto a = plain.analyze("كتابي ۱۲");
  auto b = plain.analyze("کتابی 12");
  REQUIRE(a.size() == 2);
  REQUIRE(b.size() == 2);
  CHECK(a[0].text != b[0].text);
  CHECK(a[1].text != b[1].text);
}

TEST_CASE("stop words: normalized like the text, in any spelling", "[stop_words]") {
  kavosh::Analyzer analyzer;
  for (const char* w : {"از", "اين", "می‌شود", "مي شود", "آن‌ها", "The", "است"}) {
    INFO(w);
    auto tokens = analyzer.analyze(w);
    REQUIRE(tokens.size() == 1);
    CHECK(kavosh::is_stop_word(tokens[0].text));
  }
  for (const char* w : {"کتاب", "ایران", "تورم", "نخست‌وزیر", "وزیر", "nato"}) {
    INFO(w);
    auto tokens = analyzer.analyze(w);
    REQUIRE(tokens.size() == 1);
    CHECK_FALSE(kavosh::is_stop_word(tokens[0].text));
  }
  CHECK(kavosh::stop_word_count() >= 250);
}

TEST_CASE("letter_spelling: words written with letters the analyzer folds", "[analyzer]") {
  kavosh::Analyzer analyzer;
  struct Row {
    const char* text;
    std::vector<std::string> forms;  // per token: the letter form, or "" for none
  };
  const Row rows[] = {
      {"ائتلاف آزادی مسئله", {"ائتلاف", "آزادی", "مسئله"}},
      {"ایتلاف ازادی", {"", ""}},   // written as the index holds them
      {"كتابي كتابِ", {"", ""}},     // Arabic yeh and kaf, a kasra: no form of their own
      {"مسئله‌ها", {""}},  // a ZWNJ inside: affixed_spelling's
      {"Iran ۱۲۳", {"Iran", ""}},   // letter case kept; numbers have none
  };
  for (const Row& r : rows) {
    INFO(r.text);
    const std::vector<kavosh::Token> tokens = analyzer.analyze(r.text);
    REQUIRE(tokens.size() == r.forms.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      INFO(tokens[i].text);
      CHECK(kavosh::letter_spelling(tokens[i], r.text).value_or("") == r.forms[i]);
    }
  }
}
