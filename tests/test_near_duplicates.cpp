// Near-duplicate signatures and clusters (index/near_duplicates.h): SimHash
// of word 3-shingles, its stored form and band terms, and plan_clusters() on
// small real databases (written by IndexWriter, the one writer).
#include <catch2/catch.hpp>

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fixture_news.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/article.h"
#include "kavosh/index/document.h"
#include "kavosh/index/index_writer.h"
#include "kavosh/index/near_duplicates.h"
#include "kavosh/index/schema.h"
#include "kavosh/util/hash.h"
#include "test_util.h"

using kavosh::ClusterPlan;
using kavosh::ClusterStats;
using kavosh::kMaxDistance;
using kavosh::testing::TempDir;

namespace {

// Tokens whose stems are `stems` (text and offsets do not matter to SimHash).
std::vector<kavosh::Token> tokens_of(const std::vector<std::string>& stems) {
  std::vector<kavosh::Token> out;
  for (std::size_t i = 0; i < stems.size(); ++i) {
    kavosh::Token t;
    t.text = "text-" + stems[i];
    t.stem = stems[i];
    t.position = static_cast<std::uint32_t>(i);
    out.push_back(std::move(t));
  }
  return out;
}

// `n` distinct stems.
std::vector<std::string> distinct_stems(std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back("w" + std::to_string(i));
  return out;
}

std::uint64_t simhash_of(kavosh::Analyzer& analyzer, const std::string& text) {
  const std::optional<std::uint64_t> h = kavosh::simhash(analyzer.analyze(text));
  REQUIRE(h);
  return *h;
}

kavosh::Article article_of(const kavosh::testing::NewsItem& n) {
  kavosh::Article a;
  a.id = n.id;
  a.source = n.source;
  a.category = n.category;
  a.date = n.date;
  a.title = n.title;
  a.body = n.body;
  return a;
}

ClusterPlan plan_of(const std::string& path) {
  kavosh::Result<ClusterPlan> plan = kavosh::plan_clusters(Xapian::Database(path));
  REQUIRE(plan.ok());
  return std::move(plan).value();
}

// Cluster values by docid, as "docid=value" lines in docid order (readable
// when a check fails).
using Values = std::map<Xapian::docid, std::string>;
std::vector<std::string> lines_of(const Values& values) {
  std::vector<std::string> out;
  for (const auto& [id, value] : values) out.push_back(std::to_string(id) + "=" + value);
  return out;
}

std::vector<std::string> changes_of(const ClusterPlan& plan) {
  return lines_of(Values(plan.changes.begin(), plan.changes.end()));
}

// The stored cluster value of every document (empty: none).
std::vector<std::string> stored_clusters(const std::string& path) {
  Xapian::Database db(path);
  Values out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    out[*it] = db.get_document(*it).get_value(kavosh::schema::kSlotCluster);
  }
  return lines_of(out);
}

std::unique_ptr<kavosh::IndexWriter> open_writer(const std::string& path) {
  auto writer = kavosh::IndexWriter::open(path, kavosh::AnalyzerOptions{}, "run1");
  REQUIRE(writer.ok());
  return std::move(writer).value();
}

void check_stats(const ClusterStats& got, const ClusterStats& want) {
  CHECK(got.documents == want.documents);
  CHECK(got.clusters == want.clusters);
  CHECK(got.members == want.members);
  CHECK(got.updated == want.updated);
}

}  // namespace

TEST_CASE("simhash: nothing for texts of fewer than kMinShingles shingles", "[near_duplicates]") {
  struct Row {
    std::size_t tokens;
    bool has_hash;
  };
  const Row rows[] = {
      {0, false},
      {1, false},
      {3, false},
      {kavosh::kMinShingles, false},
      {kavosh::kMinShingles + 1, false},  // kMinShingles - 1 shingles
      {kavosh::kMinShingles + 2, true},   // kMinShingles shingles
      {300, true},
  };
  for (const Row& r : rows) {
    INFO(r.tokens << " tokens");
    CHECK(kavosh::simhash(tokens_of(distinct_stems(r.tokens))).has_value() == r.has_hash);
  }
}

