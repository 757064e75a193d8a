// kavosh-eval's parts: trec_eval metrics, the Hamshahri reader, topic
// respelling, and the whole evaluation on a tiny synthetic collection.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "eval/eval_runner.h"
#include "eval/hamshahri.h"
#include "eval/respell.h"
#include "eval/trec_metrics.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/schema.h"
#include "test_util.h"

namespace eval = kavosh::eval;
using kavosh::testing::TempDir;

namespace {

// Writes `text` to `path`, creating its folders.
void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

// 1 / log2(rank + 1): the nDCG discount of a 1-based rank.
double disc(int rank) { return 1.0 / std::log2(rank + 1.0); }

// The ideal DCG of n relevant documents.
double ideal(int n) {
  double sum = 0;
  for (int i = 1; i <= n; ++i) sum += disc(i);
  return sum;
}

// "R"/"N" pattern -> ranking of ids r1.. (relevant) and n1.. (not).
eval::Ranking ranking_of(const std::string& pattern) {
  eval::Ranking ranking;
  int r = 0, n = 0;
  for (char c : pattern) {
    ranking.push_back(c == 'R' ? "r" + std::to_string(++r) : "n" + std::to_string(++n));
  }
  return ranking;
}

std::set<std::string> relevant_ids(int count) {
  std::set<std::string> ids;
  for (int i = 1; i <= count; ++i) ids.insert("r" + std::to_string(i));
  return ids;
}

}  // namespace

// ---- trec_metrics ----

TEST_CASE("metrics: AP, P@10 and nDCG@10 match hand-computed values", "[eval][metrics]") {
  struct Row {
    const char* pattern;  // ranking: R relevant, N not
    int relevant;         // relevant documents in the qrels
    double ap, p10, ndcg10;
  };
  const double id10 = ideal(10);  // 4.5436
  const Row rows[] = {
      // The brief's example: R N R N N with 3 relevant.
      {"RNRNN", 3, (1.0 / 1 + 2.0 / 3) / 3, 2.0 / 10, (disc(1) + disc(3)) / ideal(3)},
      {"RR", 2, 1.0, 2.0 / 10, 1.0},
      {"NR", 1, 1.0 / 2, 1.0 / 10, disc(2)},
      {"NNN", 2, 0.0, 0.0, 0.0},
      {"", 4, 0.0, 0.0, 0.0},
      // More relevant documents than k: the ideal ranking is cut at k.
      {"RRRRRRRRRRRR", 12, 1.0, 1.0, 1.0},
      {"NRNNNNNNNR", 12, (1.0 / 2 + 2.0 / 10) / 12, 2.0 / 10, (disc(2) + disc(10)) / id10},
      // Relevant documents past rank 10 count for AP only.
      {"NNNNNNNNNNRR", 12, (1.0 / 11 + 2.0 / 12) / 12, 0.0, 0.0},
      // No relevant document: everything is 0.
      {"NN", 0, 0.0, 0.0, 0.0},
  };
  for (const Row& row : rows) {
    INFO("ranking " << row.pattern << ", " << row.relevant << " relevant");
    const eval::Ranking ranking = ranking_of(row.pattern);
    const std::set<std::string> relevant = relevant_ids(row.relevant);
    CHECK(eval::average_precision(ranking, relevant) == Approx(row.ap).margin(1e-12));
    CHECK(eval::precision_at(ranking, relevant, 10) == Approx(row.p10).margin(1e-12));
    CHECK(eval::ndcg_at(ranking, relevant, 10) == Approx(row.ndcg10).margin(1e-12));
  }
}

TEST_CASE("metrics: the brief's example in 4 decimals", "[eval][metrics]") {
  const eval::Ranking ranking = {"a", "x", "b", "y", "z"};
  const std::set<std::string> relevant = {"a", "b", "c"};
  CHECK(eval::average_precision(ranking, relevant) == Approx(0.5556).margin(5e-5));
  CHECK(eval::precision_at(ranking, relevant) == Approx(0.2).margin(5e-5));
  // DCG = 1/log2(2) + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3) + 1/log2(4) = 2.1309.
  CHECK(eval::ndcg_at(ranking, relevant) == Approx(0.7039).margin(5e-5));
}

