// Near-duplicates in search results (collapse, similar_count, similar), the
// stored article (document), its near-duplicates (similar) and the stats,
// over a real database built by run_index().
#include <catch2/catch.hpp>

#include <xapian.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fixture_news.h"
#include "index_runner.h"
#include "index_util.h"
#include "kavosh/index/document.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/ranking.h"
#include "kavosh/search/service.h"
#include "test_util.h"

using kavosh::SearchRequest;
using kavosh::testing::NewsItem;
using kavosh::testing::TempDir;

namespace {

std::unique_ptr<kavosh::SearchService> index_and_open(const TempDir& dir,
                                                      const std::vector<NewsItem>& items,
                                                      kavosh::IndexSummary* summary_out = nullptr) {
  kavosh::testing::write_jsonl(dir / "in.jsonl", items);
  const kavosh::IndexSummary summary =
      kavosh::testing::index_inputs(dir / "db", {dir / "in.jsonl"});
  if (summary_out != nullptr) *summary_out = summary;
  auto service = kavosh::SearchService::open(dir / "db");
  REQUIRE(service.ok());
  return std::move(service).value();
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

kavosh::SearchResponse search(kavosh::SearchService& s, const std::string& q, bool collapse) {
  SearchRequest r;
  r.query = q;
  r.collapse = collapse;
  r.per_page = 100;
  auto res = s.search(r);
  REQUIRE(res.ok());
  return std::move(res).value();
}

}  // namespace

TEST_CASE("collapse: one hit per cluster of near-duplicates, with the others listed", "[similar]") {
  TempDir dir;
  kavosh::IndexSummary summary;
  auto service = index_and_open(dir, kavosh::testing::duplicate_corpus(), &summary);
  // d1, d2 and d3 are one story with a word or a title changed.
  REQUIRE(summary.duplicate_clusters == 1);
  REQUIRE(summary.duplicate_articles == 3);

  const auto collapsed = search(*service, "واکسن", true);
  CHECK(collapsed.total == 3);  // the cluster counts once, with o1 and o2
  CHECK(collapsed.total_exact);
  REQUIRE(collapsed.hits.size() == 3);
  int from_cluster = 0;
  for (const auto& h : collapsed.hits) {
    INFO(h.id);
    if (h.id == "o1" || h.id == "o2") {
      CHECK(h.similar_count == 0);
      CHECK(h.similar.empty());
      continue;
    }
    ++from_cluster;
    CHECK(h.similar_count == 2);
    std::vector<std::string> expected = {"d1", "d2", "d3"};
    expected.erase(std::find(expected.begin(), expected.end(), h.id));
    CHECK(sorted(h.similar) == expected);
  }
  CHECK(from_cluster == 1);

  const auto all = search(*service, "واکسن", false);
  CHECK(all.total == 5);
  REQUIRE(all.hits.size() == 5);
  for (const auto& h : all.hits) {
    INFO(h.id);
    CHECK(h.similar_count == (h.id[0] == 'd' ? 2u : 0u));
  }
  CHECK_FALSE(all.collapse);

  // Browsing collapses too; the newest member stands for its cluster.
  const auto browse = search(*service, "", true);
  CHECK(browse.total == 3);
  REQUIRE_FALSE(browse.hits.empty());
  CHECK(browse.hits[0].id == "d3");  // 2026-01-07, the newest of all
  CHECK(browse.hits[0].similar == std::vector<std::string>{"d2", "d1"});  // newest first
}

TEST_CASE("document: the stored article by id; ambiguous ids need a source", "[similar]") {
  TempDir dir;
  std::vector<NewsItem> items = kavosh::testing::duplicate_corpus();
  // The same record id in two sources.
  items.push_back({"100", "خبرگزاری پیک", "ورزش", "2026-01-01", "خبر یکم", "متن خبر یکم.", ""});
  items.push_back({"100", "روزنامه نگاه", "ورزش", "2026-01-02", "خبر دوم", "متن خبر دوم.", ""});
  auto service = index_and_open(dir, items);

  auto d2 = service->document("d2", "");
  REQUIRE(d2.ok());
  CHECK(d2.value().article.id == "d2");
  CHECK(d2.value().article.source == "روزنامه نگاه");
  CHECK(d2.value().article.title == "عنوان خبر");
  CHECK(d2.value().article.date == "2026-01-06");
  CHECK(d2.value().article.url == "https://x.example/d2");
  CHECK(d2.value().similar_count == 2);
  CHECK(sorted(d2.value().similar) == std::vector<std::string>{"d1", "d3"});
  auto o1 = service->document("o1", "");
  REQUIRE(o1.ok());
  CHECK(o1.value().similar_count == 0);

  auto missing = service->document("nope", "");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().status == 404);
  auto wrong_source = service->document("d2", "خبرگزاری پیک");
  REQUIRE_FALSE(wrong_source.ok());
  CHECK(wrong_source.error().status == 404);

  auto ambiguous = service->document("100", "");
  REQUIRE_FALSE(ambiguous.ok());
  CHECK(ambiguous.error().status == 409);
  CHECK(ambiguous.error().message.find("خبرگزاری پیک") != std::string::npos);
  CHECK(ambiguous.error().message.find("روزنامه نگاه") != std::string::npos);
  CHECK(ambiguous.error().message.find("'source'") != std::string::npos);
  // The source picks one, in any spelling; ids compare folded (۱۰۰ = 100).
  auto chosen = service->document("۱۰۰", "خبرگزاري پيک");
  REQUIRE(chosen.ok());
  CHECK(chosen.value().article.title == "خبر یکم");
}

