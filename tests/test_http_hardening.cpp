// The HTTP layer of kavosh-server under abuse and in operation: slow and idle
// clients, timeouts, keep-alive, head limits, the drain on SIGTERM. The real
// kavosh-index and kavosh-server, raw HTTP/1.1 on loopback. Timing checks are
// generous bounds that catch starvation (seconds), not benchmarks.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http_util.h"
#include "process_util.h"
#include "server_util.h"
#include "test_util.h"

using kavosh::testing::raw_request;
using kavosh::testing::RawConnection;
using kavosh::testing::RawResponse;
using kavosh::testing::ServerProcess;
using kavosh::testing::TempDir;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

// The sample corpus indexed by the real kavosh-index into dir/db.
std::string sample_db(const TempDir& dir) {
  std::string db = dir / "db";
  const pid_t pid = kavosh::testing::spawn({std::string(KAVOSH_BIN_DIR) + "/kavosh-index", "--db",
                                            db, "-q", kavosh::testing::sample_corpus()},
                                           dir / "index.log");
  REQUIRE(kavosh::testing::wait_exit(pid) == 0);
  return db;
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

const std::string kSearch = "/api/search?q=" + kavosh::testing::url_encode("تهران");

}  // namespace

TEST_CASE("http: idle and slow clients hold no worker, others are answered at once", "[http]") {
  TempDir dir;
  // Fewer workers than slow clients: with a thread per connection this is an outage.
  ServerProcess server(dir, sample_db(dir), {"-q", "--threads", "4"});
  std::vector<std::unique_ptr<RawConnection>> idle, slow;
  for (int i = 0; i < 32; ++i) {
    idle.push_back(std::make_unique<RawConnection>(server.port()));
    REQUIRE(idle.back()->connected());
  }
  for (int i = 0; i < 10; ++i) {
    slow.push_back(std::make_unique<RawConnection>(server.port()));
    REQUIRE(slow.back()->send("GET " + kSearch + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  }
  std::atomic<bool> done{false};
  std::thread dripper([&] {  // one header line a second on each slow connection
    for (int line = 0; !done; ++line) {
      for (auto& c : slow) c->send("X-Slow-" + std::to_string(line) + ": 1\r\n");
      for (int i = 0; i < 20 && !done; ++i) std::this_thread::sleep_for(50ms);
    }
  });
  std::this_thread::sleep_for(300ms);
  std::vector<double> took;
  for (int i = 0; i < 20; ++i) {
    const Clock::time_point start = Clock::now();
    const RawResponse r = raw_request(server.port(), "GET", i % 2 ? kSearch : "/healthz");
    took.push_back(ms_since(start));
    CHECK(r.status == 200);
    std::this_thread::sleep_for(100ms);
  }
  done = true;
  dripper.join();
  std::sort(took.begin(), took.end());
  INFO("request times (ms), sorted: " << Catch::Detail::stringify(took));
  CHECK(took[took.size() / 2] < 100);  // the median, under a loaded machine's noise
  CHECK(took.back() < 2000);           // starvation shows as seconds
}

TEST_CASE("http: idle connections and slow heads are closed after their timeouts", "[http]") {
  TempDir dir;
  ServerProcess server(dir, sample_db(dir), {"-q", "--idle-timeout", "1", "--header-timeout", "1"});
  RawConnection idle(server.port(), 5s), used(server.port(), 5s), slow(server.port(), 5s);
  REQUIRE(used.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(used.read_response().status == 200);
  const Clock::time_point start = Clock::now();
  REQUIRE(slow.send("GET /healthz HTTP/1.1\r\n"));
  std::thread dripper([&] {
    for (int i = 0; i < 8; ++i) {
      if (!slow.send("X-Slow: 1\r\n")) break;
      std::this_thread::sleep_for(250ms);
    }
  });
  const RawResponse timeout = slow.read_response();
  dripper.join();
  CHECK(timeout.status == 408);
  CHECK(json::parse(timeout.body)["code"] == "timeout");
  CHECK(timeout.header("connection") == "close");
  CHECK(idle.closed_by_server());
  CHECK(used.closed_by_server());
  CHECK(ms_since(start) < 3000);
}

TEST_CASE(
    "http: an answer too large to hold ties one worker for at most --write-timeout, "
    "and probes have workers of their own",
    "[http]") {
  TempDir dir;
  const std::string web = dir / "web";
  std::filesystem::create_directories(web);
  std::ofstream(web + "/index.html") << "page";
  std::ofstream(web + "/big.txt") << std::string(std::size_t{16} << 20, 'x');
  ServerProcess server(dir, sample_db(dir),
                       {"-q", "--threads", "1", "--write-timeout", "2", "--web", web});
  auto timed = [&](const std::string& path) {
    const Clock::time_point start = Clock::now();
    CHECK(raw_request(server.port(), "GET", path).status == 200);
    return ms_since(start);
  };
  // 16 MiB to a client that reads nothing: more than the server holds (256 KiB) and the
  // kernel's buffers take, so the only worker waits on the client, until the write timeout.
  RawConnection big(server.port(), 10s, 4096);
  REQUIRE(big.send("GET /big.txt HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(500ms);
  CHECK(timed("/healthz") < 1000);
  const double waited = timed("/api/stats");
  INFO("/api/stats waited " << waited << " ms for the worker");
  CHECK(waited > 500);  // the set-up did hold the worker
  CHECK(waited < 5000);
  CHECK(big.read_response().status == 0);  // cut off
  const std::string metrics = raw_request(server.port(), "GET", "/metrics").body;
  CHECK(metrics.find("kavosh_http_write_timeouts_total 1\n") != std::string::npos);
}

TEST_CASE("http: keep-alive serves many requests on one connection, pipelined too", "[http]") {
  TempDir dir;
  ServerProcess server(dir, sample_db(dir), {"-q", "--max-requests-per-connection", "60"});
  RawConnection c(server.port());
  for (int i = 0; i < 50; ++i) {
    REQUIRE(c.send("GET " + (i % 2 ? kSearch : std::string("/healthz")) +
                   " HTTP/1.1\r\nHost: x\r\n\r\n"));
    const RawResponse r = c.read_response();
    REQUIRE(r.status == 200);
    CHECK(r.header("connection").empty());
    CHECK(r.header("keep-alive") == "timeout=5, max=60");
  }
  // Three requests in one write: three answers, in order.
  REQUIRE(
      c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n"
             "GET /api/nope HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(json::parse(c.read_response().body)["status"] == "ok");
  CHECK(json::parse(c.read_response().body)["documents"] == 72);
  CHECK(c.read_response().status == 404);
  // The budget: the 60th request is answered with Connection: close, and the connection closes.
  for (int i = 54; i <= 60; ++i) {
    REQUIRE(c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    const RawResponse r = c.read_response();
    REQUIRE(r.status == 200);
    CHECK(r.header("connection") == (i == 60 ? "close" : ""));
  }
  CHECK(c.closed_by_server());
}

TEST_CASE("http: heads and connections over their limits", "[http]") {
  TempDir dir;
  ServerProcess server(dir, sample_db(dir), {"-q", "--max-connections", "3"});
  SECTION("a request line over 8 KiB is the API's too_long error") {
    const RawResponse r =
        raw_request(server.port(), "GET", "/api/search?q=" + std::string(10000, 'a'));
    CHECK(r.status == 400);
    CHECK(json::parse(r.body)["code"] == "too_long");
  }
  SECTION("a head over 32 KiB is refused with 431 and the connection closed") {
    std::string headers;
    for (int i = 0; i < 40; ++i)
      headers += "X-Big-" + std::to_string(i) + ": " + std::string(1000, 'b') + "\r\n";
    RawConnection c(server.port());
    c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
    const RawResponse r = c.read_response();
    CHECK(r.status == 431);
    CHECK(json::parse(r.body)["code"] == "too_long");
    CHECK(c.closed_by_server());
  }
  SECTION("over --max-connections a new connection gets 503; the others still work") {
    RawConnection a(server.port()), b(server.port()), c(server.port());
    // The server may take a while to accept the three under load (sanitizers, a busy machine):
    // ask again, for at most 5 s, until it holds them and refuses the next.
    RawResponse refused = raw_request(server.port(), "GET", "/healthz");
    for (int i = 0; i < 50 && refused.status != 503; ++i) {
      std::this_thread::sleep_for(100ms);
      refused = raw_request(server.port(), "GET", "/healthz");
    }
    CHECK(refused.status == 503);
    CHECK(json::parse(refused.body)["code"] == "unavailable");
    REQUIRE(a.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    CHECK(a.read_response().status == 200);
  }
  std::this_thread::sleep_for(200ms);  // the server sees the connections above close
  CHECK(raw_request(server.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("http: SIGTERM drains: a request under way is answered, idle connections close",
          "[http]") {
  TempDir dir;
  ServerProcess server(dir, sample_db(dir), {"--drain-timeout", "5"});
  RawConnection idle(server.port()), busy(server.port());
  REQUIRE(idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  REQUIRE(idle.read_response().status == 200);
  REQUIRE(busy.send("GET " + kSearch + " HTTP/1.1\r\nHost: x\r\n"));  // head not finished
  std::this_thread::sleep_for(200ms);
  const Clock::time_point start = Clock::now();
  kill(server.pid(), SIGTERM);
  CHECK(idle.closed_by_server());
  std::this_thread::sleep_for(300ms);
  CHECK_FALSE(RawConnection(server.port()).connected());  // no longer accepting
  REQUIRE(busy.send("\r\n"));
  const RawResponse r = busy.read_response();
  CHECK(r.status == 200);
  CHECK(r.header("connection") == "close");
  CHECK(json::parse(r.body)["total"].get<int>() > 0);
  CHECK(server.wait() == 0);
  CHECK(ms_since(start) < 4000);
  CHECK(server.log().find("kavosh-server: stopped") != std::string::npos);
}

TEST_CASE("http: the drain has a bound: a head that never ends does not hold the exit", "[http]") {
  TempDir dir;
  ServerProcess server(dir, sample_db(dir), {"-q", "--drain-timeout", "1"});
  RawConnection never(server.port());
  REQUIRE(never.send("GET /healthz HTTP/1.1\r\n"));
  std::this_thread::sleep_for(200ms);
  const Clock::time_point start = Clock::now();
  CHECK(server.stop() == 0);
  CHECK(ms_since(start) < 3000);
  CHECK(server.log().find("drain timed out") != std::string::npos);
}

TEST_CASE("http: methods other than GET and HEAD answer 405 with Allow", "[http]") {
  TempDir dir;
  ServerProcess server(dir, sample_db(dir),
                       {"-q", "--web", std::string(KAVOSH_SOURCE_DIR) + "/web"});
  const std::vector<std::string> api = {"/api/search?q=x",      "/api/stats",
                                        "/api/suggest?q=x",     "/api/doc/abc",
                                        "/api/doc/abc/similar", "/healthz"};
  for (const std::string method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    for (const std::string& path : api) {
      INFO(method << " " << path);
      const RawResponse r =
          raw_request(server.port(), method, path, "Content-Length: 3\r\n\r\na=b");
      CHECK(r.status == 405);
      CHECK(r.header("allow") == "GET, HEAD");
      CHECK(r.header("connection") == "close");
      const json e = json::parse(r.body);
      CHECK(e["code"] == "not_allowed");
      CHECK(e["param"] == "");
      CHECK_FALSE(e["error"].get<std::string>().empty());
    }
    for (const std::string path : {"/", "/js/main.js", "/metrics"}) {
      INFO(method << " " << path);
      const RawResponse r = raw_request(server.port(), method, path);
      CHECK(r.status == 405);
      CHECK(r.header("allow") == "GET, HEAD");
    }
  }
  const RawResponse unknown = raw_request(server.port(), "POST", "/api/nope");
  CHECK(unknown.status == 404);
  CHECK(json::parse(unknown.body)["code"] == "not_found");
  const RawResponse head = raw_request(server.port(), "HEAD", kSearch);
  CHECK(head.status == 200);
  CHECK(std::stoi(head.header("content-length")) > 0);
  CHECK(head.body.empty());
}

TEST_CASE("http: the page's files are served by exact name only, with their types", "[http]") {
  TempDir dir;
  const std::string web = dir / "web";
  const std::vector<std::pair<std::string, std::string>> files = {
      {"index.html", "text/html; charset=utf-8"},
      {"style.css", "text/css; charset=utf-8"},
      {"js/app.js", "text/javascript; charset=utf-8"},
      {"fonts/f.woff2", "font/woff2"},
      {"img/i.svg", "image/svg+xml"},
      {"img/p.png", "image/png"},
      {"fonts/OFL.txt", "text/plain; charset=utf-8"}};
  for (const std::string sub : {"js", "fonts", "img", ".git"})
    std::filesystem::create_directories(web + "/" + sub);
  for (const auto& [name, type] : files) std::ofstream(web + "/" + name) << "file " << name;
  for (const std::string name : {".secret.html", "conf.ini", ".git/config.txt"})
    std::ofstream(web + "/" + name) << "SECRET";
  std::ofstream(dir / "outside.txt") << "SECRET";
  ServerProcess server(dir, sample_db(dir), {"-q", "--web", web});
  for (const auto& [name, type] : files) {
    const RawResponse r = raw_request(server.port(), "GET", "/" + name);
    INFO(name);
    CHECK(r.status == 200);
    CHECK(r.header("content-type") == type);
    CHECK(r.body == "file " + name);
  }
  CHECK(raw_request(server.port(), "GET", "/").body == "file index.html");
  CHECK(raw_request(server.port(), "GET", "/?q=x&page=2").body == "file index.html");
  const char* tricks[] = {"/index.html%00.png",
                          "/index.html%00",
                          "/../outside.txt",
                          "/%2e%2e/outside.txt",
                          "/%2E%2E%2Foutside.txt",
                          "/js/..%2f..%2foutside.txt",
                          "/js%2fapp.js",
                          "/js%2Fapp.js",
                          "/js\\app.js",
                          "/js%5capp.js",
                          "//index.html",
                          "/js//app.js",
                          "/./index.html",
                          "/js/./app.js",
                          "/index.html/",
                          "/INDEX.HTML",
                          "/%69ndex.html",
                          "/index%2ehtml",
                          "/.secret.html",
                          "/conf.ini",
                          "/.git/config.txt",
                          "/js/",
                          "/js",
                          "/img/p.png%20"};
  for (const char* path : tricks) {
    INFO(path);
    const RawResponse r = raw_request(server.port(), "GET", path);
    CHECK(r.status == 404);
    CHECK(r.body.find("file ") == std::string::npos);
    CHECK(r.body.find("SECRET") == std::string::npos);
  }
}

TEST_CASE("http: every response carries the security headers", "[http]") {
  TempDir dir;
  ServerProcess server(dir, sample_db(dir),
                       {"-q", "--web", std::string(KAVOSH_SOURCE_DIR) + "/web"});
  std::vector<std::pair<std::string, RawResponse>> answers;
  for (const std::string path : {"/", "/style.css", "/js/main.js", "/api/stats", "/api/nope",
                                 "/api/search?page=0", "/healthz", "/metrics", "/nothing"})
    answers.emplace_back("GET " + path, raw_request(server.port(), "GET", path));
  answers.emplace_back("POST /api/search", raw_request(server.port(), "POST", "/api/search"));
  answers.emplace_back("431", raw_request(server.port(), "GET", "/",
                                          "X-Big: " + std::string(40000, 'b') + "\r\n\r\n"));
  for (const auto& [what, r] : answers) {
    INFO(what << " -> " << r.status);
    CHECK(r.status != 0);
    const std::string csp = r.header("content-security-policy");
    for (const char* directive : {"default-src 'none'", "script-src 'self'", "style-src 'self'",
                                  "connect-src 'self'", "frame-ancestors 'none'"})
      CHECK(csp.find(directive) != std::string::npos);
    CHECK(r.header("x-content-type-options") == "nosniff");
    CHECK(r.header("referrer-policy") == "no-referrer");
    CHECK(r.header("x-frame-options") == "DENY");
  }
}

namespace {

// The samples of a Prometheus text exposition, "name{labels}" → value. Every
// line must be a comment or a well-formed sample of a family with a # TYPE.
std::map<std::string, double> parse_prometheus(const std::string& text) {
  static const std::regex type_line(
      R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
  static const std::regex sample_line(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_]\w*="[^"\\\n]*"(?:,[a-zA-Z_]\w*="[^"\\\n]*")*\})? )"
      R"((-?[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|[+-]Inf))");
  std::map<std::string, std::string> types;
  std::map<std::string, double> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, type_line)) {
      types[m[1]] = m[2];
      continue;
    }
    if (line.rfind("# HELP ", 0) == 0) continue;
    INFO(line);
    REQUIRE(std::regex_match(line, m, sample_line));
    std::string family = m[1];
    for (const std::string suffix : {"_bucket", "_sum", "_count"}) {
      const std::string base =
          family.substr(0, family.size() - std::min(family.size(), suffix.size()));
      if (base + suffix == family && types[base] == "histogram") family = base;
    }
    CHECK(types.count(family) == 1);
    out[m[1].str() + m[2].str()] = std::stod(m[3]);
  }
  return out;
}

double value_or_zero(const std::map<std::string, double>& samples, const std::string& key) {
  auto it = samples.find(key);
  return it == samples.end() ? 0 : it->second;
}

}  // namespace

TEST_CASE("http: /metrics is Prometheus text and its counters move", "[http]") {
  TempDir dir;
  const std::string db = sample_db(dir);
  ServerProcess server(dir, db, {"-q"});
  auto scrape = [&] {
    const RawResponse r = raw_request(server.port(), "GET", "/metrics");
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type").rfind("text/plain; version=0.0.4", 0) == 0);
    return parse_prometheus(r.body);
  };
  const auto before = scrape();
  for (int i = 0; i < 3; ++i) CHECK(raw_request(server.port(), "GET", kSearch).status == 200);
  CHECK(raw_request(server.port(), "GET", "/api/search?page=0").status == 400);
  const auto after = scrape();
  const std::string search = R"({endpoint="search")";
  auto delta = [&](const std::string& key) { return after.at(key) - value_or_zero(before, key); };
  CHECK(delta(R"(kavosh_http_requests_total{endpoint="search",status="200"})") == 3);
  CHECK(delta(R"(kavosh_http_requests_total{endpoint="search",status="400"})") == 1);
  CHECK(delta("kavosh_http_request_duration_seconds_count" + search + "}") == 4);
  double previous = 0;
  for (const std::string le : {"0.0005", "0.001", "0.01", "0.1", "1", "10", "+Inf"}) {
    const double v =
        after.at("kavosh_http_request_duration_seconds_bucket" + search + ",le=\"" + le + "\"}");
    CHECK(v >= previous);
    previous = v;
  }
  CHECK(previous == after.at("kavosh_http_request_duration_seconds_count" + search + "}"));
  // The same search three times: searched once, then answered from the cache.
  CHECK(delta(R"(kavosh_search_cache_misses_total{cache="answer"})") == 1);
  CHECK(delta(R"(kavosh_search_cache_hits_total{cache="answer"})") == 2);
  CHECK(after.count(R"(kavosh_search_cache_hits_total{cache="feedback"})") == 1);
  CHECK(after.at("kavosh_index_readable") == 1);
  CHECK(after.at("kavosh_index_documents") == 72);
  CHECK(after.at("kavosh_index_age_seconds") >= 0);
  CHECK(after.at("kavosh_index_age_seconds") < 3600);
  CHECK(delta("kavosh_http_connections_accepted_total") >= 5);
  // A commit while serving shows in the documents and the readers' reopens.
  std::ofstream(dir / "extra.jsonl")
      << R"({"id": "extra-1", "title": "خبر تازه", "body": "متن خبر تازه", "source": "آزمون"})"
      << "\n";
  const pid_t pid = kavosh::testing::spawn(
      {std::string(KAVOSH_BIN_DIR) + "/kavosh-index", "--db", db, "-q", dir / "extra.jsonl"},
      dir / "extra.log");
  REQUIRE(kavosh::testing::wait_exit(pid) == 0);
  const auto later = scrape();
  CHECK(later.at("kavosh_index_documents") == 73);
  CHECK(later.at("kavosh_index_reopens_total") > after.at("kavosh_index_reopens_total"));
}

TEST_CASE("http: the access log is one JSON object a line, and --quiet turns it off", "[http]") {
  TempDir dir, quiet_dir;
  const std::string db = sample_db(dir);
  ServerProcess server(dir, db, {});
  CHECK(raw_request(server.port(), "GET", kSearch).status == 200);
  CHECK(raw_request(server.port(), "POST", "/healthz").status == 405);
  CHECK(server.stop() == 0);
  std::vector<json> lines;
  std::istringstream log(server.log());
  for (std::string line; std::getline(log, line);) {
    if (!line.empty() && line[0] == '{') lines.push_back(json::parse(line));
  }
  REQUIRE(lines.size() >= 3);  // the start-up probe, the search, the POST
  const json& search = lines[lines.size() - 2];
  CHECK(search["method"] == "GET");
  CHECK(search["path"] == "/api/search");
  CHECK(search["query"] == kSearch.substr(kSearch.find('?') + 1));
  CHECK(search["status"] == 200);
  CHECK(search["bytes"].get<int>() > 100);
  CHECK(search["duration_ms"].get<double>() >= 0);
  CHECK(search["remote"].get<std::string>().rfind("127.0.0.1:", 0) == 0);
  CHECK(std::regex_match(search["time"].get<std::string>(),
                         std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  CHECK(lines.back()["status"] == 405);
  ServerProcess quiet(quiet_dir, db, {"-q"});
  CHECK(raw_request(quiet.port(), "GET", kSearch).status == 200);
  CHECK(quiet.stop() == 0);
  CHECK(quiet.log().find('{') == std::string::npos);
}