TEST_CASE("metrics: cut-offs and repeated documents", "[eval][metrics]") {
  const std::set<std::string> relevant = {"a", "b"};
  SECTION("AP ignores ranks past the depth") {
    eval::Ranking ranking(eval::kRunDepth, "x");
    ranking.push_back("a");  // rank 1001
    CHECK(eval::average_precision(ranking, relevant) == 0.0);
    CHECK(eval::average_precision({"x", "a"}, relevant, 1) == 0.0);
    CHECK(eval::average_precision({"x", "a"}, relevant, 2) == Approx(0.25));
  }
  SECTION("P@k and nDCG@k honour k") {
    CHECK(eval::precision_at({"x", "a"}, relevant, 1) == 0.0);
    CHECK(eval::precision_at({"a", "x"}, relevant, 1) == 1.0);
    CHECK(eval::precision_at({"a", "b"}, relevant, 5) == Approx(0.4));
    CHECK(eval::ndcg_at({"x", "a"}, relevant, 1) == 0.0);
    CHECK(eval::ndcg_at({"a", "x"}, relevant, 1) == 1.0);
  }
  SECTION("a repeated relevant document counts once") {
    CHECK(eval::average_precision({"a", "a"}, relevant) == Approx(0.5));
    CHECK(eval::precision_at({"a", "a"}, relevant) == Approx(0.1));
    CHECK(eval::ndcg_at({"a", "a"}, relevant) == Approx(1.0 / ideal(2)));
  }
}

TEST_CASE("metrics: evaluate averages over judged topics with a relevant document",
          "[eval][metrics]") {
  eval::Qrels qrels;
  qrels.relevant["1"] = {"a", "b"};
  qrels.relevant["2"] = {"c"};
  qrels.relevant["3"] = {};  // judged, nothing relevant: not averaged
  eval::Run run;
  run["1"] = {"a", "x", "b"};  // AP (1 + 2/3) / 2
  run["3"] = {"a"};
  run["9"] = {"c"};  // not in the qrels: ignored
  // Topic 2 retrieved nothing: 0.

  const eval::RunScores s = eval::evaluate(qrels, run);
  REQUIRE(s.topics.size() == 2);
  CHECK(s.topics.count("3") == 0);
  CHECK(s.topics.at("1").ap == Approx((1 + 2.0 / 3) / 2));
  CHECK(s.topics.at("1").relevant == 2);
  CHECK(s.topics.at("1").retrieved == 3);
  CHECK(s.topics.at("2").ap == 0.0);
  CHECK(s.topics.at("2").retrieved == 0);
  CHECK(s.map == Approx((1 + 2.0 / 3) / 2 / 2));
  CHECK(s.p10 == Approx((0.2 + 0.0) / 2));
  CHECK(s.ndcg10 == Approx((disc(1) + disc(3)) / ideal(2) / 2));

  CHECK(eval::evaluate(eval::Qrels{}, run).map == 0.0);
}

TEST_CASE("metrics: parse_qrels reads TREC lines and names bad ones", "[eval][metrics]") {
  std::istringstream good("1 0 d1 1\n1 0 d2 0\r\n\n2\t0\td3  2\n3 0 d4 0\n1 0 d5 1\n");
  kavosh::Result<eval::Qrels> q = eval::parse_qrels(good, "q.trec");
  REQUIRE(q.ok());
  const auto& rel = q.value().relevant;
  CHECK(rel.size() == 3);
  CHECK(rel.at("1") == std::set<std::string>{"d1", "d5"});
  CHECK(rel.at("2") == std::set<std::string>{"d3"});
  CHECK(rel.at("3").empty());

  struct Bad {
    const char* text;
    const char* message;
  };
  const Bad bad[] = {
      {"1 0 d1 1\n1 0 d2\n", "q.trec:2: expected 'qid iter docid rel'"},
      {"1 0 d1 1 extra\n", "q.trec:1: expected"},
      {"\n1 0 d1 yes\n", "q.trec:2: relevance 'yes' is not an integer"},
      {"1 0 d1 1x\n", "q.trec:1: relevance '1x'"},
  };
  for (const Bad& b : bad) {
    INFO(b.text);
    std::istringstream in(b.text);
    kavosh::Result<eval::Qrels> r = eval::parse_qrels(in, "q.trec");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains(b.message));
  }
}

// ---- respell ----

