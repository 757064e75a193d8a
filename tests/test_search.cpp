// The search service over a real Xapian database built by run_index().
#include <catch2/catch.hpp>

#include <xapian.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "html.h"
#include "index_runner.h"
#include "index_util.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/ranking.h"
#include "kavosh/search/service.h"
#include "test_util.h"

using kavosh::SearchRequest;
using kavosh::testing::TempDir;

namespace {

const char* kArticles[] = {
    R"({"id":"1","url":"https://a.example/1","title":"نمایشگاه کتاب تهران","body":"در این نمایشگاه هر کتابی که بخواهید پیدا می‌شود.","date":"2025-11-03 09:30:00","source":"پیک","category":"فرهنگ"})",
    R"({"id":"2","url":"https://a.example/2","title":"ورزش همگانی","body":"جوانان در پارک‌ها ورزش میورزند و شادند.","date":"2025-11-05","source":"پیک","category":"ورزش"})",
    R"({"id":"3","url":"https://b.example/3","title":"بازار","body":"قیمت سکه ۱۲۳٬۴۵۶ تومان شد و تورم بالا رفت.","date":"2025-10-01","source":"نگاه","category":"اقتصاد"})",
    R"({"id":"4","url":"https://b.example/4","title":"تورم و بیکاری","body":"کارشناسان درباره تورم و بیکاری هشدار دادند.","date":"2025-09-01","source":"نگاه","category":"اقتصاد"})",
    R"({"id":"5","url":"https://b.example/5","title":"خبر <ویژه> & مهم","body":"متنی درباره بیکاری جوانان.","date":"2024-01-01","source":"نگاه","category":"اقتصاد"})",
};

// Writes the articles as JSON lines and indexes them.
void build_index(const TempDir& dir) {
  const std::vector<std::string> lines(std::begin(kArticles), std::end(kArticles));
  REQUIRE(kavosh::testing::index_lines(dir, lines).added == 5);
}

kavosh::SearchResponse search(kavosh::SearchService& service, const std::string& q, int page = 1,
                              int per_page = 10) {
  SearchRequest r;
  r.query = q;
  r.page = page;
  r.per_page = per_page;
  auto res = service.search(r);
  REQUIRE(res.ok());
  return std::move(res).value();
}

}  // namespace

TEST_CASE("search: any spelling of a query finds the article and marks it", "[search]") {
  TempDir dir;
  build_index(dir);
  auto service = kavosh::SearchService::open(dir / "db");
  REQUIRE(service.ok());
  kavosh::SearchService& s = *service.value();

  struct Row {
    const char* query;
    const char* id;
    const char* marked;
  };
  const Row rows[] = {
      {"كتابي", "1", "<mark>کتابی</mark>"},
      {"می‌ورزند", "2", "<mark>میورزند</mark>"},
      {"123456", "3", "<mark>۱۲۳٬۴۵۶</mark>"},
      {"۱۲۳۴۵۶", "3", "<mark>۱۲۳٬۴۵۶</mark>"},
  };
  for (const Row& r : rows) {
    INFO(r.query);
    auto res = search(s, r.query);
    REQUIRE(res.total >= 1);
    REQUIRE_FALSE(res.hits.empty());
    CHECK(res.hits[0].id == r.id);
    CHECK(kavosh::marked_html(res.hits[0].snippet).find(r.marked) != std::string::npos);
  }
}

