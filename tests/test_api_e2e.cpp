// End to end over HTTP, on corpora written for the tests (fixture_news.h)
// indexed by the real kavosh-index: search filters, sorting, facets,
// collapsing and suggestions, /api/doc/{id}, /api/doc/{id}/similar,
// /api/stats, /api/suggest, and every bad parameter as a 400 naming it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "fixture_news.h"
#include "kavosh/index/schema.h"
#include "process_util.h"
#include "server_util.h"
#include "test_util.h"

using kavosh::testing::get_json;
using kavosh::testing::kBinDir;
using kavosh::testing::NewsItem;
using kavosh::testing::read_file;
using kavosh::testing::Server;
using kavosh::testing::spawn;
using kavosh::testing::TempDir;
using kavosh::testing::url_encode;
using kavosh::testing::wait_exit;
using nlohmann::json;

namespace {

// The filter and duplicate corpora together, an id present in two sources,
// and a few words for spelling.
std::vector<NewsItem> corpus() {
  std::vector<NewsItem> items = kavosh::testing::filter_corpus();
  for (NewsItem& n : kavosh::testing::duplicate_corpus()) items.push_back(std::move(n));
  items.push_back({"100", "خبرگزاری پیک", "ورزش", "2026-01-01", "پرسپولیس برد",
                   "پرسپولیس در بازی دیشب برد و نمایشگاه عکس هم برپا بود.", ""});
  items.push_back({"100", "روزنامه نگاه", "ورزش", "2026-01-02", "پرسپولیس در جام",
                   "پرسپولیس به مرحله بعد جام رفت و بازیکنان پرسپولیس شاد بودند.", ""});
  return items;
}

std::string build(const TempDir& dir) {
  kavosh::testing::write_jsonl(dir / "in.jsonl", corpus());
  const std::string db = dir / "db";
  pid_t pid = spawn({kBinDir + "/kavosh-index", "--db", db, dir / "in.jsonl"}, dir / "index.log");
  REQUIRE(wait_exit(pid) == 0);
  INFO(read_file(dir / "index.log"));
  REQUIRE(read_file(dir / "index.log").find("3 near-duplicate articles in 1 clusters") !=
          std::string::npos);
  return db;
}

std::string q(const std::string& text) { return url_encode(text); }

std::vector<std::string> ids(const json& response) {
  std::vector<std::string> out;
  for (const json& h : response["hits"]) out.push_back(h["id"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("api e2e: filters, sort, facets, collapse and did-you-mean over HTTP", "[api-e2e]") {
  TempDir dir;
  const std::string db = build(dir);
  Server server(dir, db);
  httplib::Client client = server.client();

  SECTION("every response carries the applied request") {
    const json r = get_json(client, "/api/search?q=" + q("بودجه"), 200);
    for (const char* key :
         {"query", "total", "total_exact", "page", "per_page", "took_ms", "cached", "sort",
          "collapse", "source", "category", "from", "to", "suggestion", "hits"}) {
      CHECK(r.contains(key));
    }
    CHECK_FALSE(r.contains("facets"));
    CHECK(r["sort"] == "relevance");
    CHECK(r["collapse"] == true);
    CHECK(r["source"] == json::array());
    CHECK(r["from"] == "");
    CHECK(r["total"] == 4);
    CHECK(r["total_exact"] == true);
    for (const json& h : r["hits"]) {
      CHECK(h.contains("similar_count"));
      CHECK(h["similar"].is_array());
    }
  }

  SECTION("source (repeated), category and Jalali dates, echoed") {
    const std::string path = "/api/search?q=" + q("بودجه") + "&source=" + q("خبرگزاري پيک") +
                             "&source=" + q("روزنامه نگاه") + "&category=" + q("اقتصاد") +
                             "&from=" + q("۱۴۰۴/۱۰/۰۱") + "&to=" + q("1404/10/30");
    const json r = get_json(client, path, 200);
    std::vector<std::string> got = ids(r);
    std::sort(got.begin(), got.end());
    CHECK(got == std::vector<std::string>{"n1", "p2"});
    CHECK(r["source"] == json::parse(R"(["خبرگزاري پيک", "روزنامه نگاه"])"));
    CHECK(r["category"] == "اقتصاد");
    CHECK(r["from"] == "2025-12-22");
    CHECK(r["to"] == "2026-01-20");
  }

  SECTION("an empty query with a source: its newest articles") {
    const json r =
        get_json(client, "/api/search?q=&source=" + q("روزنامه نگاه") + "&collapse=0", 200);
    CHECK(ids(r) == std::vector<std::string>{"n2", "n1", "d2", "o2", "100", "n3"});  // undated last
  }

  SECTION("sort newest and oldest") {
    const json newest = get_json(client, "/api/search?q=" + q("بودجه") + "&sort=newest", 200);
    CHECK(ids(newest) == std::vector<std::string>{"n1", "p2", "p1", "s2"});
    CHECK(newest["sort"] == "newest");
    const json oldest = get_json(client, "/api/search?q=" + q("بودجه") + "&sort=oldest", 200);
    CHECK(ids(oldest) == std::vector<std::string>{"s2", "p1", "p2", "n1"});
    CHECK(get_json(client, "/api/search?q=" + q("بودجه") + "&sort=recent", 200)["sort"] ==
          "recent");
  }

  SECTION("facets: sources merged across spellings, months with label and range") {
    const json r =
        get_json(client, "/api/search?q=&collapse=0&per_page=1&facets=source,category,month", 200);
    REQUIRE(r.contains("facets"));
    const json& f = r["facets"];
    std::uint64_t sum = 0;
    std::set<std::string> sources;
    for (const json& v : f["source"]) {
      sum += v["count"].get<std::uint64_t>();
      sources.insert(v["value"].get<std::string>());
    }
    CHECK(sum == r["total"].get<std::uint64_t>());
    CHECK(sources.size() == 3);
    bool dey = false;
    for (const json& m : f["month"]) {
      for (const char* key : {"key", "label", "from", "to", "count"}) CHECK(m.contains(key));
      if (m["key"] == "1404-10") {
        dey = true;
        CHECK(m["label"] == "دی ۱۴۰۴");
        CHECK(m["from"] == "2025-12-22");
        CHECK(m["to"] == "2026-01-20");
        // Its range, as a filter, finds as many.
        const json in_month =
            get_json(client,
                     "/api/search?q=&collapse=0&from=" + m["from"].get<std::string>() +
                         "&to=" + m["to"].get<std::string>(),
                     200);
        CHECK(in_month["total"] == m["count"]);
      }
    }
    CHECK(dey);
    CHECK(f["category"].size() >= 5);
  }

  SECTION("collapse: the cluster once, with its members; collapse=0 shows them all") {
    const json on = get_json(client, "/api/search?q=" + q("واکسن"), 200);
    CHECK(on["total"] == 3);
    int cluster_hits = 0;
    for (const json& h : on["hits"]) {
      if (h["similar_count"] == 2) {
        ++cluster_hits;
        CHECK(h["similar"].size() == 2);
      }
    }
    CHECK(cluster_hits == 1);
    const json off = get_json(client, "/api/search?q=" + q("واکسن") + "&collapse=0", 200);
    CHECK(off["total"] == 5);
    CHECK(off["collapse"] == false);
  }

  SECTION("did you mean") {
    const json r = get_json(client, "/api/search?q=" + q("پرسپولیص"), 200);
    CHECK(r["total"] == 0);
    CHECK(r["suggestion"] == "پرسپولیس");
    const json fine = get_json(client, "/api/search?q=" + q("پرسپولیس"), 200);
    CHECK(fine["suggestion"] == "");
  }
  CHECK(server.stop() == 0);
}

TEST_CASE("api e2e: /api/doc, /api/doc/{id}/similar, /api/stats, /api/suggest", "[api-e2e]") {
  TempDir dir;
  const std::string db = build(dir);
  Server server(dir, db);
  httplib::Client client = server.client();

  SECTION("/api/doc/{id}: the stored article") {
    const json d = get_json(client, "/api/doc/d2", 200);
    CHECK(d["id"] == "d2");
    CHECK(d["source"] == "روزنامه نگاه");
    CHECK(d["title"] == "عنوان خبر");
    CHECK(d["url"] == "https://x.example/d2");
    CHECK(d["date"] == "2026-01-06");
    CHECK(d["category"] == "سلامت");
    CHECK(d["body"].get<std::string>().rfind("واکسن ", 0) == 0);
    CHECK(d["tags"].is_array());
    CHECK(d["similar_count"] == 2);
    CHECK(d["similar"].size() == 2);
    const json p = get_json(client, "/api/doc/p1", 200);
    CHECK(p["similar_count"] == 0);
  }

  SECTION("/api/doc/{id}: unknown 404, ambiguous 409 listing sources, source= chooses") {
    const json missing = get_json(client, "/api/doc/nope", 404);
    CHECK(missing["error"].get<std::string>().find("nope") != std::string::npos);
    const json ambiguous = get_json(client, "/api/doc/100", 409);
    const std::string message = ambiguous["error"];
    CHECK(message.find("خبرگزاری پیک") != std::string::npos);
    CHECK(message.find("روزنامه نگاه") != std::string::npos);
    CHECK(message.find("'source'") != std::string::npos);
    const json chosen = get_json(client, "/api/doc/100?source=" + q("روزنامه نگاه"), 200);
    CHECK(chosen["title"] == "پرسپولیس در جام");
    const json arabic =
        get_json(client, "/api/doc/" + q("۱۰۰") + "?source=" + q("خبرگزاري پيک"), 200);
    CHECK(arabic["title"] == "پرسپولیس برد");
    const json repeated =
        get_json(client, "/api/doc/100?source=" + q("روزنامه نگاه") + "&source=x", 400);
    CHECK(repeated["error"].get<std::string>().find("'source'") != std::string::npos);
    const json bad_source = get_json(client, "/api/doc/100?source=%FF", 400);
    CHECK(bad_source["error"].get<std::string>().find("'source'") != std::string::npos);
    get_json(client, "/api/doc/%FF", 400);
    get_json(client, "/api/doc/a%2Fb", 404);  // an id with a slash is one id
  }

  SECTION("/api/doc/{id}/similar: hits in the search shape") {
    const json s = get_json(client, "/api/doc/d1/similar", 200);
    CHECK(s["id"] == "d1");
    CHECK(s["total"] == 2);
    REQUIRE(s["hits"].size() == 2);
    CHECK(s["hits"][0]["id"] == "d3");  // newest first
    CHECK(s["hits"][1]["id"] == "d2");
    for (const json& h : s["hits"]) {
      for (const char* key : {"id", "url", "title", "title_html", "snippet", "snippet_html",
                              "highlights", "date", "source", "category", "similar_count"}) {
        CHECK(h.contains(key));
      }
    }
    CHECK(get_json(client, "/api/doc/p1/similar", 200)["hits"] == json::array());
    get_json(client, "/api/doc/nope/similar", 404);
    get_json(client, "/api/doc/100/similar", 409);
  }

  SECTION("/api/stats") {
    const json s = get_json(client, "/api/stats", 200);
    CHECK(s["documents"] == 15);
    CHECK(s["sources"].size() == 3);
    CHECK(s["sources"][0]["count"].get<int>() >= s["sources"][1]["count"].get<int>());
    CHECK(s["dates"]["first"] == "2025-03-20");
    CHECK(s["dates"]["last"] == "2026-01-21T23:30:00");
    CHECK(s["dates"]["undated"] == 1);
    CHECK(s["near_duplicates"]["clusters"] == 1);
    CHECK(s["near_duplicates"]["articles"] == 3);
    CHECK(s["database_bytes"].get<std::uint64_t>() > 10000);
    CHECK(s["analyzer"].get<std::string>().rfind("kavosh-fa ", 0) == 0);
    CHECK(s["schema_version"] == std::string(kavosh::schema::kSchemaVersion));
  }

  SECTION("/api/suggest") {
    const json s = get_json(client, "/api/suggest?q=" + q("بودجه پرسپ"), 200);
    CHECK(s["query"] == "بودجه پرسپ");
    REQUIRE_FALSE(s["suggestions"].empty());
    CHECK(s["suggestions"][0] == "بودجه پرسپولیس");
    CHECK(get_json(client, "/api/suggest?q=", 200)["suggestions"] == json::array());
    CHECK(get_json(client, "/api/suggest", 200)["suggestions"] == json::array());
    get_json(client, "/api/suggest?q=a&q=b", 400);
    get_json(client, "/api/suggest?q=" + std::string(3000, 'a'), 400);
  }
  CHECK(server.stop() == 0);
}

TEST_CASE("api e2e: each bad parameter is a 400 naming it, never a 500", "[api-e2e]") {
  TempDir dir;
  const std::string db = build(dir);
  Server server(dir, db);
  httplib::Client client = server.client();
  struct Row {
    std::string query;  // after /api/search?
    const char* name;
  };
  const Row rows[] = {
      {"q=x&from=2026-13-01", "'from'"},
      {"q=x&from=" + q("۱۴۰۴/۱۲/۳۱"), "'from'"},  // 1404 has no Esfand 31
      {"q=x&to=yesterday", "'to'"},
      {"q=x&from=2026-02-01&to=2026-01-01", "'from'"},
      {"q=x&sort=popular", "'sort'"},
      {"q=x&sort=newest&sort=oldest", "'sort'"},
      {"q=x&facets=source,author", "'facets'"},
      {"q=x&facets=source&facets=month", "'facets'"},
      {"q=x&collapse=yes", "'collapse'"},
      {"q=x&collapse=0&collapse=1", "'collapse'"},
      {"q=x&page=0", "'page'"},
      {"q=x&page=1001", "'page'"},
      {"q=x&per_page=10000", "'per_page'"},
      {"q=x&per_page=0", "'per_page'"},
      {"q=x&category=a&category=b", "'category'"},
      {"q=x&from=2026-01-01&from=2026-01-02", "'from'"},
      {"q=x&to=2026-01-01&to=2026-01-02", "'to'"},
      {"q=a&q=b", "'q'"},
      {"q=x&snippets=9", "'snippets'"},
      {"q=x&source=" + std::string(300, 'a'), "'source'"},
  };
  for (const Row& r : rows) {
    INFO(r.query);
    const json e = get_json(client, "/api/search?" + r.query, 400);
    CHECK(e["error"].get<std::string>().find(r.name) != std::string::npos);
  }
  // A 10 KB query.
  const json long_query = get_json(client, "/api/search?q=" + std::string(10 * 1024, 'a'), 400);
  CHECK(long_query["error"].get<std::string>().find("'q'") != std::string::npos);
  get_json(client, "/healthz", 200);
  CHECK(server.stop() == 0);
}