TEST_CASE("respell: modern Persian spelling of Hamshahri topics", "[eval][respell]") {
  const std::string zwnj = "\u200C";
  struct Row {
    std::string in, out;
  };
  const Row rows[] = {
      // U+064A ARABIC YEH -> U+06CC FARSI YEH, U+0643 ARABIC KAF -> U+06A9 KEHEH.
      {"ي", "ی"},
      {"ك", "ک"},
      {"نرخ بيكاري در ايران", "نرخ بیکاری در ایران"},
      // Plural suffixes join the word before.
      {"نهنگ ها", "نهنگ" + zwnj + "ها"},
      {"علل مرگ و مير نهنگ ها", "علل مرگ و میر نهنگ" + zwnj + "ها"},
      {"سايت هاي اينترنتي", "سایت" + zwnj + "های اینترنتی"},
      {"كتاب هايي", "کتاب" + zwnj + "هایی"},
      // Comparative and superlative suffixes too.
      {"بزرگ تر", "بزرگ" + zwnj + "تر"},
      {"بزرگ ترين شهر", "بزرگ" + zwnj + "ترین شهر"},
      // The verbal prefixes join the word after.
      {"مي شود", "می" + zwnj + "شود"},
      {"می شود", "می" + zwnj + "شود"},
      {"نمي شود", "نمی" + zwnj + "شود"},
      {"کتاب ها مي خوانند", "کتاب" + zwnj + "ها می" + zwnj + "خوانند"},
      // A run of spaces or tabs becomes one ZWNJ; other whitespace is kept.
      {"  نهنگ   ها  ", "  نهنگ" + zwnj + "ها  "},
      {"نهنگ\tها", "نهنگ" + zwnj + "ها"},
      // No word on the joining side: unchanged (apart from letters).
      {"ها", "ها"},
      {"ها نهنگ", "ها نهنگ"},
      {"مي", "می"},
      {"كتاب مي", "کتاب می"},
      {"3 ها", "3 ها"},
      // Only the exact tokens join.
      {"ها، کتاب", "ها، کتاب"},
      {"کتاب ها،", "کتاب ها،"},
      {"تهران هاشمی", "تهران هاشمی"},
      // Nothing else changes: other spaced compounds, alef maksura, Latin, ZWNJ already there.
      {"نمايشگاه بين المللي كتاب", "نمایشگاه بین المللی کتاب"},
      {"جاده اي", "جاده ای"},
      {"ى", "ى"},
      {"the book", "the book"},
      {"نهنگ" + zwnj + "ها", "نهنگ" + zwnj + "ها"},
      {"", ""},
  };
  for (const Row& row : rows) {
    INFO("'" << row.in << "'");
    CHECK(eval::respell(row.in) == row.out);
  }
}

// ---- hamshahri ----

TEST_CASE("hamshahri: dates come from the id, in the Solar Hijri calendar", "[eval][hamshahri]") {
  struct Row {
    const char* id;
    const char* iso;  // nullptr: no date
  };
  const Row rows[] = {
      {"HAM2-811011-007", "2003-01-01"},  // 1381/10/11
      {"HAM2-821006-059", "2003-12-27"},  // 1382/10/06
      {"HAM2-860101-001", "2007-03-21"},  // 1386/01/01, Nowruz
      {"HAM2-811311-001", nullptr},       // month 13
      {"HAM2-81A011-001", nullptr},      {"HAM1-811011-007", nullptr},
      {"HAM2-811011", nullptr},          {"", nullptr},
  };
  for (const Row& row : rows) {
    INFO(row.id);
    const std::optional<std::string> date = eval::date_from_id(row.id);
    if (row.iso == nullptr) {
      CHECK_FALSE(date.has_value());
    } else {
      CHECK(date.value_or("none") == row.iso);
    }
  }
}

TEST_CASE("hamshahri: a .ham file is a title line and a body", "[eval][hamshahri]") {
  const kavosh::Article a = eval::parse_ham(
      "HAM2-811011-007", "\n   \nجودي ابوت، نابغه كاغذي  \r\nسطر اول  \n\n سطر دوم\t\n\n\n");
  CHECK(a.id == "HAM2-811011-007");
  CHECK(a.title == "جودي ابوت، نابغه كاغذي");
  CHECK(a.body == "سطر اول\n\n سطر دوم");
  CHECK(a.date == "2003-01-01");
  CHECK(a.source == "همشهری");
  CHECK(a.url.empty());

  const kavosh::Article title_only = eval::parse_ham("x", "فقط عنوان \n");
  CHECK(title_only.title == "فقط عنوان");
  CHECK(title_only.body.empty());
  CHECK(title_only.date.empty());
}

