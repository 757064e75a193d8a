#include <catch2/catch.hpp>

#include <cctype>
#include <string>
#include <unordered_set>
#include <vector>

#include "html.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/search/highlight.h"
#include "kavosh/search/passages.h"

namespace {

// The HTML the API sends for a marked text (server/html.h).
std::string html(const kavosh::Highlighted& h) { return kavosh::marked_html(h); }

using kavosh::Highlighted;
using kavosh::Span;

const std::string kEllipsis = "\xE2\x80\xA6";  // U+2026
const std::string kZwnj = "\xE2\x80\x8C";      // U+200C

// The terms of `query` as the search service builds them for simple words.
kavosh::HighlightTerms terms_of(const std::string& query) {
  kavosh::Analyzer analyzer;
  kavosh::HighlightTerms terms;
  for (const auto& t : analyzer.analyze(query)) {
    terms.stems.insert(t.stem);
    terms.exact.insert(t.text);
  }
  return terms;
}

// Byte offset in `s` (UTF-8) of UTF-16 unit `unit`.
std::size_t byte_of_unit(const std::string& s, std::uint32_t unit) {
  std::uint32_t u = 0;
  std::size_t i = 0;
  while (i < s.size() && u < unit) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    u += len == 4 ? 2 : 1;
    i += len;
  }
  REQUIRE(u == unit);  // never inside a character
  return i;
}

// The html a client rebuilds from the plain text and the spans.
std::string rebuild_html(const Highlighted& h) {
  std::string out;
  std::size_t at = 0;
  for (const Span& s : h.spans) {
    const std::size_t from = byte_of_unit(h.text, s.start), to = byte_of_unit(h.text, s.end);
    REQUIRE(from >= at);
    REQUIRE(to > from);
    out += kavosh::html_escape(h.text.substr(at, from - at));
    out += "<mark>" + kavosh::html_escape(h.text.substr(from, to - from)) + "</mark>";
    at = to;
  }
  return out + kavosh::html_escape(h.text.substr(at));
}

// The marked substrings of the plain text, by the spans.
std::vector<std::string> marked(const Highlighted& h) {
  std::vector<std::string> out;
  for (const Span& s : h.spans) {
    const std::size_t from = byte_of_unit(h.text, s.start), to = byte_of_unit(h.text, s.end);
    out.push_back(h.text.substr(from, to - from));
  }
  return out;
}

Highlighted mark_with(const kavosh::HighlightTerms& terms, const std::string& text) {
  kavosh::Analyzer analyzer;
  Highlighted h = kavosh::Highlighter(terms).mark_all(text, analyzer.analyze(text));
  CHECK(h.text == text);  // a title is shown exactly as written
  CHECK(rebuild_html(h) == html(h));
  return h;
}

Highlighted mark(const std::string& query, const std::string& text) {
  return mark_with(terms_of(query), text);
}

Highlighted snippet(const std::string& query, const std::string& text, std::size_t chars,
                    std::size_t passages = 1) {
  kavosh::Analyzer analyzer;
  kavosh::SnippetOptions options;
  options.max_chars = chars;
  options.passages = passages;
  Highlighted h = kavosh::make_snippet(kavosh::Highlighter(terms_of(query)), text,
                                       analyzer.analyze(text), options);
  CHECK(rebuild_html(h) == html(h));
  return h;
}

