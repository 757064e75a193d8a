// Filters (source, category, from/to), sorting, facets and Solar Hijri
// months of the search service, over a real database built by run_index().
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "fixture_news.h"
#include "index_runner.h"
#include "index_util.h"
#include "kavosh/index/dates.h"
#include "kavosh/index/document.h"
#include "kavosh/search/ranking.h"
#include "kavosh/search/service.h"
#include "test_util.h"

using kavosh::Facet;
using kavosh::SearchRequest;
using kavosh::SortOrder;
using kavosh::testing::NewsItem;
using kavosh::testing::TempDir;

namespace {

std::unique_ptr<kavosh::SearchService> index_and_open(const TempDir& dir,
                                                      const std::vector<NewsItem>& items) {
  kavosh::testing::write_jsonl(dir / "in.jsonl", items);
  REQUIRE(kavosh::testing::index_inputs(dir / "db", {dir / "in.jsonl"}).added == items.size());
  auto service = kavosh::SearchService::open(dir / "db");
  REQUIRE(service.ok());
  return std::move(service).value();
}

kavosh::SearchResponse run(kavosh::SearchService& s, const SearchRequest& r) {
  auto res = s.search(r);
  INFO((res.ok() ? std::string() : res.error().message));
  REQUIRE(res.ok());
  return std::move(res).value();
}

std::vector<std::string> ids(const kavosh::SearchResponse& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

SearchRequest request(const std::string& q) {
  SearchRequest r;
  r.query = q;
  r.per_page = 100;
  return r;
}

}  // namespace

TEST_CASE("filters: source (repeatable, any spelling), category, from/to in ISO and Jalali",
          "[filters]") {
  TempDir dir;
  auto service = index_and_open(dir, kavosh::testing::filter_corpus());

  struct Row {
    const char* what;
    std::string q;
    std::vector<std::string> sources;
    std::string category, from, to;
    std::vector<std::string> expected;
  };
  const Row rows[] = {
      {"one source, both its spellings", "", {"خبرگزاری پیک"}, "", "", "", {"p1", "p2", "p3"}},
      {"the source typed with Arabic yeh", "", {"خبرگزاري پيک"}, "", "", "", {"p1", "p2", "p3"}},
      {"two sources: either",
       "",
       {"خبرگزاری پیک", "پایگاه سپیدار"},
       "",
       "",
       "",
       {"p1", "p2", "p3", "s1", "s2"}},
      {"spaces around a source name", "", {"  روزنامه   نگاه "}, "", "", "", {"n1", "n2", "n3"}},
      {"an unknown source", "", {"خبرگزاری ناشناس"}, "", "", "", {}},
      {"category", "", {}, "اقتصاد", "", "", {"n1", "p1", "p2", "s2"}},
      {"category and query", "بودجه", {}, "اقتصاد", "", "", {"n1", "p1", "p2", "s2"}},
      {"query, source and category", "بودجه", {"روزنامه نگاه"}, "اقتصاد", "", "", {"n1"}},
      {"from/to ISO: `to` covers its whole day",
       "",
       {},
       "",
       "2025-12-22",
       "2026-01-20",
       {"n1", "p2", "p3"}},
      {"from/to Jalali, Persian digits",
       "",
       {},
       "",
       "۱۴۰۴/۱۰/۰۱",
       "۱۴۰۴/۱۰/۳۰",
       {"n1", "p2", "p3"}},
      {"from Jalali, ASCII digits, open end",
       "",
       {},
       "",
       "1404/10/01",
       "",
       {"n1", "n2", "p2", "p3"}},
      {"to only", "", {}, "", "", "2025-03-20", {"s1"}},
      {"one day", "", {}, "", "2026-01-21", "2026-01-21", {"n2"}},
      {"a time in `to` is exact", "", {}, "", "", "2025-12-21T09:00:00", {"s1", "s2"}},
      {"dates and query", "بودجه", {}, "", "1404/10/01", "1404/10/30", {"n1", "p2"}},
      {"everything at once",
       "فوتبال",
       {"خبرگزاري پيک"},
       "ورزش",
       "2026-01-01",
       "2026-01-31",
       {"p3"}},
  };
  for (const Row& row : rows) {
    INFO(row.what);
    SearchRequest r = request(row.q);
    r.sources = row.sources;
    r.category = row.category;
    r.from = row.from;
    r.to = row.to;
    const auto res = run(*service, r);
    CHECK(sorted(ids(res)) == row.expected);
    CHECK(res.total == row.expected.size());
    CHECK(res.total_exact);
  }
}

TEST_CASE("filters are echoed as applied, dates as ISO", "[filters]") {
  TempDir dir;
  auto service = index_and_open(dir, kavosh::testing::filter_corpus());
  SearchRequest r = request("بودجه");
  r.sources = {"خبرگزاری پیک", ""};
  r.category = "اقتصاد";
  r.from = "۱۴۰۴/۱۰/۰۱";
  r.to = "2026-01-20";
  const auto res = run(*service, r);
  CHECK(res.sources == std::vector<std::string>{"خبرگزاری پیک"});
  CHECK(res.category == "اقتصاد");
  CHECK(res.from == "2025-12-22");
  CHECK(res.to == "2026-01-20");
  CHECK(res.sort == SortOrder::kRelevance);
  CHECK(res.collapse);
  const auto plain = run(*service, request("بودجه"));
  CHECK(plain.from.empty());
  CHECK(plain.to.empty());
  CHECK(plain.sources.empty());
}

TEST_CASE("an empty query with a source lists that source's newest articles", "[filters]") {
  TempDir dir;
  auto service = index_and_open(dir, kavosh::testing::filter_corpus());
  SearchRequest r = request("");
  r.sources = {"روزنامه نگاه"};
  const auto res = run(*service, r);
  CHECK(ids(res) == std::vector<std::string>{"n2", "n1", "n3"});  // undated last
  r.per_page = 1;
  r.page = 2;
  const auto second = run(*service, r);
  CHECK(ids(second) == std::vector<std::string>{"n1"});
  CHECK(second.total == 3);
}

TEST_CASE("sort: newest, oldest (undated last in both), relevance", "[filters]") {
  TempDir dir;
  auto service = index_and_open(dir, kavosh::testing::filter_corpus());
  struct Row {
    std::string q;
    SortOrder sort;
    std::vector<std::string> expected;
  };
  const Row rows[] = {
      {"", SortOrder::kNewest, {"n2", "n1", "p3", "p2", "p1", "s2", "s1", "n3"}},
      {"", SortOrder::kOldest, {"s1", "s2", "p1", "p2", "p3", "n1", "n2", "n3"}},
      {"", SortOrder::kRelevance, {"n2", "n1", "p3", "p2", "p1", "s2", "s1", "n3"}},
      {"بودجه", SortOrder::kNewest, {"n1", "p2", "p1", "s2"}},
      {"بودجه", SortOrder::kOldest, {"s2", "p1", "p2", "n1"}},
      {"فوتبال", SortOrder::kNewest, {"p3", "n3"}},
      {"فوتبال", SortOrder::kOldest, {"p3", "n3"}},
  };
  for (const Row& row : rows) {
    INFO(row.q << " " << kavosh::sort_name(row.sort));
    SearchRequest r = request(row.q);
    r.sort = row.sort;
    const auto res = run(*service, r);
    CHECK(ids(res) == row.expected);
    CHECK(res.sort == row.sort);
  }
  // Paging follows the order.
  SearchRequest r = request("");
  r.sort = SortOrder::kOldest;
  r.per_page = 3;
  r.page = 2;
  CHECK(ids(run(*service, r)) == std::vector<std::string>{"p2", "p3", "n1"});
}

TEST_CASE("sort=recent: a fresh article outranks an old one of similar relevance", "[filters]") {
  TempDir dir;
  // "old" mentions the query word once more than "fresh"; both are otherwise alike.
  const std::vector<NewsItem> items = {
      {"old", "خبرگزاری پیک", "حوادث", "2025-10-01", "زلزله در کرمان",
       "زلزله کرمان را لرزاند و زلزله خسارت زیادی نداشت. مردم شب را بیرون ماندند.", ""},
      {"fresh", "روزنامه نگاه", "حوادث", "2026-01-01", "زلزله در کرمان",
       "زلزله کرمان را لرزاند و خسارت زیادی نداشت. مردم شب را بیرون ماندند.", ""},
      {"newest", "روزنامه نگاه", "ورزش", "2026-01-02", "فوتبال",
       "تیم فوتبال شهر امروز بازی کرد و برد.", ""},
      {"other", "روزنامه نگاه", "ورزش", "2025-12-30", "والیبال", "تیم والیبال امروز باخت.", ""},
  };
  auto service = index_and_open(dir, items);
  SearchRequest r = request("زلزله");
  const auto by_relevance = run(*service, r);
  REQUIRE(ids(by_relevance).size() == 2);
  CHECK(ids(by_relevance)[0] == "old");
  CHECK(by_relevance.hits[0].score > by_relevance.hits[1].score);
  r.sort = SortOrder::kRecent;
  const auto by_recent = run(*service, r);
  CHECK(ids(by_recent) == std::vector<std::string>{"fresh", "old"});
  CHECK(by_recent.sort == SortOrder::kRecent);
  CHECK(by_recent.total == 2);
  // An empty query has nothing to rank by: the newest first.
  r.query = "";
  CHECK(ids(run(*service, r)).front() == "newest");
}

TEST_CASE("facets: counts equal brute-force counts for every query and filter", "[facets]") {
  TempDir dir;
  const std::vector<NewsItem> items = kavosh::testing::filter_corpus();
  auto service = index_and_open(dir, items);

  struct Row {
    std::string q;  // one word, matched here as a substring of title or body
    std::vector<std::string> sources;
    std::string category, from, to;
  };
  const Row rows[] = {
      {"", {}, "", "", ""},
      {"بودجه", {}, "", "", ""},
      {"فوتبال", {}, "", "", ""},
      {"", {"خبرگزاري پيک"}, "", "", ""},
      {"", {}, "اقتصاد", "", ""},
      {"بودجه", {"خبرگزاری پیک", "روزنامه نگاه"}, "", "", ""},
      {"", {}, "", "1404/10/01", "1404/10/30"},
      {"مجلس", {}, "", "", ""},
  };
  for (const Row& row : rows) {
    for (bool collapse : {false, true}) {
      INFO("q=" << row.q << " category=" << row.category << " collapse=" << collapse);
      // Brute force over the table.
      std::map<std::string, std::uint64_t> sources, categories, months;
      std::uint64_t matches = 0;
      for (const NewsItem& n : items) {
        if (!row.q.empty() && n.title.find(row.q) == std::string::npos &&
            n.body.find(row.q) == std::string::npos) {
          continue;
        }
        if (!row.sources.empty() &&
            std::none_of(row.sources.begin(), row.sources.end(), [&](const std::string& s) {
              return kavosh::normalize_filter_value(s) == kavosh::normalize_filter_value(n.source);
            })) {
          continue;
        }
        if (!row.category.empty() && row.category != n.category) continue;
        if (!row.from.empty() && (n.month.empty() || n.month != "1404-10")) continue;
        ++matches;
        ++sources[kavosh::normalize_filter_value(n.source)];
        ++categories[n.category];
        if (!n.month.empty()) ++months[n.month];
      }
      SearchRequest r = request(row.q);
      r.sources = row.sources;
      r.category = row.category;
      r.from = row.from;
      r.to = row.to;
      r.collapse = collapse;
      r.facets = {Facet::kSource, Facet::kCategory, Facet::kMonth};
      const auto res = run(*service, r);
      CHECK(res.total == matches);
      REQUIRE(res.facets.size() == 3);
      std::map<std::string, std::uint64_t> got_sources, got_categories, got_months;
      for (const auto& v : res.facets[0].values) {
        got_sources[kavosh::normalize_filter_value(v.value)] += v.count;
      }
      for (const auto& v : res.facets[1].values) got_categories[v.value] += v.count;
      for (const auto& v : res.facets[2].values) got_months[v.value] += v.count;
      CHECK(res.facets[0].facet == Facet::kSource);
      CHECK(got_sources == sources);
      CHECK(got_categories == categories);
      CHECK(got_months == months);
      // Each source is listed once, whatever spellings its articles use.
      CHECK(res.facets[0].values.size() == sources.size());
    }
  }
}

TEST_CASE("facets: order, labels, and a month's range selects its count", "[facets]") {
  TempDir dir;
  auto service = index_and_open(dir, kavosh::testing::filter_corpus());
  SearchRequest r = request("");
  r.facets = {Facet::kMonth, Facet::kSource};
  const auto res = run(*service, r);
  REQUIRE(res.facets.size() == 2);
  CHECK(res.facets[0].facet == Facet::kMonth);
  std::vector<std::string> keys, labels;
  for (const auto& v : res.facets[0].values) {
    keys.push_back(v.value);
    labels.push_back(v.label);
  }
  CHECK(keys == std::vector<std::string>{"1404-11", "1404-10", "1404-09", "1404-01", "1403-12"});
  CHECK(labels ==
        std::vector<std::string>{"بهمن ۱۴۰۴", "دی ۱۴۰۴", "آذر ۱۴۰۴", "فروردین ۱۴۰۴", "اسفند ۱۴۰۳"});
  // The most frequent source first; each value filters to its own count.
  CHECK(res.facets[1].values.front().count == 3);
  for (const auto& v : res.facets[1].values) {
    SearchRequest f = request("");
    f.sources = {v.value};
    CHECK(run(*service, f).total == v.count);
  }
  for (const auto& v : res.facets[0].values) {
    INFO(v.value << " " << v.from << ".." << v.to);
    SearchRequest f = request("");
    f.from = v.from;
    f.to = v.to;
    CHECK(run(*service, f).total == v.count);
  }
  // No facets asked, none returned.
  CHECK(run(*service, request("")).facets.empty());
}

TEST_CASE("Solar Hijri months: keys, Persian labels, Gregorian ranges", "[dates]") {
  struct Row {
    const char* date;
    const char* key;
    const char* label;
    const char* from;
    const char* to;
  };
  const Row rows[] = {
      {"2026-01-06", "1404-10", "دی ۱۴۰۴", "2025-12-22", "2026-01-20"},
      {"2025-12-22T00:00:00", "1404-10", "دی ۱۴۰۴", "2025-12-22", "2026-01-20"},
      {"2026-01-20T23:59:59Z", "1404-10", "دی ۱۴۰۴", "2025-12-22", "2026-01-20"},
      {"2025-12-21", "1404-09", "آذر ۱۴۰۴", "2025-11-22", "2025-12-21"},
      {"2026-01-21", "1404-11", "بهمن ۱۴۰۴", "2026-01-21", "2026-02-19"},
      {"2024-03-20", "1403-01", "فروردین ۱۴۰۳", "2024-03-20", "2024-04-19"},
      {"2025-03-20", "1403-12", "اسفند ۱۴۰۳", "2025-02-19",
       "2025-03-20"},  // a leap Esfand: 30 days
      {"2026-03-20", "1404-12", "اسفند ۱۴۰۴", "2026-02-20", "2026-03-20"},
      {"2003-07-23", "1382-05", "مرداد ۱۳۸۲", "2003-07-23", "2003-08-22"},
      {"2020-09-22", "1399-07", "مهر ۱۳۹۹", "2020-09-22", "2020-10-21"},
  };
  for (const Row& r : rows) {
    INFO(r.date);
    const auto month = kavosh::jalali_month_of(r.date);
    REQUIRE(month.has_value());
    CHECK(kavosh::month_key(*month) == r.key);
    CHECK(kavosh::month_label(*month) == r.label);
    const kavosh::DateRange range = kavosh::month_range(*month);
    CHECK(range.from == r.from);
    CHECK(range.to == r.to);
    const auto parsed = kavosh::parse_month_key(r.key);
    REQUIRE(parsed.has_value());
    CHECK(*parsed == *month);
  }
  for (const char* bad : {"", "1404", "1404-13", "1404-1", "1404-01x", "abcd-01"}) {
    INFO(bad);
    CHECK_FALSE(kavosh::parse_month_key(bad).has_value());
  }
  CHECK_FALSE(kavosh::jalali_month_of("").has_value());
  CHECK_FALSE(kavosh::jalali_month_of("2025-02-30").has_value());
  CHECK(kavosh::date_of_sort_key("20260106093000") == "2026-01-06T09:30:00");
  CHECK(kavosh::date_of_sort_key("20260106000000") == "2026-01-06");
  CHECK(kavosh::date_of_sort_key("2026") == "");
}

TEST_CASE("filters: bad values are errors naming the parameter", "[filters]") {
  struct Row {
    std::string from, to;
    const char* name;
  };
  const Row rows[] = {
      {"2026-13-01", "", "'from'"},         {"", "yesterday", "'to'"},
      {"1404/12/31", "", "'from'"},         {"2026-02-01", "2026-01-01", "'from'"},
      {"۱۴۰۴/۱۱/۰۱", "۱۴۰۴/۱۰/۰۱", "'to'"},
  };
  for (const Row& r : rows) {
    INFO(r.from << " " << r.to);
    SearchRequest req;
    req.from = r.from;
    req.to = r.to;
    auto st = kavosh::validate(req);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().status == 400);
    CHECK(st.error().message.find(r.name) != std::string::npos);
  }
  SearchRequest many;
  many.sources.assign(SearchRequest::kMaxSources + 1, "x");
  CHECK(kavosh::validate(many).error().message.find("'source'") != std::string::npos);
  SearchRequest twice;
  twice.facets = {Facet::kMonth, Facet::kMonth};
  CHECK(kavosh::validate(twice).error().message.find("'facets'") != std::string::npos);
}

