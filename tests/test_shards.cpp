// An archive served from several databases (search/shards.h): --db
// addresses, the metadata overlay, and local shards answering exactly as one
// database holding every article.
#include <xapian.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "fixture_news.h"
#include "kavosh/index/document.h"
#include "kavosh/index/near_duplicates.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/service.h"
#include "kavosh/search/shards.h"
#include "shard_util.h"

using namespace kavosh::testing;  // NOLINT(google-build-using-namespace): test helpers

TEST_CASE("shards: --db is a directory or tcp://HOST:PORT", "[shards]") {
  struct Row {
    const char* spec;
    const char* path;
    const char* host;
    unsigned port;
  };
  const Row good[] = {
      {"/srv/kavosh/db", "/srv/kavosh/db", "", 0},
      {"db", "db", "", 0},
      {"tcp://127.0.0.1:33333", "", "127.0.0.1", 33333},
      {"tcp://[::1]:8100", "", "::1", 8100},
      {"tcp://shard-2.internal:1", "", "shard-2.internal", 1},
      {"tcp://host:65535", "", "host", 65535},
  };
  for (const Row& r : good) {
    INFO(r.spec);
    kavosh::Result<kavosh::ShardAddress> a = kavosh::parse_shard_address(r.spec);
    REQUIRE(a.ok());
    CHECK(a.value().spec == r.spec);
    CHECK(a.value().path == r.path);
    CHECK(a.value().host == r.host);
    CHECK(a.value().port == r.port);
    CHECK(a.value().remote() == (r.port != 0));
  }
  for (const char* bad :
       {"", "tcp://", "tcp://host", "tcp://host:", "tcp://host:0", "tcp://host:65536",
        "tcp://host:80x", "tcp://:8000", "tcp://a/b:80", "tcp://host:123456"}) {
    INFO(bad);
    kavosh::Result<kavosh::ShardAddress> a = kavosh::parse_shard_address(bad);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().status == 400);
    CHECK(a.error().param == "--db");
  }
}

TEST_CASE("shards: Xapian numbers a combined database's documents as combined_docid says",
          "[shards]") {
  TempDir dir;
  std::vector<Xapian::Database> parts;
  const unsigned sizes[] = {3, 0, 5};  // an empty part too
  for (unsigned p = 0; p < 3; ++p) {
    Xapian::WritableDatabase w(dir / ("p" + std::to_string(p)), Xapian::DB_CREATE);
    for (unsigned d = 0; d < sizes[p]; ++d) {
      Xapian::Document doc;
      doc.set_data(std::to_string(p) + "/" + std::to_string(d + 1));
      w.add_document(doc);
    }
    w.commit();
    parts.emplace_back(dir / ("p" + std::to_string(p)));
  }
  Xapian::Database combined;
  for (const Xapian::Database& p : parts) combined.add_database(p);
  for (unsigned p = 0; p < 3; ++p) {
    for (Xapian::docid local = 1; local <= sizes[p]; ++local) {
      CHECK(combined.get_document(kavosh::combined_docid(local, p, 3)).get_data() ==
            std::to_string(p) + "/" + std::to_string(local));
    }
  }
}

namespace {

// Two copies of a long story and a story of its own, with ids of `prefix`.
std::vector<NewsItem> copies(const std::string& prefix, unsigned seed, const std::string& date) {
  const std::string base = "باران " + generated_text(seed, 300);
  std::string edited = base;
  edited.insert(edited.find(' ', edited.size() / 2), " امروز");
  return {
      {prefix + "1", "خبرگزاری پیک", "جامعه", date, "باران در شهر", base, ""},
      {prefix + "2", "روزنامه نگاه", "جامعه", date, "باران در شهر", edited, ""},
      {prefix + "3", "پایگاه سپیدار", "جامعه", date, "خبر دیگر",
       "باران " + generated_text(seed + 100, 300), ""},
  };
}

std::map<std::string, std::string> metadata_of(const Xapian::Database& db) {
  std::map<std::string, std::string> out;
  for (Xapian::TermIterator k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
    out[*k] = db.get_metadata(*k);
  }
  return out;
}

}  // namespace