std::size_t chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The passages of a plain snippet: the text between the "…" marks.
std::vector<std::string> passages_of(std::string s) {
  if (s.rfind(kEllipsis + " ", 0) == 0) s.erase(0, kEllipsis.size() + 1);
  const std::string tail = " " + kEllipsis;
  if (s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0) {
    s.erase(s.size() - tail.size());
  }
  std::vector<std::string> out;
  const std::string sep = " " + kEllipsis + " ";
  std::size_t from = 0;
  for (std::size_t at = s.find(sep); at != std::string::npos; at = s.find(sep, from)) {
    out.push_back(s.substr(from, at - from));
    from = at + sep.size();
  }
  out.push_back(s.substr(from));
  return out;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("highlight: marks the original spelling", "[highlight]") {
  struct Row {
    std::string query;
    std::string text;
    std::string expected;
    const char* why;
  };
  const Row rows[] = {
      // U+064A ARABIC LETTER YEH, U+0643 ARABIC LETTER KAF against U+06CC, U+06A9
      {"كتابي", "این کتابی است", "این <mark>کتابی</mark> است", "Arabic letters find Persian"},
      {"کتابی", "اين كتابي است", "اين <mark>كتابي</mark> است", "Persian letters find Arabic"},
      {"ايران", "سفر به ایران", "سفر به <mark>ایران</mark>", "Arabic yeh in the query"},
      // The three ZWNJ spellings, each way.
      {"میورزند", "آنها می" + kZwnj + "ورزند.", "آنها <mark>می" + kZwnj + "ورزند</mark>.",
       "ZWNJ kept in the original"},
      {"می" + kZwnj + "ورزند", "آنها میورزند.", "آنها <mark>میورزند</mark>.",
       "ZWNJ stripped in the original"},
      {"میورزند", "آنها می ورزند.", "آنها <mark>می ورزند</mark>.", "affix spaced in the original"},
      {"می ورزند", "آنها می" + kZwnj + "ورزند.", "آنها <mark>می" + kZwnj + "ورزند</mark>.",
       "spaced query, ZWNJ in the original"},
      {"می ورزند", "آنها میورزند.", "آنها <mark>میورزند</mark>.",
       "spaced query, stripped original"},
      // A stemmed form: the plural query marks every spelling of the plural and the singular.
      {"کتابها", "کتاب" + kZwnj + "ها و کتاب ها و کتابها و کتاب",
       "<mark>کتاب" + kZwnj +
           "ها</mark> و <mark>کتاب ها</mark> و <mark>کتابها</mark> و "
           "<mark>کتاب</mark>",
       "plural query, three spellings and the singular"},
      {"كتاب", "كتابها را خواند", "<mark>كتابها</mark> را خواند", "singular query, plural text"},
      // Digits: Persian U+06F0.., Arabic-Indic U+0660.., ASCII all meet; shown as written.
      {"1404", "سال ۱۴۰۴ آمد", "سال <mark>۱۴۰۴</mark> آمد", "Persian digits shown as written"},
      {"۱۴۰۴", "سال 1404 و ١٤٠٤", "سال <mark>1404</mark> و <mark>١٤٠٤</mark>",
       "Persian digits find ASCII and Arabic-Indic"},
      // Marks (harakat), tatweel U+0640, heh with yeh above U+06C0, alef with madda U+0622.
      {"محمد", "مُحَمَّد آمد", "<mark>مُحَمَّد</mark> آمد", "diacritics kept in the mark"},
      {"کتاب", "این کتـــاب", "این <mark>کتـــاب</mark>", "tatweel kept in the mark"},
      {"خانه", "در خانۀ ما", "در <mark>خانۀ</mark> ما", "heh with yeh above"},
      // A phrase: adjacent matching words share one mark, also across ZWNJ or double spaces.
      {"تهران ایران", "تهران ایران و", "<mark>تهران ایران</mark> و", "adjacent words share a mark"},
      {"تهران ایران", "تهران  ایران", "<mark>تهران  ایران</mark>", "two spaces: one mark"},
      {"تهران ایران", "تهران، ایران", "<mark>تهران</mark>، <mark>ایران</mark>",
       "punctuation splits the phrase"},
      {"تهران ایران", "تهران و ایران", "<mark>تهران</mark> و <mark>ایران</mark>",
       "an unmatched word splits the phrase"},
      // HTML special characters in the article.
      {"script", "<script>alert('x')</script> & co",
       "&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt; &amp; co",
       "HTML escaped"},
      {"خبر", "<b>خبر</b> & \"خبر\"",
       "&lt;b&gt;<mark>خبر</mark>&lt;/b&gt; &amp; &quot;<mark>خبر</mark>&quot;",
       "Persian word inside tags"},
      {"خبر", "", "", "empty text"},
      {"خبر", "متن بی‌ربط", "متن بی‌ربط", "no match"},
  };
  for (const Row& r : rows) {
    INFO(r.why << ": " << r.query << " | " << r.text);
    CHECK(html(mark(r.query, r.text)) == r.expected);
  }
}

TEST_CASE("highlight: spans are UTF-16 code units of the plain text", "[highlight]") {
  struct Row {
    std::string query;
    std::string text;
    std::vector<Span> spans;
    const char* why;
  };
  const Row rows[] = {
      {"کتاب", "این کتاب", {{4, 8}}, "one unit per Persian letter"},
      // U+1F4DA BOOKS is outside the BMP: a surrogate pair, two units.
      {"کتاب", "\xF0\x9F\x93\x9A کتاب", {{3, 7}}, "an emoji counts two"},
      {"کتاب",
       "\xF0\x9F\x93\x9A\xF0\x9F\x93\x9A کتاب \xF0\x9F\x93\x9A کتاب",
       {{5, 9}, {13, 17}},
       "emoji between marks"},
      {"کتاب", "کتاب" + kZwnj + "ها و کتاب", {{0, 7}, {10, 14}}, "ZWNJ counts one"},
      {"1404", "سال ۱۴۰۴", {{4, 8}}, "Persian digits count one each"},
      {"خبر", "a < b & خبر", {{8, 11}}, "offsets into the unescaped text"},
      {"تهران ایران", "تهران ایران", {{0, 11}}, "a phrase is one span"},
  };
  for (const Row& r : rows) {
    INFO(r.why);
    const Highlighted h = mark(r.query, r.text);
    CHECK(h.spans == r.spans);
  }
  // Each span of a Persian title with emoji slices back to the marked word.
  const Highlighted h =
      mark("كتاب", "\xF0\x9F\x93\x96 کتاب‌ها و كتاب \xF0\x9F\x8E\x89");
  CHECK(marked(h) == std::vector<std::string>{"کتاب‌ها", "كتاب"});
}

TEST_CASE("highlight: a compound's parts are one mark, and only side by side", "[highlight]") {
  kavosh::Analyzer analyzer;
  kavosh::HighlightTerms terms;
  terms.stems.insert(analyzer.stem("نخستوزیر"));
  terms.phrases.push_back({analyzer.stem("نخست"), analyzer.stem("وزیر")});
  const std::string text =
      "نخست‌وزیر آمد. نخستوزیر رفت. نخست وزیر ماند. وزیر "
      "کار "
      "آمد. "
      "نخست "
      "آنکه";
  const Highlighted h = mark_with(terms, text);
  CHECK(marked(h) == std::vector<std::string>{"نخست‌وزیر", "نخستوزیر", "نخست وزیر"});
  // Punctuation between the parts: still the phrase Xapian matches, a mark per word.
  CHECK(html(mark_with(terms, "نخست، وزیر")) == "<mark>نخست</mark>، <mark>وزیر</mark>");
}

TEST_CASE("highlight: a phrase is marked only where all its words stand in order", "[highlight]") {
  kavosh::Analyzer analyzer;
  kavosh::HighlightTerms terms;
  std::vector<std::string> phrase;
  for (const auto& t : analyzer.analyze("بانک مرکزی ایران")) phrase.push_back(t.stem);
  terms.phrases.push_back(phrase);
  const Highlighted h = mark_with(terms,
                                  "بانک مرکزی ایران گفت. بانک ملی و بانک مرکزی اروپا. "
                                  "بانک‌های "
                                  "مرکزی ایران");
  CHECK(marked(h) ==
        std::vector<std::string>{"بانک مرکزی ایران", "بانک‌های مرکزی ایران"});
  // A phrase and a word together: the word anywhere, the phrase only whole.
  terms.stems.insert(analyzer.stem("اروپا"));
  CHECK(marked(mark_with(terms, "بانک مرکزی اروپا و بانک مرکزی ایران")) ==
        std::vector<std::string>{"اروپا", "بانک مرکزی ایران"});
}

TEST_CASE("highlight: words that share one character write it once", "[highlight]") {
  // NFKC makes four words of U+FDFA; they all carry its range in the text.
  const std::string text = "سلام \uFDFA سلام";
  kavosh::Analyzer analyzer;
  const auto tokens = analyzer.analyze(text);
  kavosh::HighlightTerms terms;
  std::vector<std::string> phrase;
  for (const auto& t : analyzer.analyze("الله علیه")) phrase.push_back(t.stem);
  terms.phrases.push_back(phrase);
  terms.stems.insert(analyzer.stem("سلام"));
  const Highlighted h = kavosh::Highlighter(terms).mark_all(text, tokens);
  CHECK(h.text == text);
  CHECK(marked(h) == std::vector<std::string>{"سلام", "\uFDFA", "سلام"});
  // Matches on the ligature's first and third words apart: the third's
  // character is already written, and no empty mark is left.
  kavosh::HighlightTerms later;
  later.stems.insert(tokens[1].stem);
  later.stems.insert(tokens[3].stem);
  const Highlighted h2 = kavosh::Highlighter(later).mark_all(text, tokens);
  CHECK(h2.text == text);
  CHECK(marked(h2) == std::vector<std::string>{"\uFDFA"});
  for (const Span& s : h2.spans) CHECK(s.start < s.end);
}

TEST_CASE("snippet: the passage with the query words, cut with ellipses", "[highlight]") {
  std::string text = repeat("جمله‌ای بی‌ربط درباره هوا است. ", 40);
  text += "وزیر اقتصاد درباره تورم سخن گفت. ";
  text += repeat("جمله‌ای دیگر درباره ورزش است. ", 40);
  const Highlighted s = snippet("تورم", text, 120);
  CHECK(html(s).find("<mark>تورم</mark>") != std::string::npos);
  CHECK(s.text.rfind(kEllipsis + " وزیر اقتصاد", 0) == 0);      // starts at the sentence start
  CHECK(s.text.substr(s.text.size() - 5) == ". " + kEllipsis);  // ends at a sentence end
  for (const std::string& p : passages_of(s.text)) CHECK(chars(p) <= 120);
}

TEST_CASE("snippet: Persian sentence ends and line breaks", "[highlight]") {
  struct Row {
    std::string ender;
    const char* name;
  };
  const Row rows[] = {
      {".", "full stop"},
      {"؟", "U+061F ARABIC QUESTION MARK"},
      {"!", "exclamation mark"},
      {"؛", "U+061B ARABIC SEMICOLON"},
      {"۔", "U+06D4 ARABIC FULL STOP"},
      {"…", "U+2026 HORIZONTAL ELLIPSIS"},
      {"\n", "line break"},
  };
  for (const Row& r : rows) {
    INFO(r.name);
    std::string text;
    for (int i = 0; i < 30; ++i) text += "جمله پرکننده شماره " + std::to_string(i) + r.ender + " ";
    text += "وزیر اقتصاد درباره تورم سخن گفت" + r.ender + " ";
    for (int i = 30; i < 60; ++i) text += "جمله پرکننده شماره " + std::to_string(i) + r.ender + " ";
    const Highlighted s = snippet("تورم", text, 120);
    CHECK(s.text.rfind(kEllipsis + " وزیر اقتصاد درباره", 0) == 0);
    // Ends just after a whole sentence (its number), not inside one.
    const std::string end = (r.ender == "\n" ? "" : r.ender) + " " + kEllipsis;
    REQUIRE(s.text.size() > end.size());
    CHECK(s.text.substr(s.text.size() - end.size()) == end);
    const std::string before = s.text.substr(0, s.text.size() - end.size());
    CHECK(std::isdigit(static_cast<unsigned char>(before.back())));
    if (r.ender == "\n") CHECK(s.text.find('\n') == std::string::npos);  // shown as a space
    CHECK(chars(passages_of(s.text)[0]) <= 120);
  }
}

TEST_CASE("snippet: prefers the window with the most distinct words", "[highlight]") {
  std::string text = "تورم تورم تورم در ابتدا. ";
  text += repeat("متن پرکننده بی‌ربط. ", 30);
  text += "نرخ تورم و بیکاری هر دو بالا رفت. ";
  text += repeat("متن پرکننده دیگر. ", 30);
  const Highlighted s = snippet("تورم بیکاری", text, 100);
  CHECK(marked(s) == std::vector<std::string>{"تورم", "بیکاری"});
}

TEST_CASE("snippet: then the window with the most matches", "[highlight]") {
  std::string text = "یک بار تورم. ";
  text += repeat("متن پرکننده بی‌ربط. ", 30);
  text += "تورم و باز تورم و باز هم تورم. ";
  text += repeat("متن پرکننده دیگر. ", 30);
  const Highlighted s = snippet("تورم", text, 100);
  CHECK(marked(s).size() == 3);
}

TEST_CASE("snippet: snippets=N gives N passages in text order", "[highlight]") {
  const std::string filler =
      repeat("متن پرکننده بی‌ربط درباره هیچ چیز. ", 20);
  const std::string text = filler + "خبر اول درباره تورم است. " + filler +
                           "خبر دوم درباره بیکاری است. " + filler + "خبر سوم درباره مسکن است. " +
                           filler;
  const std::string query = "تورم بیکاری مسکن";
  struct Row {
    std::size_t passages;
    std::vector<std::string> marks;
  };
  const Row rows[] = {
      {1, {"تورم"}},  // one word each: the earliest wins the tie
      {2, {"تورم", "بیکاری"}},
      {3, {"تورم", "بیکاری", "مسکن"}},
      {5, {"تورم", "بیکاری", "مسکن"}},  // no passage without a match
  };
  for (const Row& r : rows) {
    INFO(r.passages << " passages");
    const Highlighted s = snippet(query, text, 80, r.passages);
    CHECK(marked(s) == r.marks);
    const std::vector<std::string> parts = passages_of(s.text);
    CHECK(parts.size() == r.marks.size());
    // In text order, not overlapping, each a piece of the article, each within the length.
    std::size_t at = 0;
    for (const std::string& p : parts) {
      CHECK(chars(p) <= 80);
      const std::size_t found = text.find(p, at);
      CHECK(found != std::string::npos);
      if (found != std::string::npos) at = found + p.size();
    }
  }
}

TEST_CASE("snippet: snippet_len bounds every passage, in characters", "[highlight]") {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += "جمله‌ی شماره " + std::to_string(i) + (i % 17 == 0 ? " درباره تورم" : "") +
            (i % 23 == 0 ? " و بیکاری" : "") + (i % 3 == 0 ? ". " : "، ");
  }
  for (std::size_t len : {50, 73, 120, 200, 400, 1000}) {
    for (std::size_t n = 1; n <= 5; ++n) {
      INFO(len << " characters, " << n << " passages");
      const Highlighted s = snippet("تورم بیکاری", text, len, n);
      const std::vector<std::string> parts = passages_of(s.text);
      CHECK(parts.size() <= n);
      CHECK(!s.spans.empty());
      for (const std::string& p : parts) CHECK(chars(p) <= len);
    }
  }
}