TEST_CASE("hamshahri: the collection is every .ham file, sorted", "[eval][hamshahri]") {
  TempDir dir;
  const std::filesystem::path docs = dir.path() / "docs";
  write_file(docs / "2004" / "HAM2-830101-001.ham", "عنوان سوم\nمتن\n");
  write_file(docs / "2003" / "HAM2-820101-002.ham", "عنوان دوم\nمتن\n");
  write_file(docs / "2003" / "HAM2-820101-001.ham", "عنوان اول\nمتن\n");
  write_file(docs / "2003" / "README.txt", "not a document\n");

  kavosh::Result<std::vector<kavosh::Article>> all = eval::read_collection(docs);
  REQUIRE(all.ok());
  std::vector<std::string> ids;
  for (const kavosh::Article& a : all.value()) ids.push_back(a.id);
  CHECK(ids == std::vector<std::string>{"HAM2-820101-001", "HAM2-820101-002", "HAM2-830101-001"});
  CHECK(all.value().front().title == "عنوان اول");

  SECTION("an empty file is an error naming it") {
    write_file(docs / "2005" / "HAM2-840101-001.ham", " \n\n");
    kavosh::Result<std::vector<kavosh::Article>> r = eval::read_collection(docs);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("HAM2-840101-001.ham:1: no text"));
  }
  SECTION("two files with one id are an error") {
    write_file(docs / "2005" / "HAM2-820101-001.ham", "دوباره\n");
    kavosh::Result<std::vector<kavosh::Article>> r = eval::read_collection(docs);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("'HAM2-820101-001' already read"));
  }
  SECTION("a missing folder is an error") {
    CHECK_FALSE(eval::read_collection(dir.path() / "nope").ok());
  }
}

TEST_CASE("hamshahri: topics are qid<TAB>query lines", "[eval][hamshahri]") {
  std::istringstream good("1\tنهنگ ها\r\n\n3\tخرس قطبي\n");
  kavosh::Result<std::vector<eval::Topic>> t = eval::parse_topics(good, "t.tsv");
  REQUIRE(t.ok());
  REQUIRE(t.value().size() == 2);
  CHECK(t.value()[0].id == "1");
  CHECK(t.value()[0].query == "نهنگ ها");
  CHECK(t.value()[1].id == "3");
  CHECK(t.value()[1].query == "خرس قطبي");

  struct Bad {
    const char* text;
    const char* message;
  };
  const Bad bad[] = {
      {"1\tالف\n2 ب\n", "t.tsv:2: expected 'qid<TAB>query'"},
      {"\tالف\n", "t.tsv:1: empty topic id"},
      {"1\t  \n", "t.tsv:1: empty query for topic '1'"},
      {"1\tالف\n1\tب\n", "t.tsv:2: topic '1' appears twice"},
  };
  for (const Bad& b : bad) {
    INFO(b.text);
    std::istringstream in(b.text);
    kavosh::Result<std::vector<eval::Topic>> r = eval::parse_topics(in, "t.tsv");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains(b.message));
  }
}

// ---- the whole evaluation ----

namespace {

// A tiny collection in the Hamshahri layout and spelling (Arabic yeh/kaf,
// spaced affixes): each topic is answered by exactly one document.
void write_tiny_collection(const std::filesystem::path& root) {
  write_file(root / "docs" / "2003" / "HAM2-811011-001.ham",
             "نهنگ ها در خليج فارس  \nمرگ و مير نهنگ ها در سواحل جنوبي نگران كننده است.  \n");
  write_file(root / "docs" / "2003" / "HAM2-811011-002.ham",
             "بازار سهام\nعرضه سهام شركت ايران خودرو در بورس تهران آغاز شد.\n");
  write_file(root / "docs" / "2004" / "HAM2-821006-003.ham",
             "فوتبال\nتيم ملي فوتبال ايران سرمربي تازه اي دارد.\n");
  write_file(root / "docs" / "2004" / "HAM2-821006-004.ham",
             "\nكتاب\nنمايشگاه بين المللي كتاب در تهران برگزار مي شود.\n");
  write_file(root / "topics-dev.tsv", "1\tنهنگ ها\n2\tسهام ايران خودرو\n3\tخرس قطبي\n");
  write_file(root / "qrels-dev.trec",
             "1 0 HAM2-811011-001 1\n2 0 HAM2-811011-002 1\n2 0 HAM2-821006-003 0\n");
}

}  // namespace

