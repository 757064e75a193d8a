// The near-duplicate pair set's reader and scoring (eval/duplicates.h) on a
// small database of our own, written by the real indexer.
#include <catch2/catch.hpp>

#include <sstream>

#include "eval/duplicates.h"
#include "fixture_news.h"
#include "index_util.h"
#include "test_util.h"

using kavosh::eval::DetectorScores;
using kavosh::eval::DuplicatePair;
using kavosh::eval::parse_duplicate_pairs;

TEST_CASE("duplicate pairs: read from TSV, bad lines named by place", "[eval]") {
  std::istringstream good(
      "# comment\n\nD001\tcopy\theadline-rewritten\thttps://a/1\thttps://b/2\r\n"
      "D002\tdistinct\tdaily-report\thttps://a/3\thttps://a/4\n");
  auto pairs = parse_duplicate_pairs(good, "pairs.tsv");
  REQUIRE(pairs.ok());
  REQUIRE(pairs.value().size() == 2);
  CHECK(pairs.value()[0].copy);
  CHECK(pairs.value()[0].url_b == "https://b/2");
  CHECK_FALSE(pairs.value()[1].copy);
  CHECK(pairs.value()[1].kind == "daily-report");

  struct Row {
    const char* text;
    const char* message;
  };
  for (const Row& r :
       {Row{"D001\tcopy\tidentical\thttps://a/1\n", "pairs.tsv:1: expected 5"},
        Row{"\nD001\tcopy\t\thttps://a/1\thttps://a/2\n", "pairs.tsv:2: an empty"},
        Row{"D001\tsame\tidentical\thttps://a/1\thttps://a/2\n", "pairs.tsv:1: label 'same'"},
        Row{"D001\tcopy\tidentical\thttps://a/1\thttps://a/1\n", "pairs.tsv:1: a pair of one URL"},
        Row{"D001\tcopy\tidentical\thttps://a/1\thttps://a/2\n"
            "D001\tdistinct\tsame-event\thttps://a/3\thttps://a/4\n",
            "pairs.tsv:2: pair D001 repeated"}}) {
    std::istringstream in(r.text);
    auto bad = parse_duplicate_pairs(in, "pairs.tsv");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.rfind(r.message, 0) == 0);
  }
}

TEST_CASE("duplicate pairs: the clusters, the pair rule and the baselines scored", "[eval]") {
  kavosh::testing::TempDir dir;
  // d1, d2, d3: one story (a word inserted; another headline); o1, o2: others.
  kavosh::testing::write_jsonl(dir / "in.jsonl", kavosh::testing::duplicate_corpus());
  kavosh::testing::index_inputs(dir / "db", {dir / "in.jsonl"});
  const Xapian::Database db(dir / "db");
  kavosh::Analyzer analyzer;
  auto url = [](const char* id) { return std::string("https://x.example/") + id; };
  const std::vector<DuplicatePair> pairs = {
      {"D1", true, "paragraph-added", url("d1"), url("d2")},
      {"D2", true, "headline-rewritten", url("d1"), url("d3")},
      {"D3", false, "same-event", url("d1"), url("o1")},
      {"D4", false, "same-event", url("o1"), url("o2")},
      {"D5", true, "identical", url("o1"), url("o2")},  // labelled wrong on purpose
  };
  auto scored = kavosh::eval::score_duplicates(db, analyzer, pairs);
  REQUIRE(scored.ok());
  const kavosh::eval::DuplicateReport& r = scored.value();
  CHECK(r.articles == 5);
  CHECK(r.fingerprinted == 5);
  CHECK(r.clusters == 1);
  CHECK(r.members == 3);
  CHECK(r.pairs_by_kind.at("same-event") == 2);
  CHECK_FALSE(r.kind_is_copy.at("same-event"));
  REQUIRE(r.detectors.size() == 4);
  for (const DetectorScores& d : {r.detectors[0], r.detectors[1]}) {
    INFO(d.name);
    CHECK(d.true_positive == 2);
    CHECK(d.false_negative == 1);
    CHECK(d.true_negative == 2);
    CHECK(d.false_positive == 0);
    CHECK(d.precision() == 1.0);
    CHECK(d.recall() == Approx(2.0 / 3));
    CHECK(d.called_copy.at("headline-rewritten") == 1);
    CHECK(d.called_copy.count("same-event") == 0);
  }
  // One word in 300 changed: exact 5-grams still overlap far beyond 0.8.
  CHECK(r.detectors[2].true_positive == 2);
  REQUIRE(r.misses.size() == 1);
  CHECK(r.misses[0].rfind("D5 copy/identical: not clustered (containment 0.", 0) == 0);

  // A URL of no article is named.
  auto missing = kavosh::eval::score_duplicates(
      db, analyzer, {{"D9", true, "identical", url("d1"), url("nowhere")}});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message == "pair D9: no article has URL https://x.example/nowhere");
}