TEST_CASE("snippet: no match gives the lead; short text is whole", "[highlight]") {
  const std::string text = "خبر کوتاه.";
  CHECK(snippet("ناموجود", text, 200).text == "خبر کوتاه.");
  CHECK(html(snippet("خبر", text, 200)) == "<mark>خبر</mark> کوتاه.");
  CHECK(snippet("ناموجود", "«خبر» کوتاه", 200).text == "«خبر» کوتاه");
  const std::string long_text = "آغاز خبر. " + repeat("کلمه ", 100);
  const Highlighted s = snippet("ناموجود", long_text, 50);
  CHECK(s.text.rfind("آغاز خبر.", 0) == 0);
  CHECK(s.spans.empty());
  CHECK(s.text.substr(s.text.size() - 4) == " " + kEllipsis);
  CHECK(chars(passages_of(s.text)[0]) <= 50);
  // Several passages asked for, none matching: still the lead only.
  CHECK(passages_of(snippet("ناموجود", long_text, 50, 3).text).size() == 1);
}

TEST_CASE("snippet: a short text with its match is shown whole", "[highlight]") {
  const Highlighted s = snippet("تورم", "جمله اول. جمله دوم درباره تورم.", 200);
  CHECK(s.text == "جمله اول. جمله دوم درباره تورم.");
  CHECK(html(s) == "جمله اول. جمله دوم درباره <mark>تورم</mark>.");
}