TEST_CASE("total: exact up to what is examined, more examined with facets", "[facets]") {
  // 300 articles: each has «باران» or «برف» or both, and each its own text.
  std::vector<NewsItem> items;
  const std::uint64_t expected = 300;
  for (int i = 0; i < 300; ++i) {
    const std::string weather = i % 3 == 0 ? "باران" : i % 3 == 1 ? "برف" : "باران و برف";
    items.push_back({"w" + std::to_string(i), "خبرگزاری پیک", "",
                     "2025-01-0" + std::to_string(i % 9 + 1), "گزارش " + std::to_string(i),
                     weather + " در شهر شماره " + std::to_string(i * 7919), ""});
  }
  TempDir dir;
  kavosh::testing::write_jsonl(dir / "in.jsonl", items);
  REQUIRE(kavosh::testing::index_inputs(dir / "db", {dir / "in.jsonl"}).added == items.size());
  kavosh::SearchOptions options;
  options.exact_total_up_to = 20;
  options.facet_sample_at_least = 500;
  auto opened = kavosh::SearchService::open(dir / "db", options);
  REQUIRE(opened.ok());
  kavosh::SearchService& service = *opened.value();

  SearchRequest r;
  r.query = "باران برف";  // either word: Xapian's bounds differ until every match is seen
  r.collapse = false;
  const auto counted = run(service, r);
  CHECK_FALSE(counted.total_exact);  // 20 (and what the ranking takes) examined, not all 300
  CHECK(counted.total > 0);
  CHECK(counted.hits.size() == 10);

  r.facets = {Facet::kSource};
  const auto faceted = run(service, r);
  CHECK(faceted.total_exact);  // at least 500 examined: all of them
  CHECK(faceted.total == expected);
  REQUIRE(faceted.facets.size() == 1);
  REQUIRE(faceted.facets[0].values.size() == 1);
  CHECK(faceted.facets[0].values[0].count == expected);
  CHECK(ids(faceted) == ids(counted));  // the same ranking
}