TEST_CASE("search: ranking, titles, escaping, paging", "[search]") {
  TempDir dir;
  build_index(dir);
  auto service = kavosh::SearchService::open(dir / "db");
  REQUIRE(service.ok());
  kavosh::SearchService& s = *service.value();

  auto res = search(s, "تورم بیکاری");
  REQUIRE(res.total == 3);
  CHECK(res.hits[0].id == "4");  // both words, in title and body
  CHECK(kavosh::marked_html(res.hits[0].title) == "<mark>تورم</mark> و <mark>بیکاری</mark>");
  CHECK(res.hits[0].score >= res.hits[1].score);

  auto five = search(s, "مهم");
  REQUIRE(five.hits.size() == 1);
  CHECK(kavosh::marked_html(five.hits[0].title) == "خبر &lt;ویژه&gt; &amp; <mark>مهم</mark>");
  CHECK(kavosh::marked_html(five.hits[0].snippet) ==
        "متنی درباره بیکاری جوانان.");  // title-only match: the lead

  auto p1 = search(s, "تورم بیکاری", 1, 2);
  auto p2 = search(s, "تورم بیکاری", 2, 2);
  CHECK(p1.hits.size() == 2);
  CHECK(p2.hits.size() == 1);
  CHECK(p2.total == 3);
  CHECK(p2.hits[0].id != p1.hits[0].id);
  CHECK(p2.hits[0].id != p1.hits[1].id);
}

TEST_CASE("search: a repeated request is answered from the cache until the database changes",
          "[search]") {
  TempDir dir;
  build_index(dir);
  auto service = kavosh::SearchService::open(dir / "db");
  REQUIRE(service.ok());
  kavosh::SearchService& s = *service.value();
  auto ids = [](const kavosh::SearchResponse& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.id);
    return out;
  };

  const auto first = search(s, "بیکاری");
  CHECK_FALSE(first.cached);
  const auto again = search(s, "بیکاری");
  CHECK(again.cached);
  CHECK(ids(again) == ids(first));
  CHECK(again.total == first.total);
  CHECK(kavosh::marked_html(again.hits[0].snippet) == kavosh::marked_html(first.hits[0].snippet));
  // Any other parameter is another answer.
  CHECK_FALSE(search(s, "بیکاری", 1, 1).cached);
  CHECK_FALSE(search(s, "بیکاری", 2, 1).cached);
  SearchRequest filtered;
  filtered.query = "بیکاری";
  filtered.sources = {"نگاه"};
  CHECK_FALSE(s.search(filtered).value().cached);
  CHECK(s.search(filtered).value().cached);
  CHECK(s.cache_stats().answer_hits == 2);

  // A commit: the same request is searched again, on the new articles.
  REQUIRE(
      kavosh::testing::index_lines(
          dir,
          {R"({"id":"6","title":"بیکاری در شهرها","body":"آمار تازه بیکاری.","source":"نگاه"})"})
          .added == 1);
  const auto after = search(s, "بیکاری");
  CHECK_FALSE(after.cached);
  CHECK(after.total == first.total + 1);

  // 0 entries: nothing is kept.
  kavosh::SearchOptions none;
  none.answer_cache_entries = 0;
  auto uncached = kavosh::SearchService::open(dir / "db", none);
  REQUIRE(uncached.ok());
  search(*uncached.value(), "بیکاری");
  CHECK_FALSE(search(*uncached.value(), "بیکاری").cached);
}

TEST_CASE("search: empty query lists the newest; punctuation finds nothing", "[search]") {
  TempDir dir;
  build_index(dir);
  auto service = kavosh::SearchService::open(dir / "db");
  REQUIRE(service.ok());
  auto all = search(*service.value(), "  ");
  REQUIRE(all.hits.size() == 5);
  CHECK(all.hits[0].id == "2");  // 2025-11-05
  CHECK(all.hits[1].id == "1");  // 2025-11-03
  CHECK(all.hits[4].id == "5");  // 2024-01-01
  CHECK(all.hits[0].date == "2025-11-05");
  auto none = search(*service.value(), "؟! ...");
  CHECK(none.total == 0);
  CHECK(none.hits.empty());
}