TEST_CASE("snippet: one very long line, empty and wordless text", "[highlight]") {
  const std::string text = repeat("واژه ", 5000) + "هدف " + repeat("واژه ", 5000);
  const Highlighted s = snippet("هدف", text, 200);
  CHECK(html(s).find("<mark>هدف</mark>") != std::string::npos);
  CHECK(chars(passages_of(s.text)[0]) <= 200);
  CHECK(s.text.rfind(kEllipsis + " ", 0) == 0);
  CHECK(snippet("هدف", "", 200).text.empty());
  CHECK(snippet("هدف", " \n\t ", 200).text.empty());
  // Before the first word and after the last: symbols come along, a word too
  // long to be a token does not.
  CHECK(snippet("هدف", "\xF0\x9F\x98\x80 — هدف —", 200).text == "\xF0\x9F\x98\x80 — هدف —");
  CHECK(snippet("هدف", std::string(130, 'x') + " هدف", 200).text == kEllipsis + " هدف");
  // No word at all: the first characters as written.
  CHECK(snippet("هدف", "\xF0\x9F\x98\x80 !!", 200).text == "\xF0\x9F\x98\x80 !!");
}

TEST_CASE("snippet: whitespace runs become one space; HTML is escaped", "[highlight]") {
  const Highlighted s = snippet("تورم", "خبر\n\n   مهم:\t<script>x</script> & تورم", 200);
  CHECK(s.text == "خبر مهم: <script>x</script> & تورم");
  CHECK(html(s) == "خبر مهم: &lt;script&gt;x&lt;/script&gt; &amp; <mark>تورم</mark>");
  CHECK(s.spans == std::vector<Span>{{30, 34}});
}