TEST_CASE("shards: the overlay holds every shard's metadata with cluster members renumbered",
          "[shards]") {
  TempDir dir;
  // Part one: the duplicate corpus (a cluster of three) and a pair; part two
  // another pair. Each is clustered on its own.
  std::vector<NewsItem> one = duplicate_corpus();
  for (const NewsItem& n : copies("a", 51, "2026-02-01")) one.push_back(n);
  write_jsonl(dir / "one.jsonl", one);
  write_jsonl(dir / "two.jsonl", copies("b", 61, "2026-02-03"));
  index_inputs(dir / "one", {dir / "one.jsonl"});
  index_inputs(dir / "two", {dir / "two.jsonl"});
  const std::vector<Xapian::Database> shards = {Xapian::Database(dir / "one"),
                                                Xapian::Database(dir / "two")};
  kavosh::build_overlay(shards, dir / "overlay");
  Xapian::Database combined(dir / "overlay");
  for (const Xapian::Database& s : shards) combined.add_database(s);
  CHECK(combined.get_doccount() == 11);

  const std::map<std::string, std::string> overlay = metadata_of(Xapian::Database(dir / "overlay"));
  const std::string cluster_prefix(kavosh::schema::kMetaClusterPrefix);
  const std::string letters_prefix(kavosh::schema::kMetaLetterFormPrefix);
  std::size_t clusters = 0;
  for (std::size_t i = 0; i < shards.size(); ++i) {
    for (const auto& [key, value] : metadata_of(shards[i])) {
      INFO(key);
      REQUIRE(overlay.count(key) == 1);
      if (key.compare(0, cluster_prefix.size(), cluster_prefix) == 0) {
        ++clusters;
        // The same members, each the same article in the combined numbering.
        const auto local = kavosh::decode_cluster_members(value).value();
        const auto mapped = kavosh::decode_cluster_members(overlay.at(key)).value();
        REQUIRE(mapped.size() == local.size());
        for (std::size_t m = 0; m < local.size(); ++m) {
          CHECK(mapped[m].id == local[m].id);
          CHECK(mapped[m].docid == kavosh::combined_docid(local[m].docid, i + 1, 3));
          CHECK(combined.get_document(mapped[m].docid).get_value(kavosh::schema::kSlotApiId) ==
                local[m].id);
        }
      } else if (key.compare(0, letters_prefix.size(), letters_prefix) != 0) {
        // The analyzer, the schema, compounds and written forms: the first
        // shard's value (the same in every shard that has the key).
        if (i == 0 || metadata_of(shards[0]).count(key) == 0) CHECK(overlay.at(key) == value);
      }
    }
  }
  CHECK(clusters == 3);
  // Letter forms: the counts of every shard added up.
  for (const auto& [key, value] : overlay) {
    if (key.compare(0, letters_prefix.size(), letters_prefix) != 0) continue;
    CHECK(value ==
          kavosh::merge_letter_forms({shards[0].get_metadata(key), shards[1].get_metadata(key)}));
  }
  // Spelling: the words of both.
  std::size_t words = 0;
  for (auto w = combined.spellings_begin(); w != combined.spellings_end(); ++w) ++words;
  CHECK(words > 0);
}