TEST_CASE("simhash: equal stems give equal hashes, whatever the spelling", "[near_duplicates]") {
  // Only the stems count: other texts and offsets, the same signature.
  std::vector<kavosh::Token> a = tokens_of(distinct_stems(40));
  std::vector<kavosh::Token> b = a;
  for (kavosh::Token& t : b) {
    t.text = "other";
    t.start += 7;
    t.end += 9;
  }
  CHECK(kavosh::simhash(a) == kavosh::simhash(b));

  // Spellings the analyzer folds are not edits.
  kavosh::Analyzer analyzer;
  const std::string persian = "کتاب‌های تازه " +
                              kavosh::testing::generated_text(5, 60) + " می‌خواهم ۱۲۳";
  std::string arabic = persian;
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"ی", "ي"}, {"ک", "ك"}, {"\u200c", ""}, {"۱۲۳", "123"}}) {
    for (std::size_t at = arabic.find(from); at != std::string::npos;
         at = arabic.find(from, at + to.size())) {
      arabic.replace(at, from.size(), to);
    }
  }
  REQUIRE(arabic != persian);
  CHECK(simhash_of(analyzer, arabic) == simhash_of(analyzer, persian));

  // The order of the words is part of the signature (shingles, not a bag of words).
  std::vector<kavosh::Token> reversed = a;
  std::reverse(reversed.begin(), reversed.end());
  CHECK(kavosh::simhash(reversed) != kavosh::simhash(a));
}

TEST_CASE("simhash: a small edit changes few bits, another story many", "[near_duplicates]") {
  kavosh::Analyzer analyzer;
  const std::string story = kavosh::testing::generated_text(37, 300);
  const std::uint64_t base = simhash_of(analyzer, story);

  std::vector<kavosh::Token> tokens = analyzer.analyze(story);
  REQUIRE(tokens.size() == 300);
  std::vector<kavosh::Token> one_word = tokens;
  one_word[150].stem = "افزوده";  // one word replaced in the middle
  std::vector<kavosh::Token> inserted = tokens;
  inserted.insert(inserted.begin() + 100, one_word[150]);  // one word inserted
  std::vector<kavosh::Token> dropped = tokens;
  dropped.erase(dropped.begin() + 200);  // one word left out
  for (const auto& edited : {one_word, inserted, dropped}) {
    const std::optional<std::uint64_t> h = kavosh::simhash(edited);
    REQUIRE(h);
    CHECK(kavosh::hamming_distance(base, *h) <= kMaxDistance);
  }

  // Other stories from the same vocabulary are far apart.
  for (unsigned seed : {11u, 12u, 38u}) {
    INFO("seed " << seed);
    const std::uint64_t other = simhash_of(analyzer, kavosh::testing::generated_text(seed, 300));
    CHECK(kavosh::hamming_distance(base, other) > 3 * kMaxDistance);
  }
}

TEST_CASE("hamming_distance counts the differing bits", "[near_duplicates]") {
  struct Row {
    std::uint64_t a, b;
    int distance;
  };
  const Row rows[] = {
      {0, 0, 0},
      {0x0123456789abcdefULL, 0x0123456789abcdefULL, 0},
      {0, ~0ULL, 64},
      {1, 3, 1},
      {0xF0, 0x0F, 8},
      {0x8000000000000000ULL, 0, 1},
      {0x8000000000000001ULL, 1, 1},
      {0xFFFF000000000000ULL, 0x0000FFFF00000000ULL, 32},
  };
  for (const Row& r : rows) {
    INFO(std::hex << r.a << " " << r.b);
    CHECK(kavosh::hamming_distance(r.a, r.b) == r.distance);
    CHECK(kavosh::hamming_distance(r.b, r.a) == r.distance);
  }
}

