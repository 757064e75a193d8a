// The checkpoint table of long bodies (checkpoints.h) and the fast snippet
// path built on it: the same snippets as analysing the whole body.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "html.h"
#include "index_runner.h"
#include "index_util.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/analysis/char_filter.h"
#include "kavosh/analysis/stemmer.h"
#include "kavosh/index/article.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/fast_snippets.h"
#include "kavosh/search/highlight.h"
#include "kavosh/search/query.h"
#include "test_util.h"

using kavosh::Checkpoint;
using kavosh::CheckpointTable;
using kavosh::testing::TempDir;

namespace {

// The HTML the API sends for a marked text (server/html.h).
std::string html(const kavosh::Highlighted& h) { return kavosh::marked_html(h); }

std::size_t chars_of(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Long articles from the sample corpus: each the bodies of many sample
// articles, in a different order, one paragraph each.
std::vector<nlohmann::json> long_articles(std::size_t count) {
  std::vector<std::string> bodies;
  std::ifstream in(kavosh::testing::sample_corpus());
  std::string line;
  while (std::getline(in, line)) {
    const nlohmann::json j = nlohmann::json::parse(line);
    bodies.push_back(j["body"].get<std::string>());
  }
  REQUIRE(bodies.size() > 20);
  std::vector<nlohmann::json> out;
  for (std::size_t a = 0; a < count; ++a) {
    std::string body;
    for (std::size_t k = 0; chars_of(body) < 12000 + 3000 * a; ++k) {
      body += bodies[(a * 7 + k * (a + 3)) % bodies.size()];
      body += k % 3 == 2 ? "\n\n" : " ";
    }
    out.push_back({{"id", "long-" + std::to_string(a)},
                   {"title", "گزارش بلند " + std::to_string(a)},
                   {"body", body},
                   {"source", "آزمون"}});
  }
  return out;
}

// The snippet of the whole body, as SearchService made it before checkpoints.
kavosh::Highlighted full_snippet(const std::string& body, kavosh::Analyzer& analyzer,
                                 const kavosh::Highlighter& h,
                                 const kavosh::SnippetOptions& options) {
  return kavosh::make_snippet(h, body, analyzer.analyze(body), options);
}

kavosh::Highlighter highlighter_for(kavosh::Analyzer& analyzer, const std::string& query,
                                    const Xapian::Database& db) {
  const kavosh::ParsedQuery parsed = kavosh::parse_query(analyzer, query, &db);
  return kavosh::Highlighter(
      kavosh::HighlightTerms{parsed.highlight, parsed.exact, parsed.highlight_phrases});
}

}  // namespace

TEST_CASE("checkpoints: a table round-trips through its encoding", "[checkpoints]") {
  kavosh::Analyzer analyzer;
  std::string body;
  for (int i = 0; i < 200; ++i)
    body += "کتاب‌ها و ۱۲۳٬۴۵۶ دفتر، می شود! word ";
  const std::vector<kavosh::Token> tokens = analyzer.analyze(body);
  for (std::uint32_t stride : {1u, 7u, 32u}) {
    const std::string value = kavosh::encode_checkpoints(body, tokens, 1234, stride);
    const std::optional<CheckpointTable> table = kavosh::decode_checkpoints(value);
    REQUIRE(table);
    CHECK(table->base_position == 1234);
    CHECK(table->stride == stride);
    REQUIRE(table->points.size() == (tokens.size() + stride - 1) / stride + 1);
    for (std::size_t k = 0; k + 1 < table->points.size(); ++k) {
      const kavosh::Token& t = tokens[k * stride];
      CHECK(table->points[k] == Checkpoint{t.position, t.start,
                                           static_cast<std::uint32_t>(chars_of(
                                               std::string_view(body).substr(0, t.start)))});
    }
    CHECK(table->points.back() == Checkpoint{tokens.back().position + 1,
                                             static_cast<std::uint32_t>(body.size()),
                                             static_cast<std::uint32_t>(chars_of(body))});
    if (stride == 32) {
      // Compact: one byte for the position step, two for bytes and characters.
      CHECK(value.size() <= 8 + 5 * table->points.size());
    }
  }
  CHECK(kavosh::encode_checkpoints("", {}, 1).empty());
}

TEST_CASE("checkpoints: malformed values are refused", "[checkpoints]") {
  kavosh::Analyzer analyzer;
  const std::string body = "یک دو سه چهار پنج شش هفت هشت نه ده";
  const std::string good = kavosh::encode_checkpoints(body, analyzer.analyze(body), 5, 3);
  REQUIRE(kavosh::decode_checkpoints(good));
  CHECK_FALSE(kavosh::decode_checkpoints(""));
  CHECK_FALSE(kavosh::decode_checkpoints(std::string("\x02") + good.substr(1)));  // format
  for (std::size_t cut = 1; cut < good.size(); ++cut) {
    CHECK_FALSE(kavosh::decode_checkpoints(good.substr(0, cut)));
  }
  CHECK_FALSE(kavosh::decode_checkpoints(good + "x"));
  CHECK_FALSE(kavosh::decode_checkpoints(std::string("\x01\xff\xff\xff\xff\xff", 6)));
  // Format 1, stride 1, base 0, 1 checkpoint and the end, whose position wraps around.
  CHECK_FALSE(
      kavosh::decode_checkpoints(std::string("\x01\x01\x00\x01"
                                             "\xff\xff\xff\xff\x0f\x01\x01"
                                             "\x02\x01\x01",
                                             14)));
  CHECK(
      kavosh::decode_checkpoints(std::string("\x01\x01\x00\x01"
                                             "\x05\x01\x01"
                                             "\x02\x01\x01",
                                             10)));
}

TEST_CASE("checkpoints: ranges cover the lead without matches, and refuse most of the body",
          "[checkpoints]") {
  CheckpointTable table;
  table.stride = 10;
  // 1000 tokens of 5 characters (10 bytes) and a space: 11 bytes, 6 characters each.
  for (std::uint32_t p = 0; p < 1000; p += 10) table.points.push_back({p, p * 11, p * 6});
  table.points.push_back({1000, 11000, 6000});
  kavosh::SnippetOptions options;
  options.max_chars = 200;
  const auto lead = kavosh::snippet_ranges(table, {}, 1, options);
  REQUIRE(lead);
  REQUIRE(lead->size() == 1);
  CHECK(lead->front().from == 0);
  CHECK(lead->front().to * 6 >= 200 * 11);  // at least max_chars characters
  CHECK(lead->front().to < 11000 / 4);

  // One match in the middle: a stretch around it, from checkpoint to checkpoint.
  std::vector<kavosh::PositionMatch> one = {{500, 500, 0, true}};
  const auto mid = kavosh::snippet_ranges(table, one, 1, options);
  REQUIRE(mid);
  REQUIRE(mid->size() == 1);
  CHECK(mid->front().from % 110 == 0);
  // Half the length before it (a passage starts at most that far back)...
  CHECK(mid->front().from + 100 * 11 / 6 <= 500 * 11);
  CHECK(mid->front().to >= 500 * 11 + 200 * 11 / 6);
  CHECK(mid->front().to - mid->front().from < 11000 / 4);
  // ... the whole length with several passages (one may end against another).
  options.passages = 2;
  const auto two = kavosh::snippet_ranges(table, one, 1, options);
  REQUIRE(two);
  REQUIRE(two->size() == 1);
  CHECK(two->front().from + 200 * 11 / 6 <= 500 * 11);
  CHECK(two->front().from > mid->front().from - 200 * 11 / 6);
  options.passages = 1;

  // A match every 20 tokens, all alike: the first window is as good as any
  // other and wins the tie.
  std::vector<kavosh::PositionMatch> many;
  for (std::uint32_t p = 0; p < 1000; p += 20) many.push_back({p, p, 0, false});
  const auto first = kavosh::snippet_ranges(table, many, 1, options);
  REQUIRE(first);
  REQUIRE(first->size() == 1);
  CHECK(first->front().from == 0);
  CHECK(first->front().to < 11000 / 4);
  // One better window later (two terms): it and the windows before it that
  // may be as good.
  many[30].term = 1;
  const auto better = kavosh::snippet_ranges(table, many, 2, options);
  REQUIRE(better);
  CHECK(better->back().to >= 600 * 11);
  // Far more passages than windows apart: every window may be one, and that
  // is most of the body.
  options.passages = 50;
  CHECK_FALSE(kavosh::snippet_ranges(table, many, 2, options));
  options.passages = 1;
  // Outside the table: refused.
  CHECK_FALSE(kavosh::snippet_ranges(table, {{1000, 1000, 0, false}}, 1, options));
}

TEST_CASE("checkpoints: the fast path makes the snippets of the full analysis",
          "[checkpoints][snippets]") {
  TempDir dir;
  const std::vector<nlohmann::json> articles = long_articles(6);
  std::vector<std::string> lines;
  for (const nlohmann::json& a : articles) lines.push_back(a.dump());
  REQUIRE(kavosh::testing::index_lines(dir, lines).added == articles.size());

  Xapian::Database db(dir / "db");
  kavosh::Analyzer analyzer;
  struct Row {
    const char* query;
    std::size_t passages;
    std::size_t chars;
  };
  const Row rows[] = {
      {"بودجه", 1, 200},
      {"بودجه مجلس", 1, 200},
      {"كليات بودجه", 1, 200},    // Arabic kaf
      {"بررسي جزئيات", 1, 200},   // Arabic yeh
      {"می‌شود", 1, 200},  // ZWNJ kept
      {"میشود", 1, 200},          // ZWNJ stripped
      {"می شود", 1, 200},         // ZWNJ as a space
      {"\"لایحه بودجه\"", 1, 200},
      {"نماینده", 1, 200},  // a stemmed form of نمایندگان
      {"پیش‌بینی تورم", 2, 200},
      {"بودجه مجلس", 2, 200},
      {"بودجه مجلس", 3, 120},
      {"رئیس‌جمهور", 2, 300},
      {"ثبت‌نام", 1, 80},
      {"کلمه‌ای‌که‌نیست", 1, 200},  // no match: the lead
  };
  std::size_t fast_used = 0, compared = 0;
  std::chrono::duration<double> fast_time{0}, full_time{0};
  for (Xapian::PostingIterator p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    const Xapian::Document doc = db.get_document(*p);
    const auto article = kavosh::article_from_data(doc.get_data());
    REQUIRE(article.ok());
    const std::string& body = article.value().body;
    REQUIRE(body.size() >= kavosh::kCheckpointMinBodyBytes);
    REQUIRE_FALSE(doc.get_value(kavosh::schema::kSlotBodyCheckpoints).empty());
    for (const Row& row : rows) {
      INFO("article " << article.value().id << ", query " << row.query << ", " << row.passages
                      << " passage(s) of " << row.chars);
      const kavosh::Highlighter h = highlighter_for(analyzer, row.query, db);
      kavosh::SnippetOptions o;
      o.passages = row.passages;
      o.max_chars = row.chars;
      auto t0 = std::chrono::steady_clock::now();
      const kavosh::Highlighted full = full_snippet(body, analyzer, h, o);
      auto t1 = std::chrono::steady_clock::now();
      const kavosh::WantedWords wanted = kavosh::wanted_words(db, analyzer, h);
      CHECK(wanted.complete);
      auto t1b = std::chrono::steady_clock::now();
      const std::optional<kavosh::Highlighted> fast =
          kavosh::fast_body_snippet(db, doc.get_docid(), doc, body, analyzer, h, o, &wanted);
      auto t2 = std::chrono::steady_clock::now();
      // The same from the document's termlist.
      const std::optional<kavosh::Highlighted> from_termlist =
          kavosh::fast_body_snippet(db, doc.get_docid(), doc, body, analyzer, h, o);
      ++compared;
      CHECK(fast.has_value() == from_termlist.has_value());
      if (!fast) continue;  // the fast path declined: the caller analyses the body
      ++fast_used;
      full_time += t1 - t0;
      fast_time += t2 - t1b;
      CHECK(html(*fast) == html(full));
      CHECK(fast->text == full.text);
      CHECK(fast->spans == full.spans);
      REQUIRE(from_termlist);
      CHECK(html(*from_termlist) == html(full));
      CHECK(from_termlist->spans == full.spans);
    }
  }
  // The fast path serves most of them, and is faster.
  CHECK(fast_used * 4 >= compared * 3);
  CHECK(fast_time < full_time);
}

TEST_CASE("checkpoints: a body without the slot, or another body, takes the full path",
          "[checkpoints]") {
  kavosh::Analyzer analyzer;
  const kavosh::Highlighter h(std::unordered_set<std::string>{"بودجه"});
  std::string body;
  while (body.size() < kavosh::kCheckpointMinBodyBytes + 100) body += "لایحه بودجه سال آینده. ";
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document doc;
  CHECK_FALSE(kavosh::fast_body_snippet(db, doc.get_docid(), doc, body, analyzer, h, {}));
  doc.add_value(kavosh::schema::kSlotBodyCheckpoints, "garbage");
  CHECK_FALSE(kavosh::fast_body_snippet(db, doc.get_docid(), doc, body, analyzer, h, {}));
  // A table of another text (its size differs): refused.
  doc.add_value(kavosh::schema::kSlotBodyCheckpoints,
                kavosh::encode_checkpoints(body + "x", analyzer.analyze(body + "x"), 1));
  CHECK_FALSE(kavosh::fast_body_snippet(db, doc.get_docid(), doc, body, analyzer, h, {}));
}

TEST_CASE("checkpoints: a Persian word starts with a beginning of its stem", "[checkpoints]") {
  // wanted_words() relies on it to stem only the words that start so: the
  // stem itself, after a verb prefix at most, or a participle less its ه.
  kavosh::Analyzer analyzer;
  auto begins_with_its_stem = [&analyzer](const std::string& word, const std::string& stem) {
    const std::vector<std::string> beginnings = kavosh::stem_word_beginnings(stem);
    return std::any_of(beginnings.begin(), beginnings.end(),
                       [&word](const std::string& b) { return word.compare(0, b.size(), b) == 0; });
  };
  std::ifstream in(kavosh::testing::sample_corpus());
  std::string line;
  std::size_t checked = 0;
  while (std::getline(in, line)) {
    const nlohmann::json j = nlohmann::json::parse(line);
    for (const char* field : {"title", "body"}) {
      for (const kavosh::Token& t : analyzer.analyze(j[field].get<std::string>())) {
        if (!kavosh::is_arabic_script_word(t.text)) continue;
        ++checked;
        INFO(t.text << " -> " << t.stem);
        CHECK(begins_with_its_stem(t.text, t.stem));
      }
    }
  }
  CHECK(checked > 1000);
  for (const char* w : {"میروند", "نمیخواهند", "میگویند", "کتابهایشان", "بزرگترین", "ایرانیها",
                        "نمایندگان", "زلزلهزدگان", "دانشآموختگان"}) {
    const std::string word = kavosh::normalize_string(w);
    const std::string stem = analyzer.stem(word);
    INFO(word << " -> " << stem);
    CHECK(begins_with_its_stem(word, stem));
  }
}

TEST_CASE("checkpoints: the fast path on the shared corpora's long articles",
          "[checkpoints][snippets]") {
  const std::string corpora = kavosh::testing::shared_corpora();
  const std::string path = corpora + "/iranian-news/iranian_news.jsonl";
  if (corpora.empty() || !std::ifstream(path)) {
    WARN("SKIPPED: ../shared/corpora/iranian-news/iranian_news.jsonl is absent");
    return;
  }
  // The 8 longest articles and 8 about the 90th percentile of length.
  std::vector<std::string> lines;
  {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  TempDir dir;
  {
    std::ofstream out(dir / "in.jsonl");
    for (std::size_t k = 0; k < 8; ++k) out << lines[k] << "\n";
    for (std::size_t k = lines.size() / 10; k < lines.size() / 10 + 8; ++k) out << lines[k] << "\n";
  }
  kavosh::testing::index_inputs(dir / "db", {dir / "in.jsonl"});

  Xapian::Database db(dir / "db");
  kavosh::Analyzer analyzer;
  const char* queries[] = {"ایران دولت",        "مجلس",    "آمریکا تحریم",
                           "\"جمهوری اسلامی\"", "اقتصادی", "رئیس‌جمهور",
                           "رييس جمهور"};
  std::size_t fast_used = 0, compared = 0;
  for (Xapian::PostingIterator p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    const Xapian::Document doc = db.get_document(*p);
    const auto article = kavosh::article_from_data(doc.get_data());
    REQUIRE(article.ok());
    const std::string& body = article.value().body;
    if (body.size() < kavosh::kCheckpointMinBodyBytes) continue;
    for (const char* query : queries) {
      for (std::size_t passages : {1, 2}) {
        INFO("article " << article.value().id << ", query " << query << ", " << passages);
        const kavosh::Highlighter h = highlighter_for(analyzer, query, db);
        kavosh::SnippetOptions o;
        o.passages = passages;
        const kavosh::WantedWords wanted = kavosh::wanted_words(db, analyzer, h);
        const std::optional<kavosh::Highlighted> fast =
            kavosh::fast_body_snippet(db, doc.get_docid(), doc, body, analyzer, h, o, &wanted);
        ++compared;
        if (!fast) continue;
        ++fast_used;
        const kavosh::Highlighted full = full_snippet(body, analyzer, h, o);
        CHECK(html(*fast) == html(full));
        CHECK(fast->spans == full.spans);
      }
    }
  }
  CHECK(compared > 0);
  CHECK(fast_used * 10 >= compared * 8);
}