TEST_CASE("similar: the near-duplicates of an article, newest first, with their leads",
          "[similar]") {
  TempDir dir;
  auto service = index_and_open(dir, kavosh::testing::duplicate_corpus());
  auto res = service->similar("d1", "");
  REQUIRE(res.ok());
  CHECK(res.value().id == "d1");
  CHECK(res.value().source == "خبرگزاری پیک");
  CHECK(res.value().total == 2);
  REQUIRE(res.value().hits.size() == 2);
  CHECK(res.value().hits[0].id == "d3");
  CHECK(res.value().hits[1].id == "d2");
  for (const auto& h : res.value().hits) {
    CHECK(h.snippet.text.rfind("واکسن", 0) == 0);  // the lead of the article
    CHECK(h.snippet.spans.empty());
    CHECK(h.title.spans.empty());
    CHECK(h.similar_count == 2);
  }
  auto none = service->similar("o1", "");
  REQUIRE(none.ok());
  CHECK(none.value().total == 0);
  CHECK(none.value().hits.empty());
  auto missing = service->similar("nope", "");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().status == 404);
}

TEST_CASE("stats: documents, sources, dates, duplicates, size, analyzer, schema", "[similar]") {
  TempDir dir;
  std::vector<NewsItem> items = kavosh::testing::duplicate_corpus();
  items.push_back({"u1", "خبرگزاري پيک", "ورزش", "", "بی‌تاریخ", "خبری بدون تاریخ.", ""});
  auto service = index_and_open(dir, items);
  auto stats = service->stats();
  REQUIRE(stats.ok());
  const kavosh::StatsResponse& s = stats.value();
  CHECK(s.documents == 6);
  REQUIRE(s.sources.size() == 3);
  CHECK(s.sources[0].count == 3);  // خبرگزاری پیک, in both spellings
  CHECK(s.sources[1].count == 2);
  CHECK(s.sources[2].value == "پایگاه سپیدار");
  CHECK(s.sources[2].count == 1);
  CHECK(s.first_date == "2026-01-03");
  CHECK(s.last_date == "2026-01-07");
  CHECK(s.undated == 1);
  CHECK(s.duplicate_clusters == 1);
  CHECK(s.duplicate_articles == 3);
  CHECK(s.database_bytes > 10000);
  CHECK(s.analyzer == kavosh::Analyzer().id());
  CHECK(s.schema_version == std::string(kavosh::schema::kSchemaVersion));
}

TEST_CASE("a database of the previous schema is refused with the re-index message", "[similar]") {
  TempDir dir;
  auto service = index_and_open(dir, kavosh::testing::filter_corpus());
  service.reset();
  {
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_OPEN);
    db.set_metadata(std::string(kavosh::schema::kMetaSchema), "1");
    db.commit();
  }
  auto reopened = kavosh::SearchService::open(dir / "db");
  REQUIRE_FALSE(reopened.ok());
  CHECK(reopened.error().message.find("schema version '1'") != std::string::npos);
  CHECK(reopened.error().message.find("re-index") != std::string::npos);
}

TEST_CASE("records without an id get a derived API id that opens them and stays stable",
          "[similar]") {
  TempDir dir;
  // The near-duplicate corpus as a crawler without ids writes it: URLs only,
  // and one record with neither id nor URL.
  std::vector<NewsItem> items = kavosh::testing::duplicate_corpus();
  auto write = [&](const std::string& path) {
    std::ofstream out(path);
    for (const NewsItem& n : items) {
      nlohmann::json j = {
          {"source", n.source}, {"title", n.title}, {"body", n.body}, {"date", n.date}};
      if (n.id != "o2") j["url"] = "https://x.example/" + n.id;
      out << j.dump() << "\n";
    }
  };
  write(dir / "in.jsonl");
  kavosh::testing::index_inputs(dir / "db", {dir / "in.jsonl"});
  auto opened = kavosh::SearchService::open(dir / "db");
  REQUIRE(opened.ok());
  auto& service = *opened.value();

  const auto found = search(service, "واکسن", true);
  REQUIRE(found.hits.size() == 3);
  std::vector<std::string> first_ids;
  for (const auto& h : found.hits) {
    INFO(h.title.text);
    REQUIRE(h.id.size() == 17);
    CHECK(h.id[0] == kavosh::kDerivedIdMark);
    first_ids.push_back(h.id);
    // The id opens the article and its near-duplicates.
    auto doc = service.document(h.id, "");
    REQUIRE(doc.ok());
    CHECK(doc.value().article.id == h.id);
    CHECK(doc.value().article.title == h.title.text);
    CHECK(doc.value().similar_count == h.similar_count);
    auto similar = service.similar(h.id, "");
    REQUIRE(similar.ok());
    CHECK(similar.value().total == h.similar_count);
    REQUIRE(h.similar.size() == h.similar_count);  // derived ids are listed too
    for (const auto& member : similar.value().hits) {
      CHECK(std::find(h.similar.begin(), h.similar.end(), member.id) != h.similar.end());
      CHECK(service.document(member.id, "").ok());
    }
  }
  // Indexing the same records again (a new database) gives the same ids.
  kavosh::testing::index_inputs(dir / "db2", {dir / "in.jsonl"});
  auto reopened = kavosh::SearchService::open(dir / "db2");
  REQUIRE(reopened.ok());
  std::vector<std::string> second_ids;
  for (const auto& h : search(*reopened.value(), "واکسن", true).hits) second_ids.push_back(h.id);
  CHECK(sorted(second_ids) == sorted(first_ids));
}