TEST_CASE("encode_simhash and decode_simhash: 16 lower-case hex digits", "[near_duplicates]") {
  struct Row {
    std::uint64_t hash;
    const char* encoded;
  };
  const Row rows[] = {
      {0, "0000000000000000"},
      {1, "0000000000000001"},
      {0x0123456789abcdefULL, "0123456789abcdef"},
      {0xfedcba9876543210ULL, "fedcba9876543210"},
      {~0ULL, "ffffffffffffffff"},
  };
  for (const Row& r : rows) {
    INFO(r.encoded);
    CHECK(kavosh::encode_simhash(r.hash) == r.encoded);
    CHECK(kavosh::decode_simhash(r.encoded) == r.hash);
  }

  const char* const malformed[] = {
      "",
      "0",
      "123456789abcdef",    // 15 digits
      "0123456789abcdef0",  // 17 digits
      "0123456789ABCDEF",   // upper case
      "0x23456789abcdef",
      " 123456789abcdef",
      "123456789abcdef ",
      "-123456789abcdef",
      "+123456789abcdef",
      "g123456789abcdef",
  };
  for (const char* value : malformed) {
    INFO("'" << value << "'");
    CHECK_FALSE(kavosh::decode_simhash(value).has_value());
  }
  // A NUL inside the sixteen bytes.
  CHECK_FALSE(kavosh::decode_simhash(std::string("01234567\0009abcdef", 16)).has_value());
}

TEST_CASE("band_terms: four 16-bit bands, shared by hashes within kMaxDistance",
          "[near_duplicates]") {
  const std::string prefix(kavosh::schema::kPrefixDupBand);
  CHECK(kavosh::band_terms(0x0123456789abcdefULL) ==
        std::vector<std::string>{prefix + "0cdef", prefix + "189ab", prefix + "24567",
                                 prefix + "30123"});
  CHECK(kavosh::band_terms(0) == std::vector<std::string>{prefix + "00000", prefix + "10000",
                                                          prefix + "20000", prefix + "30000"});

  auto shared = [](std::uint64_t a, std::uint64_t b) {
    const std::vector<std::string> ta = kavosh::band_terms(a), tb = kavosh::band_terms(b);
    int n = 0;
    for (const std::string& t : ta) n += std::count(tb.begin(), tb.end(), t) > 0 ? 1 : 0;
    return n;
  };
  const std::uint64_t h = 0x0123456789abcdefULL;
  // kMaxDistance bits flipped, one in each of three bands: the fourth band is
  // shared, whichever it is.
  for (int kept = 0; kept < 4; ++kept) {
    std::uint64_t other = h;
    int flipped = 0;
    for (int band = 0; band < 4; ++band) {
      if (band == kept) continue;
      other ^= std::uint64_t{1} << (16 * band + 5 * band);
      ++flipped;
    }
    INFO("band kept: " << kept);
    REQUIRE(flipped == kMaxDistance);
    REQUIRE(kavosh::hamming_distance(h, other) == kMaxDistance);
    CHECK(shared(h, other) == 1);
    CHECK(kavosh::band_terms(other)[kept] == kavosh::band_terms(h)[kept]);
  }
  // All kMaxDistance bits in one band: the three others are shared.
  CHECK(shared(h, h ^ 0x7ULL) == 3);
  // One bit in each band (distance 4): no band in common.
  CHECK(shared(h, h ^ 0x0001000100010001ULL) == 0);
}