TEST_CASE("snippet: spans count UTF-16 units, the ellipsis included", "[highlight]") {
  // U+1F600 before the match: two units; the leading "… " two more.
  const std::string text =
      repeat("پرکننده ", 80) + "\xF0\x9F\x98\x80 خبر تورم " + repeat("پایان ", 80);
  const Highlighted s = snippet("تورم", text, 60);
  REQUIRE(s.spans.size() == 1);
  CHECK(marked(s) == std::vector<std::string>{"تورم"});
  CHECK(s.text.find("\xF0\x9F\x98\x80") != std::string::npos);
}

TEST_CASE("snippet: the stemmed and respelled forms in a real passage", "[highlight]") {
  const std::string text =
      "نمایشگاه کتاب تهران امسال برگزار شد. ناشران "
      "کتاب‌ها "
      "و "
      "كتاب "
      "ها "
      "را "
      "عرضه "
      "کردند. "
      "بازدیدکنندگان میگویند قیمت کتابها بالا است.";
  const Highlighted s = snippet("کتابها", text, 200);
  CHECK(marked(s) == std::vector<std::string>{"کتاب", "کتاب‌ها", "كتاب ها", "کتابها"});
}

TEST_CASE("snippet: invariants on generated texts", "[highlight]") {
  // Words in every spelling, punctuation, line breaks, emoji, HTML, a word too
  // long to be a token: each snippet agrees with its spans, keeps its length,
  // and marks only query words.
  const std::vector<std::string> pieces = {"کتاب",
                                           "کتاب‌ها",
                                           "کتاب ها",
                                           "كتابها",
                                           "می‌رسد",
                                           "میرسد",
                                           "می رسد",
                                           "تورم",
                                           "نرخ",
                                           "ایران",
                                           "ايران",
                                           "۱۴۰۴",
                                           "1404",
                                           "، ",
                                           ". ",
                                           "؟ ",
                                           "\n",
                                           "تمام… ",
                                           "«خبر»",
                                           "(بازار)",
                                           "<b>&",
                                           "\xF0\x9F\x98\x80",
                                           std::string(200, 'x'),
                                           "  ",
                                           "؛ "};
  const std::vector<std::string> queries = {"کتابها", "میرسد", "تورم ايران", "1404 نرخ", "xyz"};
  unsigned seed = 7;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7FFF;
  };
  kavosh::Analyzer analyzer;
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const unsigned words = next() % 400;
    for (unsigned k = 0; k < words; ++k) text += pieces[next() % pieces.size()] + " ";
    const std::string& query = queries[next() % queries.size()];
    const std::size_t len = 50 + next() % 300, n = 1 + next() % 5;
    INFO("round " << round << ", " << len << " characters, " << n << " passages");
    const Highlighted s = snippet(query, text, len, n);
    std::unordered_set<std::string> stems;
    for (const auto& t : analyzer.analyze(query)) stems.insert(t.stem);
    for (const std::string& m : marked(s)) {
      for (const auto& t : analyzer.analyze(m)) CHECK(stems.count(t.stem) == 1);
    }
    const std::vector<std::string> parts = passages_of(s.text);
    CHECK(parts.size() <= n);
    for (const std::string& p : parts) CHECK(chars(p) <= len);
    const Highlighted whole = mark(query, text);
    CHECK(whole.spans.size() >= s.spans.size());
  }
}