TEST_CASE("search: bad requests name the parameter", "[search]") {
  struct Row {
    SearchRequest request;
    const char* parameter;
  };
  SearchRequest long_query;
  long_query.query = std::string(10 * 1024, 'a');
  SearchRequest bad_utf8;
  bad_utf8.query = "\xC3\x28";
  SearchRequest page0;
  page0.page = 0;
  SearchRequest big;
  big.per_page = 10000;
  const Row rows[] = {
      {long_query, "'q'"}, {bad_utf8, "'q'"}, {page0, "'page'"}, {big, "'per_page'"}};
  for (const Row& r : rows) {
    auto st = kavosh::validate(r.request);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().status == 400);
    CHECK(st.error().message.find(r.parameter) != std::string::npos);
  }
}

TEST_CASE("search: a query asking for too much work is a 400 naming q", "[search]") {
  TempDir dir;
  build_index(dir);
  auto service = kavosh::SearchService::open(dir / "db");
  REQUIRE(service.ok());
  SearchRequest r;
  r.query = "ت* ب* ک* م* خ*";
  auto res = service.value()->search(r);
  REQUIRE_FALSE(res.ok());
  CHECK(res.error().status == 400);
  CHECK(res.error().code == "too_complex");
  CHECK(res.error().param == "q");
  r.query = "ت* ب* ک* م*";  // at the limit: searched
  CHECK(service.value()->search(r).ok());
}

TEST_CASE("indexing: re-indexing replaces, never duplicates", "[search]") {
  TempDir dir;
  build_index(dir);
  kavosh::IndexOptions options;
  options.db_path = dir / "db";
  options.inputs = {dir / "in.jsonl"};
  std::ostringstream log;
  auto again = kavosh::run_index(options, log);
  REQUIRE(again.ok());
  CHECK(again.value().added == 0);
  CHECK(again.value().replaced == 5);
  CHECK(Xapian::Database(dir / "db").get_doccount() == 5);
}

TEST_CASE("indexing: bad records are reported with file:line and skipped", "[search]") {
  TempDir dir;
  {
    std::ofstream out(dir / "bad.jsonl");
    out << kArticles[0] << "\n"
        << "{not json\n"
        << "\n"
        << R"({"id":"x","title":"no body"})"
        << "\n"
        << "{\"body\":\"\xFF\xFE\"}\n"
        << kArticles[1] << "\n";
  }
  kavosh::IndexOptions options;
  options.db_path = dir / "db";
  options.inputs = {dir / "bad.jsonl"};
  std::ostringstream log;
  auto summary = kavosh::run_index(options, log);
  REQUIRE(summary.ok());
  CHECK(summary.value().records == 5);
  CHECK(summary.value().added == 2);
  CHECK(summary.value().skipped_total() == 3);
  CHECK(summary.value().skipped.at("invalid JSON") == 1);
  CHECK(summary.value().skipped.at("no body") == 1);
  CHECK(summary.value().skipped.at("invalid UTF-8") == 1);
  const std::string text = log.str();
  CHECK(text.find("bad.jsonl:2: invalid JSON") != std::string::npos);
  CHECK(text.find("bad.jsonl:4: the record has no body text") != std::string::npos);
  CHECK(text.find("bad.jsonl:5: invalid UTF-8") != std::string::npos);

  options.strict = true;
  auto strict = kavosh::run_index(options, log);
  REQUIRE_FALSE(strict.ok());
  CHECK(strict.error().message.find("bad.jsonl:2") != std::string::npos);
}

TEST_CASE("indexing: missing input and locked database are clear errors", "[search]") {
  TempDir dir;
  build_index(dir);
  kavosh::IndexOptions options;
  options.db_path = dir / "db";
  options.inputs = {dir / "nope.jsonl"};
  std::ostringstream log;
  auto missing = kavosh::run_index(options, log);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("nope.jsonl") != std::string::npos);

  Xapian::WritableDatabase holder(dir / "db", Xapian::DB_OPEN);
  options.inputs = {dir / "in.jsonl"};
  auto locked = kavosh::run_index(options, log);
  REQUIRE_FALSE(locked.ok());
  CHECK(locked.error().message.find("locked by another writer") != std::string::npos);
}