TEST_CASE("plan_clusters: chains of near signatures, the first article names the cluster",
          "[near_duplicates]") {
  TempDir dir;
  const std::string path = dir / "db";
  // Short articles (no SimHash of their own) given chosen signatures.
  struct Row {
    const char* id;
    std::optional<std::string> simhash;  // the stored value; nullopt: none
    std::string stale_cluster;           // a cluster value left from an earlier run
  };
  const std::uint64_t x = 0xAAAA5555AAAA5555ULL;
  const Row rows[] = {
      {"a1", kavosh::encode_simhash(0), ""},
      {"a2", kavosh::encode_simhash(0x7), ""},            // 3 bits from a1
      {"a3", kavosh::encode_simhash(0x7 | 0x70000), ""},  // 3 from a2, 6 from a1
      {"b1", kavosh::encode_simhash(x), ""},
      {"b2", kavosh::encode_simhash(x ^ 0x0100000000000001ULL), "0000000000000bad"},   // 2 bits
      {"far", kavosh::encode_simhash(x ^ 0xF000000000000000ULL), "0000000000000bad"},  // 4 bits
      {"bad", std::string("not a simhash"), ""},
      {"none", std::nullopt, ""},
  };
  {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
    kavosh::Analyzer analyzer;
    db.set_metadata(std::string(kavosh::schema::kMetaAnalyzer), analyzer.id());
    db.set_metadata(std::string(kavosh::schema::kMetaSchema),
                    std::string(kavosh::schema::kSchemaVersion));
    for (const Row& r : rows) {
      kavosh::Article a;
      a.id = r.id;
      a.title = "عنوان";
      a.body = "متن کوتاه";
      Xapian::Document doc = kavosh::build_document(a, analyzer);
      REQUIRE(doc.get_value(kavosh::schema::kSlotSimhash).empty());
      if (r.simhash) doc.add_value(kavosh::schema::kSlotSimhash, *r.simhash);
      if (!r.stale_cluster.empty()) doc.add_value(kavosh::schema::kSlotCluster, r.stale_cluster);
      db.add_document(doc);
    }
    db.commit();
  }
  // Docids follow the rows.
  auto cluster_named_by = [](const char* id) {
    kavosh::Article a;
    a.id = id;
    return kavosh::stable_hash(kavosh::unique_term(a));
  };
  const std::string a_cluster = cluster_named_by("a1");
  const std::string b_cluster = cluster_named_by("b1");
  REQUIRE(a_cluster != b_cluster);

  const ClusterPlan plan = plan_of(path);
  check_stats(plan.stats, {/*documents=*/6, /*clusters=*/2, /*members=*/5, /*updated=*/6});
  CHECK(changes_of(plan) == lines_of(Values{{1, a_cluster},
                                            {2, a_cluster},
                                            {3, a_cluster},
                                            {4, b_cluster},
                                            {5, b_cluster},
                                            {6, ""}}));

  // Applied by the writer, the plan leaves nothing to change.
  {
    auto writer = open_writer(path);
    const kavosh::Result<ClusterStats> applied = writer->update_clusters();
    REQUIRE(applied.ok());
    check_stats(applied.value(), plan.stats);
  }
  CHECK(stored_clusters(path) == lines_of(Values{{1, a_cluster},
                                                 {2, a_cluster},
                                                 {3, a_cluster},
                                                 {4, b_cluster},
                                                 {5, b_cluster},
                                                 {6, ""},
                                                 {7, ""},
                                                 {8, ""}}));
  const ClusterPlan again = plan_of(path);
  CHECK(again.changes.empty());
  check_stats(again.stats, {6, 2, 5, 0});
}