TEST_CASE("snippet: a huge text is read up to a bound, cut at a space", "[highlight]") {
  CHECK(kavosh::snippet_source("کتاب خوب", 100) == "کتاب خوب");
  CHECK(kavosh::snippet_source("کتاب خوب است", 16) == "کتاب خوب");  // not inside a word
  CHECK(kavosh::snippet_source("کتابخوب", 5) == "کت");              // a character boundary
  // The snippet of the bounded part still says that text follows.
  const std::string text = "آغاز با تورم. " + repeat("پرکننده ", 2000) + "پایان";
  kavosh::Analyzer analyzer;
  kavosh::SnippetOptions options;
  options.max_chars = 1000;
  const Highlighted s =
      kavosh::make_snippet(kavosh::Highlighter(terms_of("تورم")), text,
                           analyzer.analyze(kavosh::snippet_source(text, 300)), options);
  CHECK(html(s).rfind("آغاز با <mark>تورم</mark>.", 0) == 0);
  CHECK(s.text.substr(s.text.size() - 4) == " " + kEllipsis);
  CHECK(chars(s.text) < 300);
}

TEST_CASE("snippet: from the tokens of stretches of the text, with breaks", "[highlight]") {
  kavosh::Analyzer analyzer;
  // Sentences around one with both words, far from the text's ends.
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += "جمله‌ای بی‌ربط درباره هوا و باران است. ";
  const std::size_t middle = text.size();
  text += "مجلس درباره بودجه تازه رأی داد. ";
  for (int i = 0; i < 40; ++i)
    text += "جمله‌ای بی‌ربط درباره هوا و باران است. ";
  const std::vector<kavosh::Token> all = analyzer.analyze(text);
  const kavosh::Highlighter h(terms_of("بودجه مجلس"));
  for (std::size_t passages : {1, 2}) {
    kavosh::SnippetOptions options;
    options.max_chars = 60;
    options.passages = passages;
    const Highlighted full = kavosh::make_snippet(h, text, all, options);
    // Only the tokens within 400 bytes of the match, and the first ones.
    std::vector<kavosh::Token> part;
    std::vector<std::size_t> breaks;
    for (const kavosh::Token& t : all) {
      const bool lead = t.end < 100;
      const bool near = t.start + 400 > middle && t.start < middle + 400;
      if (!lead && !near) continue;
      if (!part.empty() && part.back().end < 100 && near) breaks.push_back(part.size());
      part.push_back(t);
    }
    breaks.push_back(part.size());  // the text's end is left out
    REQUIRE(breaks.size() == 2);
    const Highlighted fast = kavosh::make_snippet(h, text, part, options, breaks);
    CHECK(html(fast) == html(full));
    CHECK(fast.spans == full.spans);
    CHECK(html(fast).find("<mark>مجلس</mark>") != std::string::npos);
    // Cut on both sides: "…" stands there.
    CHECK(fast.text.rfind(kEllipsis, 0) == 0);
    CHECK(fast.text.size() >= kEllipsis.size());
    CHECK(fast.text.compare(fast.text.size() - kEllipsis.size(), kEllipsis.size(), kEllipsis) == 0);
  }
  // Without any match, the lead; nothing crosses the break after it.
  const kavosh::Highlighter none(terms_of("زلزله"));
  std::vector<kavosh::Token> lead(all.begin(), all.begin() + 30);
  kavosh::SnippetOptions options;
  options.max_chars = 60;
  CHECK(html(kavosh::make_snippet(none, text, lead, options, {lead.size()})) ==
        html(kavosh::make_snippet(none, text, all, options)));
  // A phrase never spans a break.
  kavosh::HighlightTerms phrase;
  phrase.phrases = {{analyzer.analyze("هوا")[0].stem, analyzer.analyze("و")[0].stem}};
  const kavosh::Highlighter ph(phrase);
  std::vector<kavosh::Token> two = {all[3], all[4]};  // هوا و
  REQUIRE(two[0].text == "هوا");
  CHECK(kavosh::make_snippet(ph, text, two, options, {}).spans.size() == 1);
  CHECK(kavosh::make_snippet(ph, text, two, options, {1}).spans.empty());
}