TEST_CASE("a database built by another analyzer version is refused", "[search]") {
  TempDir dir;
  build_index(dir);
  {
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_OPEN);
    db.set_metadata(std::string(kavosh::schema::kMetaAnalyzer), "kavosh-fa 0");
    db.commit();
  }
  auto service = kavosh::SearchService::open(dir / "db");
  REQUIRE_FALSE(service.ok());
  CHECK(service.error().message.find("re-index") != std::string::npos);

  kavosh::IndexOptions options;
  options.db_path = dir / "db";
  options.inputs = {dir / "in.jsonl"};
  std::ostringstream log;
  auto refused = kavosh::run_index(options, log);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("re-index") != std::string::npos);

  auto missing = kavosh::SearchService::open(dir / "no-such-db");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("kavosh-index") != std::string::npos);
}

TEST_CASE("search: every spelling of a compound or an affixed word gives the same results",
          "[search]") {
  TempDir dir;
  {
    std::ofstream out(dir / "c.jsonl");
    out << R"({"id":"z","title":"سفر نخست‌وزیر","body":"نخست‌وزیر عراق امروز وارد تهران شد."})"
        << "\n"
        << R"({"id":"j","title":"دیدار","body":"نخستوزیر پاکستان با رئیس مجلس دیدار کرد."})"
        << "\n"
        << R"({"id":"s","title":"گفت‌وگو","body":"نخست وزیر ارمنستان درباره تجارت سخن گفت."})"
        << "\n"
        << R"({"id":"w","title":"وزیر","body":"وزیر راه از جاده زیر باران بازدید کرد و زیر پل رفت."})"
        << "\n"
        << R"({"id":"k1","title":"کتاب","body":"کتاب‌ها و ورزشکاران که می‌ورزند."})"
        << "\n"
        << R"({"id":"k2","title":"كتاب","body":"كتابها و ورزشكاران كه ميورزند."})"
        << "\n"
        << R"({"id":"k3","title":"کتاب","body":"کتاب ها و ورزشکاران که می ورزند."})"
        << "\n";
  }
  kavosh::testing::index_inputs(dir / "db", {dir / "c.jsonl"});
  auto service = kavosh::SearchService::open(dir / "db");
  REQUIRE(service.ok());

  auto ids = [&](const std::string& q) {
    std::vector<std::string> out;
    for (const auto& h : search(*service.value(), q).hits) out.push_back(h.id);
    return out;
  };
  const std::vector<std::vector<std::string>> groups = {
      {"نخست‌وزیر", "نخستوزیر", "نخست وزیر", "نخست‌وزير", "نخست وزير"},
      {"کتاب‌ها", "کتابها", "کتاب ها", "كتابها", "كتاب ها"},
      {"می‌ورزند", "میورزند", "می ورزند", "ميورزند", "مي ورزند"},
  };
  for (const auto& group : groups) {
    const auto expected = ids(group[0]);
    INFO(group[0]);
    CHECK(expected.size() >= 3);
    for (const std::string& q : group) {
      INFO(q);
      CHECK(ids(q) == expected);
    }
  }
  // The compound finds all three spellings, and the spaced one is marked whole.
  auto res = search(*service.value(), "نخستوزیر");
  std::vector<std::string> found;
  std::string snippets;
  for (const auto& h : res.hits) {
    found.push_back(h.id);
    snippets += kavosh::marked_html(h.snippet) + "\n";
  }
  // The three spellings rank first (blind feedback may add others below them).
  REQUIRE(found.size() >= 3);
  std::sort(found.begin(), found.begin() + 3);
  CHECK(std::vector<std::string>(found.begin(), found.begin() + 3) ==
        std::vector<std::string>{"j", "s", "z"});
  CHECK(snippets.find("<mark>نخست‌وزیر</mark>") != std::string::npos);
  CHECK(snippets.find("<mark>نخستوزیر</mark>") != std::string::npos);
  CHECK(snippets.find("<mark>نخست وزیر</mark>") != std::string::npos);
}