TEST_CASE("plan_clusters: syndicated articles from IndexWriter, then edits", "[near_duplicates]") {
  TempDir dir;
  const std::string path = dir / "db";
  // d1, d2, d3: one story (a word inserted, another title); o1, o2: others.
  const std::vector<kavosh::testing::NewsItem> items = kavosh::testing::duplicate_corpus();
  REQUIRE(items.size() == 5);
  auto writer = open_writer(path);
  for (const auto& n : items) REQUIRE(writer->add(article_of(n), "in:" + n.id).ok());
  kavosh::Article short_one;
  short_one.id = "short";
  short_one.title = "کوتاه";
  short_one.body = "خبری کوتاه بدون امضا.";
  REQUIRE(writer->add(short_one, "in:short").ok());
  REQUIRE(writer->commit().ok());

  {
    // Every article long enough has a signature and its band terms.
    Xapian::Database db(path);
    for (Xapian::docid id = 1; id <= 6; ++id) {
      INFO("docid " << id);
      const Xapian::Document doc = db.get_document(id);
      const std::optional<std::uint64_t> h =
          kavosh::decode_simhash(doc.get_value(kavosh::schema::kSlotSimhash));
      CHECK(h.has_value() == (id <= 5));
      if (!h) continue;
      for (const std::string& band : kavosh::band_terms(*h)) {
        CHECK(db.postlist_begin(band) != db.postlist_end(band));
        auto t = doc.termlist_begin();
        t.skip_to(band);
        CHECK((t != doc.termlist_end() && *t == band));
      }
    }
  }

  const std::string cluster = kavosh::stable_hash(kavosh::unique_term(article_of(items[0])));
  const ClusterPlan first = plan_of(path);
  check_stats(first.stats, {5, 1, 3, 3});
  CHECK(changes_of(first) == lines_of(Values{{1, cluster}, {2, cluster}, {3, cluster}}));
  const kavosh::Result<ClusterStats> applied = writer->update_clusters();
  REQUIRE(applied.ok());
  check_stats(applied.value(), first.stats);
  CHECK(plan_of(path).changes.empty());
  // Every member carries the cluster's membership term beside the value.
  auto members = [&path](const std::string& c) {
    Xapian::Database db(path);
    std::vector<Xapian::docid> out;
    const std::string term = kavosh::schema::cluster_term(c);
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) out.push_back(*p);
    return out;
  };
  CHECK(members(cluster) == std::vector<Xapian::docid>{1, 2, 3});

  // A stored article replaced by the same text is written without its
  // cluster value: the plan puts it back, and only there.
  REQUIRE(writer->add(article_of(items[2]), "in:d3-again").ok());
  REQUIRE(writer->commit().ok());
  const ClusterPlan second = plan_of(path);
  check_stats(second.stats, {5, 1, 3, 1});
  CHECK(changes_of(second) == lines_of(Values{{3, cluster}}));
  REQUIRE(writer->update_clusters().ok());
  CHECK(plan_of(path).changes.empty());

  // d3 rewritten as another story leaves the cluster (its new version has no
  // value to clear); d1 and d2 stay one.
  kavosh::Article d3 = article_of(items[2]);
  d3.body = kavosh::testing::generated_text(99, 300);
  REQUIRE(writer->add(d3, "in:d3-rewritten").ok());
  REQUIRE(writer->commit().ok());
  const ClusterPlan third = plan_of(path);
  check_stats(third.stats, {5, 1, 2, 0});
  CHECK(third.changes.empty());
  CHECK(stored_clusters(path) ==
        lines_of(Values{{1, cluster}, {2, cluster}, {3, ""}, {4, ""}, {5, ""}, {6, ""}}));
  CHECK(members(cluster) == std::vector<Xapian::docid>{1, 2});

  // d2 too: d1 is alone and leaves its cluster.
  kavosh::Article d2 = article_of(items[1]);
  d2.body = kavosh::testing::generated_text(98, 300);
  REQUIRE(writer->add(d2, "in:d2-rewritten").ok());
  REQUIRE(writer->commit().ok());
  const ClusterPlan fourth = plan_of(path);
  check_stats(fourth.stats, {5, 0, 0, 1});
  CHECK(changes_of(fourth) == lines_of(Values{{1, ""}}));
  REQUIRE(writer->update_clusters().ok());
  const ClusterPlan last = plan_of(path);
  CHECK(last.changes.empty());
  check_stats(last.stats, {5, 0, 0, 0});
  CHECK(stored_clusters(path) ==
        lines_of(Values{{1, ""}, {2, ""}, {3, ""}, {4, ""}, {5, ""}, {6, ""}}));
  CHECK(members(cluster).empty());  // the term left with the value
}

TEST_CASE("plan_clusters: an empty database has nothing to plan", "[near_duplicates]") {
  TempDir dir;
  { Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE); }
  const ClusterPlan plan = plan_of(dir / "db");
  CHECK(plan.changes.empty());
  check_stats(plan.stats, {0, 0, 0, 0});
}