TEST_CASE("shards: local shards of the sample corpus answer as the whole database", "[shards]") {
  TempDir dir;
  const std::vector<std::string> parts = index_parts(dir, {sample_corpus()}, 3);
  auto whole = kavosh::SearchService::open(dir / "whole");
  auto sharded = kavosh::SearchService::open(parts);
  REQUIRE(whole.ok());
  REQUIRE(sharded.ok());
  std::size_t hits = 0;
  for (const kavosh::SearchRequest& r :
       shard_requests({"تهران", "نمایشگاه کتاب", "قیمت سکه", "باران", "نمایشگه", ""})) {
    INFO(r.query << " sort " << kavosh::sort_name(r.sort) << " page " << r.page << " collapse "
                 << r.collapse);
    const auto a = whole.value()->search(r);
    const auto b = sharded.value()->search(r);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(answer_summary(b.value()) == answer_summary(a.value()));
    CHECK(b.value().missing_shards.empty());
    hits += a.value().hits.size();
  }
  CHECK(hits > 100);
  // The article, its near-duplicates, completions and statistics.
  for (const char* id : {"ng-0050", "pk-0049", "as-0067"}) {
    const auto a = whole.value()->document(id, "");
    const auto b = sharded.value()->document(id, "");
    REQUIRE(b.ok());
    CHECK(b.value().article.title == a.value().article.title);
    CHECK(b.value().similar == a.value().similar);
  }
  CHECK(sharded.value()->suggest("تهر").value().suggestions ==
        whole.value()->suggest("تهر").value().suggestions);
  const auto sa = whole.value()->stats().value();
  const auto sb = sharded.value()->stats().value();
  CHECK(sb.documents == sa.documents);
  CHECK(sb.first_date == sa.first_date);
  CHECK(sb.last_date == sa.last_date);
  CHECK(sb.sources.size() == sa.sources.size());
}

namespace {

// `n` generated articles (JSON lines) over a small vocabulary: the words
// «خرس» and «قطبی» side by side in some, apart in others, one alone in more,
// with filler of every length, so that a two-word query has many matches of
// each kind in every part.
std::string generated_articles(const TempDir& dir, int n) {
  const std::vector<std::string> filler = {
      "یخ",     "دریا",    "شمال",    "گرما", "زمین", "حیوان", "شکار", "جزیره", "سرما",
      "برف",    "پژوهش",   "دانشمند", "جنگل", "آب",   "ماهی",  "کوه",  "باد",   "خورشید",
      "زمستان", "تابستان", "سفر",     "نقشه", "مرز",  "رود",   "دشت",  "باران", "ابر"};
  std::uint32_t seed = 12345;
  auto next = [&seed](std::uint32_t bound) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % bound;
  };
  const std::string path = dir / "generated.jsonl";
  std::ofstream out(path);
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> words;
    const std::uint32_t length = 20 + next(200);
    for (std::uint32_t w = 0; w < length; ++w) words.push_back(filler[next(filler.size())]);
    const std::uint32_t kind = next(4);
    const std::uint32_t times = 1 + next(4);
    for (std::uint32_t t = 0; t < times; ++t) {
      const std::size_t at = next(static_cast<std::uint32_t>(words.size()));
      if (kind == 0) {  // side by side
        words.insert(words.begin() + static_cast<std::ptrdiff_t>(at), {"خرس", "قطبی"});
      } else if (kind == 1) {  // apart
        words.insert(words.begin() + static_cast<std::ptrdiff_t>(at), "خرس");
        words.insert(words.begin() + static_cast<std::ptrdiff_t>(
                                         next(static_cast<std::uint32_t>(words.size()))),
                     "قطبی");
      } else {  // one alone
        words.insert(words.begin() + static_cast<std::ptrdiff_t>(at), kind == 2 ? "خرس" : "قطبی");
      }
    }
    std::string body;
    for (const std::string& w : words) body += (body.empty() ? "" : " ") + w;
    out << R"({"id":"g)" << i << R"(","title":"گزارش )" << filler[next(filler.size())]
        << R"(","body":")" << body << R"("})"
        << "\n";
  }
  return path;
}

}  // namespace