TEST_CASE("pipeline: the evaluation scores a trivially answerable collection", "[eval][pipeline]") {
  TempDir dir;
  const std::filesystem::path root = dir.path() / "hamshahri";
  write_tiny_collection(root);

  kavosh::Result<eval::Collection> c = eval::read_hamshahri(root);
  REQUIRE(c.ok());
  REQUIRE(c.value().articles.size() == 4);
  REQUIRE(c.value().topics.size() == 3);

  for (const eval::EvalConfig& config : eval::standard_configs()) {
    INFO("config " << config.name);
    const std::filesystem::path db_path = dir.path() / ("db-" + config.name);
    kavosh::Result<eval::ConfigReport> r =
        eval::evaluate_config(c.value(), config, db_path, config.name == "full");
    REQUIRE(r.ok());
    const eval::ConfigReport& report = r.value();
    CHECK(report.analyzer_id == kavosh::Analyzer(config.options).id());
    CHECK(report.index.documents == 4);
    CHECK(report.index.bytes > 0);
    // Topic 3 has no judgment: only topics 1 and 2 are scored.
    CHECK(report.given.topics.size() == 2);
    CHECK(report.given.map == 1.0);
    CHECK(report.given.p10 == Approx(0.1));
    CHECK(report.given.ndcg10 == 1.0);
    if (config.name == "full") {
      // The default analyzer finds today's spelling too, and was timed.
      CHECK(report.respelled.map == 1.0);
      CHECK(report.latency_ms.size() == 3);
    } else {
      CHECK(report.latency_ms.empty());
    }

    // The database carries the metadata kavosh-index writes.
    Xapian::Database db(db_path.string());
    CHECK(db.get_metadata(std::string(kavosh::schema::kMetaAnalyzer)) == report.analyzer_id);
    CHECK(db.get_metadata(std::string(kavosh::schema::kMetaSchema)) ==
          kavosh::schema::kSchemaVersion);
    kavosh::Analyzer analyzer(config.options);
    kavosh::Result<eval::Run> run = eval::run_topics(db, analyzer, c.value().topics, false);
    REQUIRE(run.ok());
    REQUIRE_FALSE(run.value().at("1").empty());
    CHECK(run.value().at("1").front() == "HAM2-811011-001");
    CHECK(run.value().at("3").empty());
  }
}

TEST_CASE("pipeline: run_eval prints the table and keeps databases on request",
          "[eval][pipeline]") {
  TempDir dir;
  const std::filesystem::path root = dir.path() / "hamshahri";
  write_tiny_collection(root);

  eval::EvalOptions options;
  options.corpus = root;
  options.configs = {"plain", "full"};
  options.per_topic = true;
  options.keep_db = dir.path() / "dbs";
  std::ostringstream out, log;
  kavosh::Status s = eval::run_eval(options, out, log);
  INFO(log.str());
  REQUIRE(s.ok());
  CHECK_THAT(out.str(), Catch::Contains("plain") && Catch::Contains("full") &&
                            Catch::Contains("1.0000") && Catch::Contains("dMAP") &&
                            Catch::Contains("per-topic AP") && Catch::Contains("median") &&
                            Catch::Contains(kavosh::Analyzer().id()));
  CHECK_THAT(log.str(), Catch::Contains("topic 3 has no relevant document"));
  CHECK(std::filesystem::is_directory(dir.path() / "dbs" / "full"));

  SECTION("a kept database is never overwritten") {
    kavosh::Status again = eval::run_eval(options, out, log);
    REQUIRE_FALSE(again.ok());
    CHECK_THAT(again.error().message, Catch::Contains("already exists"));
  }
  SECTION("an unknown config is refused") {
    options.configs = {"full", "nope"};
    options.keep_db.reset();
    kavosh::Status bad = eval::run_eval(options, out, log);
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("unknown config 'nope'"));
  }
}
