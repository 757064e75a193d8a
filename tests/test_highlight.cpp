#include <catch2/catch.hpp>

#include <string>
#include <unordered_set>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/highlight.h"

namespace {

// Highlights `text` for the words of `query`, both through the real analyzer.
std::string mark(const std::string& query, const std::string& text) {
  kavosh::Analyzer analyzer;
  std::unordered_set<std::string> stems;
  for (const auto& t : analyzer.analyze(query)) stems.insert(t.stem);
  kavosh::Highlighter h(std::move(stems));
  return h.mark_all(text, analyzer.analyze(text));
}

std::string snippet(const std::string& query, const std::string& text, std::size_t chars) {
  kavosh::Analyzer analyzer;
  std::unordered_set<std::string> stems;
  for (const auto& t : analyzer.analyze(query)) stems.insert(t.stem);
  kavosh::Highlighter h(std::move(stems));
  return h.snippet(text, analyzer.analyze(text), chars);
}

// Length in characters of the visible text (without the <mark> tags).
std::size_t chars(std::string s) {
  for (const std::string tag : {"<mark>", "</mark>"}) {
    for (auto at = s.find(tag); at != std::string::npos; at = s.find(tag)) s.erase(at, tag.size());
  }
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

TEST_CASE("highlight: marks the original spelling", "[highlight]") {
  struct Row {
    const char* query;
    const char* text;
    const char* expected;
    const char* why;
  };
  const Row rows[] = {
      {"كتابي", "این کتابی است", "این <mark>کتابی</mark> است", "Arabic letters find Persian"},
      {"کتابی", "اين كتابي است", "اين <mark>كتابي</mark> است", "Persian letters find Arabic"},
      {"میورزند", "آنها می‌ورزند.", "آنها <mark>می‌ورزند</mark>.",
       "ZWNJ kept in the original"},
      {"می‌ورزند", "آنها میورزند.", "آنها <mark>میورزند</mark>.",
       "ZWNJ stripped in the original"},
      {"1404", "سال ۱۴۰۴ آمد", "سال <mark>۱۴۰۴</mark> آمد", "Persian digits shown as written"},
      {"محمد", "مُحَمَّد آمد", "<mark>مُحَمَّد</mark> آمد", "diacritics kept in the mark"},
      {"تهران ایران", "تهران ایران و", "<mark>تهران ایران</mark> و", "adjacent words share a mark"},
      {"script", "<script>alert('x')</script> & co",
       "&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt; &amp; co",
       "HTML escaped"},
      {"خبر", "", "", "empty text"},
  };
  for (const Row& r : rows) {
    INFO(r.why);
    CHECK(mark(r.query, r.text) == r.expected);
  }
}

TEST_CASE("snippet: the passage with the query words, cut with ellipses", "[highlight]") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "جمله‌ای بی‌ربط درباره هوا است. ";
  text += "وزیر اقتصاد درباره تورم سخن گفت. ";
  for (int i = 0; i < 40; ++i) text += "جمله‌ای دیگر درباره ورزش است. ";
  const std::string s = snippet("تورم", text, 120);
  CHECK(s.find("<mark>تورم</mark>") != std::string::npos);
  CHECK(s.rfind("\xE2\x80\xA6", 0) == 0);             // starts with an ellipsis
  CHECK(s.find("وزیر اقتصاد") != std::string::npos);  // starts at the sentence start
  CHECK(chars(s) <= 120 + 4);
}

TEST_CASE("snippet: prefers the window with the most distinct words", "[highlight]") {
  std::string text = "تورم تورم تورم در ابتدا. ";
  for (int i = 0; i < 30; ++i) text += "متن پرکننده بی‌ربط. ";
  text += "نرخ تورم و بیکاری هر دو بالا رفت. ";
  for (int i = 0; i < 30; ++i) text += "متن پرکننده دیگر. ";
  const std::string s = snippet("تورم بیکاری", text, 100);
  CHECK(s.find("<mark>بیکاری</mark>") != std::string::npos);
  CHECK(s.find("<mark>تورم</mark>") != std::string::npos);
}

TEST_CASE("snippet: no match gives the lead; short text is whole", "[highlight]") {
  const std::string text = "خبر کوتاه.";
  CHECK(snippet("ناموجود", text, 200) == "خبر کوتاه.");
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "کلمه ";
  const std::string s = snippet("ناموجود", long_text, 50);
  CHECK(s.rfind("کلمه", 0) == 0);
  CHECK(s.size() >= 3);
  CHECK(s.substr(s.size() - 3) == "\xE2\x80\xA6");
  CHECK(chars(s) <= 50 + 2);
}

TEST_CASE("snippet: one very long line and empty text", "[highlight]") {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "واژه ";
  text += "هدف ";
  for (int i = 0; i < 5000; ++i) text += "واژه ";
  const std::string s = snippet("هدف", text, 200);
  CHECK(s.find("<mark>هدف</mark>") != std::string::npos);
  CHECK(chars(s) <= 200 + 4);  // two ellipses with their spaces
  CHECK(snippet("هدف", "", 200).empty());
}
