// End to end: the real kavosh-index and kavosh-server binaries, a real database
// in a temporary directory, HTTP on a free loopback port.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "process_util.h"
#include "server_util.h"
#include "test_util.h"

using kavosh::testing::get_json;
using kavosh::testing::read_file;
using kavosh::testing::spawn;
using kavosh::testing::TempDir;
using kavosh::testing::url_encode;
using kavosh::testing::wait_exit;
using nlohmann::json;

namespace {

const std::string kBin = KAVOSH_BIN_DIR;
const std::string kWeb = std::string(KAVOSH_SOURCE_DIR) + "/web";

int index_sample(const TempDir& dir, const std::string& db) {
  pid_t pid = spawn({kBin + "/kavosh-index", "--db", db, kavosh::testing::sample_corpus()},
                    dir / "index.log");
  return wait_exit(pid);
}

}  // namespace

TEST_CASE("e2e: index the sample corpus, search over HTTP in any spelling", "[e2e]") {
  TempDir dir;
  const std::string db = dir / "db";
  REQUIRE(index_sample(dir, db) == 0);
  const std::string index_log = read_file(dir / "index.log");
  INFO(index_log);
  CHECK(index_log.find("72 added, 0 replaced, 0 repeated in this run, 0 skipped") !=
        std::string::npos);

  kavosh::testing::Server server(dir, db, kWeb);
  httplib::Client client = server.client();

  const json health = get_json(client, "/healthz", 200);
  const auto documents = health["documents"].get<int>();
  CHECK(documents >= 60);

  SECTION("a query in Arabic letters finds and marks the Persian spelling") {
    const json r = get_json(client, "/api/search?q=" + url_encode("كتابي"), 200);
    REQUIRE(r["total"].get<int>() >= 1);
    bool marked = false;
    for (const json& hit : r["hits"]) {
      for (const char* field :
           {"id", "url", "title", "title_html", "snippet_html", "date", "source", "score"}) {
        CHECK(hit.contains(field));
      }
      if (hit["snippet_html"].get<std::string>().find("<mark>کتابی</mark>") != std::string::npos) {
        marked = true;
      }
    }
    CHECK(marked);
    CHECK(r["query"] == "كتابي");
    CHECK(r["page"] == 1);
    CHECK(r["per_page"] == 10);
    CHECK(r.contains("took_ms"));
  }

  SECTION("ZWNJ kept and stripped meet, marked as written") {
    const json with = get_json(client, "/api/search?q=" + url_encode("می‌ورزند"), 200);
    const json without = get_json(client, "/api/search?q=" + url_encode("میورزند"), 200);
    CHECK(with["total"] == without["total"]);
    REQUIRE(with["total"].get<int>() >= 2);
    std::string all;
    for (const json& hit : with["hits"]) all += hit["snippet_html"].get<std::string>();
    CHECK(all.find("<mark>می‌ورزند</mark>") != std::string::npos);
    CHECK(all.find("<mark>میورزند</mark>") != std::string::npos);
  }

  SECTION("pagination and the per_page limit") {
    const json p1 = get_json(client, "/api/search?q=&per_page=5", 200);
    CHECK(p1["hits"].size() == 5);
    CHECK(p1["total"].get<int>() == documents);
    const json p2 = get_json(client, "/api/search?q=&per_page=5&page=2", 200);
    CHECK(p2["hits"][0]["id"] != p1["hits"][0]["id"]);
    get_json(client, "/api/search?q=x&per_page=100", 200);
  }

  SECTION("bad parameters answer 400 naming the parameter; unknown paths 404") {
    struct Row {
      const char* path;
      const char* name;
    };
    const Row rows[] = {{"/api/search?q=x&page=0", "page"},
                        {"/api/search?q=x&page=abc", "page"},
                        {"/api/search?q=x&per_page=10000", "per_page"},
                        {"/api/search?q=%C3%28", "q"}};
    for (const Row& r : rows) {
      const json e = get_json(client, r.path, 400);
      CHECK(e["error"].get<std::string>().find(r.name) != std::string::npos);
    }
    const std::string long_query = "/api/search?q=" + std::string(10 * 1024, 'a');
    get_json(client, long_query, 400);
    get_json(client, "/api/nothing", 404);
    // The server is still answering after all of that.
    get_json(client, "/healthz", 200);
  }

  SECTION("the page is served, right to left, in Persian") {
    auto res = client.Get("/");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type").find("text/html") == 0);
    CHECK(res->body.find("lang=\"fa\"") != std::string::npos);
    CHECK(res->body.find("dir=\"rtl\"") != std::string::npos);
    auto js = client.Get("/js/main.js");
    REQUIRE(js);
    CHECK(js->status == 200);
    CHECK(client.Get("/../CMakeLists.txt")->status != 200);
  }

  SECTION("re-indexing while serving replaces articles, never duplicates them") {
    REQUIRE(index_sample(dir, db) == 0);
    CHECK(read_file(dir / "index.log").find("0 added") != std::string::npos);
    const json again = get_json(client, "/healthz", 200);
    CHECK(again["documents"].get<int>() == documents);
  }

  CHECK(server.stop() == 0);
}

TEST_CASE("e2e: clear errors from both binaries", "[e2e]") {
  TempDir dir;
  pid_t pid =
      spawn({kBin + "/kavosh-server", "--db", dir / "missing", "--port", "0"}, dir / "err.log");
  CHECK(wait_exit(pid, std::chrono::seconds(20)) == 1);
  CHECK(read_file(dir / "err.log").find("cannot open database") != std::string::npos);

  pid = spawn({kBin + "/kavosh-index", "--db", dir / "db", dir / "missing.jsonl"}, dir / "err.log");
  CHECK(wait_exit(pid, std::chrono::seconds(20)) == 1);
  CHECK(read_file(dir / "err.log").find("missing.jsonl") != std::string::npos);

  {
    std::ofstream bad(dir / "bad.jsonl");
    bad << "{\"id\":\"1\",\"body\":\"متن\"}\n{oops\n";
  }
  pid = spawn({kBin + "/kavosh-index", "--db", dir / "db", dir / "bad.jsonl"}, dir / "err.log");
  CHECK(wait_exit(pid, std::chrono::seconds(20)) == 3);
  CHECK(read_file(dir / "err.log").find("bad.jsonl:2") != std::string::npos);
}