// Over local shards Xapian numbers each part's matches apart and prunes each
// part's posting lists with the threshold the earlier parts set; its 1.4
// pruning of an AND_MAYBE that turns into an AND skips a document it owes
// (README, ranking features). The second pass once lost the proximity bonus
// of some articles so (a topic's first page came out in another order);
// it examines every candidate now.
TEST_CASE("shards: local shards rank a two-word query with proximity as the whole database",
          "[shards]") {
  TempDir dir;
  const std::vector<std::string> parts = index_parts(dir, {generated_articles(dir, 600)}, 3);
  auto whole = kavosh::SearchService::open(dir / "whole");
  auto sharded = kavosh::SearchService::open(parts);
  REQUIRE(whole.ok());
  REQUIRE(sharded.ok());
  std::size_t hits = 0;
  for (const char* q : {"خرس قطبی", "قطبی خرس", "خرس قطبی یخ"}) {
    for (int page = 1; page <= 3; ++page) {
      kavosh::SearchRequest r;
      r.query = q;
      r.collapse = false;
      r.page = page;
      INFO(q << " page " << page);
      const auto a = whole.value()->search(r);
      const auto b = sharded.value()->search(r);
      REQUIRE(a.ok());
      REQUIRE(b.ok());
      CHECK(answer_summary(b.value(), true, false) == answer_summary(a.value(), true, false));
      hits += a.value().hits.size();
    }
  }
  CHECK(hits == 90);
}

TEST_CASE("shards: shards built by another analyzer or missing are refused by name", "[shards]") {
  TempDir dir;
  index_inputs(dir / "good", {sample_corpus()}, 1, 2);
  {
    Xapian::WritableDatabase w(dir / "old", Xapian::DB_CREATE);
    w.set_metadata(std::string(kavosh::schema::kMetaAnalyzer), "kavosh-fa 1");
    w.add_document(Xapian::Document());
    w.commit();
  }
  auto old = kavosh::SearchService::open(std::vector<std::string>{dir / "good", dir / "old"});
  REQUIRE_FALSE(old.ok());
  CHECK(old.error().status == 409);
  CHECK(old.error().message.find(dir / "old") != std::string::npos);
  auto missing = kavosh::SearchService::open(std::vector<std::string>{dir / "good", dir / "nope"});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().status == 404);
  CHECK(missing.error().message.find(dir / "nope") != std::string::npos);
  auto bad = kavosh::SearchService::open(std::vector<std::string>{dir / "good", "tcp://x"});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().param == "--db");
}

TEST_CASE("shards: a shard's commit shows at once and in the overlay within seconds", "[shards]") {
  TempDir dir;
  write_jsonl(dir / "a.jsonl", duplicate_corpus());
  write_jsonl(dir / "b.jsonl", copies("b", 61, "2026-02-03"));
  index_inputs(dir / "a", {dir / "a.jsonl"});
  index_inputs(dir / "b", {dir / "b.jsonl"});
  auto service = kavosh::SearchService::open(std::vector<std::string>{dir / "a", dir / "b"});
  REQUIRE(service.ok());
  kavosh::SearchService& s = *service.value();
  const auto started = std::chrono::steady_clock::now();
  CHECK(s.similar("b1", "").value().total == 1);

  // A new pair of copies committed to the first shard.
  write_jsonl(dir / "new.jsonl", copies("n", 81, "2026-03-01"));
  index_inputs(dir / "a", {dir / "new.jsonl"});
  kavosh::SearchRequest r;
  r.query = "باران";
  r.collapse = false;
  const auto found = s.search(r).value();
  std::vector<std::string> ids;
  for (const kavosh::SearchHit& h : found.hits) ids.push_back(h.id);
  CHECK(std::count(ids.begin(), ids.end(), "n1") == 1);  // at once
  // Its near-duplicate list is metadata: in the overlay rebuilt at most 2 s
  // after the last, on the next request.
  std::this_thread::sleep_until(started + std::chrono::milliseconds(2200));
  const auto similar = s.similar("n1", "").value();
  REQUIRE(similar.total == 1);
  CHECK(similar.hits.at(0).id == "n2");
  CHECK(s.similar("b1", "").value().hits.at(0).id == "b2");  // the other shard's still right
}
