// What a reader types, on arbitrary bytes: the query syntax (query_syntax.h)
// never fails and gives a well-formed tree; parse_query (query.h) builds a
// Xapian query from it without a database and with a tiny in-memory one
// (compounds and written forms in its lexicons), and run_query ranks it
// there without an error.
#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/article.h"
#include "kavosh/index/document.h"
#include "kavosh/search/query.h"
#include "kavosh/search/query_syntax.h"
#include "kavosh/search/ranking.h"
#include "kavosh/util/utf8.h"

namespace {

using kavosh::QueryNode;

// Articles written for this target: compounds with and without ZWNJ, detached
// affixes, digits, a Latin word, two sources.
// clang-format off
const kavosh::Article kArticles[] = {
    {"q1", "", "نخست‌وزیر به تهران رفت",
     "نخست‌وزیر امروز در سفری کوتاه به تهران رفت و با کتاب‌فروشان دیدار کرد.",
     "2024-03-01", "پیک", "سیاسی", {"سفر"}},
    {"q2", "", "کتاب ها در نمایشگاه",
     "نمایشگاه کتاب ۱۴۰۳ با ۲٬۵۰۰ ناشر می شود برگزار؛ کتاب‌های تازه بسیار است.",
     "2024-05-10", "رسا", "فرهنگی", {}},
    {"q3", "", "بازار سهام",
     "شاخص بورس تهران ۳٫۵ درصد بالا رفت. Analysts expected the rally.",
     "2024-06-02", "پیک", "اقتصادی", {"بورس"}},
};
// clang-format on

const Xapian::Database& tiny_database() {
  static const Xapian::Database db = [] {
    Xapian::WritableDatabase w(std::string(), Xapian::DB_BACKEND_INMEMORY);
    kavosh::Analyzer analyzer;
    kavosh::CompoundLexicon compounds;
    kavosh::WrittenForms written;
    for (const kavosh::Article& a : kArticles) {
      w.add_document(kavosh::build_document(a, analyzer, &compounds, &written));
    }
    kavosh::store_compounds(w, compounds);
    kavosh::store_written_forms(w, written);
    w.commit();
    return Xapian::Database(w);
  }();
  return db;
}

// The tree query_syntax.h describes: leaves with no children (words with text), one
// child under - and field:, fields named title or source; returns its depth.
std::size_t check_node(const QueryNode& n) {
  using Kind = QueryNode::Kind;
  switch (n.kind) {
    case Kind::kWords:
    case Kind::kPrefix:
      FUZZ_CHECK(!n.text.empty(), kavosh::to_string(n));
      [[fallthrough]];
    case Kind::kPhrase:  // empty for a stray opening quote
      FUZZ_CHECK(n.children.empty(), kavosh::to_string(n));
      return 1;
    case Kind::kNot:
      FUZZ_CHECK(n.children.size() == 1, kavosh::to_string(n));
      break;
    case Kind::kField:
      FUZZ_CHECK(n.children.size() == 1, kavosh::to_string(n));
      FUZZ_CHECK(n.text == "title" || n.text == "source", kavosh::to_string(n));
      break;
    case Kind::kAnd:
    case Kind::kOr:
      break;
  }
  std::size_t depth = 0;
  for (const QueryNode& c : n.children) depth = std::max(depth, check_node(c));
  return depth + 1;
}

void check_parsed(const kavosh::ParsedQuery& q) {
  for (const std::string& s : q.highlight) FUZZ_CHECK(kavosh::is_valid_utf8(s), s);
  for (const std::string& s : q.exact) FUZZ_CHECK(kavosh::is_valid_utf8(s), s);
  for (const auto& phrase : q.highlight_phrases) {
    FUZZ_CHECK(phrase.size() >= 2, "a phrase of one word");
  }
  (void)q.any().get_description();
  (void)q.title.get_description();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const QueryNode tree = kavosh::parse_query_syntax(text);
  check_node(tree);
  FUZZ_CHECK(kavosh::is_valid_utf8(kavosh::to_string(tree)) || !kavosh::is_valid_utf8(text), text);

  static kavosh::Analyzer analyzer;
  check_parsed(kavosh::parse_query(analyzer, text));
  const Xapian::Database& db = tiny_database();
  const kavosh::ParsedQuery parsed = kavosh::parse_query(analyzer, text, &db);
  check_parsed(parsed);
  if (parsed.empty) return 0;  // SearchService answers no match without ranking
  try {
    const Xapian::MSet mset = kavosh::run_query(db, parsed, 0, 10);
    FUZZ_CHECK(mset.size() <= std::size(kArticles), text);
  } catch (const Xapian::Error& e) {
    kavosh::fuzz::fail(__FILE__, __LINE__, "run_query", e.get_description());
  }
  return 0;
}
