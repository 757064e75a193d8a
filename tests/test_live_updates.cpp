// Live updates under load: kavosh-server answers a steady stream of searches
// on keep-alive connections while kavosh-index adds articles to the database
// it serves, and while kavosh-index --rebuild builds a new database and swaps
// it in. Every request must succeed, and each change must be visible within
// two seconds of the indexer's exit. The real programs, loopback only.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <xapian.h>
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "http_util.h"
#include "kavosh/index/schema.h"
#include "process_util.h"
#include "server_util.h"
#include "test_util.h"

namespace {

using Clock = std::chrono::steady_clock;
using kavosh::testing::ServerProcess;
using kavosh::testing::TempDir;

// A keep-alive HTTP/1.1 client for the load threads. It uses no Catch2
// macro (they are not thread-safe): failures are counted by the caller.
class KeepAliveClient {
 public:
  explicit KeepAliveClient(int port) : port_(port) {}
  ~KeepAliveClient() { disconnect(); }

  // GET `target`; the status (0: no complete answer) and the body.
  int get(const std::string& target, std::string& body) {
    if (fd_ < 0 && !connect_now()) return 0;
    const std::string request =
        "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: live-update-test\r\n\r\n";
    if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
      disconnect();
      return 0;
    }
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return 0;
    }
    const std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    const int status = head.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(head.c_str() + 9) : 0;
    std::size_t length = 0;
    const std::size_t at = lower(head).find("\r\ncontent-length:");
    if (at != std::string::npos) length = std::stoul(head.substr(at + 17));
    while (buffer_.size() < length) {
      if (!fill()) return 0;
    }
    body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    // The server ends a connection after its request budget, saying so.
    if (lower(head).find("\r\nconnection: close") != std::string::npos) disconnect();
    return status;
  }

 private:
  static std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  bool connect_now() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    timeval tv{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port_));
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      disconnect();
      return false;
    }
    return true;
  }
  bool fill() {
    char buf[16384];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      disconnect();
      return false;
    }
    buffer_.append(buf, static_cast<std::size_t>(n));
    return true;
  }
  void disconnect() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
  }
  int port_;
  int fd_ = -1;
  std::string buffer_;
};

// Searches from `threads` keep-alive clients until stopped; counts answers
// and failures (anything but 200, or no answer), keeping the first failure.
class Load {
 public:
  Load(int port, int threads) {
    const std::vector<std::string> targets = {
        "/api/search?q=" + kavosh::testing::url_encode("تهران"),
        "/api/search?q=" + kavosh::testing::url_encode("ورزش") + "&facets=source,month",
        "/api/search?q=" + kavosh::testing::url_encode("اقتصاد") + "&sort=newest",
        "/api/search?q=marker", "/healthz"};
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, port, targets, t] {
        KeepAliveClient client(port);
        std::string body;
        for (std::size_t i = static_cast<std::size_t>(t); !stop_.load(); ++i) {
          const std::string& target = targets[i % targets.size()];
          const int status = client.get(target, body);
          ++answers_;
          if (status != 200) {
            ++failures_;
            std::lock_guard<std::mutex> lock(mu_);
            if (first_failure_.empty()) {
              first_failure_ = target + " -> " + std::to_string(status) + " " + body;
            }
          }
        }
      });
    }
  }
  ~Load() { stop(); }
  void stop() {
    stop_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
  }
  long answers() const { return answers_.load(); }
  long failures() const { return failures_.load(); }
  std::string first_failure() {
    std::lock_guard<std::mutex> lock(mu_);
    return first_failure_;
  }

 private:
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::atomic<long> answers_{0}, failures_{0};
  std::mutex mu_;
  std::string first_failure_;
};

// `n` articles that all contain the Latin word `marker`, ids `prefix`-k;
// their bodies differ (words drawn from a small vocabulary), so that they are
// not near-duplicates of each other.
void write_articles(const std::string& path, const std::string& prefix, const std::string& marker,
                    int n) {
  static const char* const kWords[] = {
      "تهران",   "اقتصاد",  "بازار",     "دولت",  "مجلس",     "ورزش",  "فوتبال", "قیمت",
      "نفت",     "بانک",    "مرکزی",     "گزارش", "خبرگزاری", "شهر",   "استان",  "آموزش",
      "دانشگاه", "سلامت",   "بیمارستان", "هوا",   "باران",    "سفر",   "فرهنگ",  "کتاب",
      "سینما",   "جشنواره", "انتخابات",  "وزیر",  "رئیس",     "جمهور", "صادرات", "واردات"};
  constexpr std::size_t kCount = sizeof kWords / sizeof kWords[0];
  std::ofstream out(path);
  std::uint32_t seed = 12345;
  for (int k = 0; k < n; ++k) {
    std::string body;
    for (int w = 0; w < 40; ++w) {
      seed = seed * 1664525u + 1013904223u;
      body += std::string(kWords[(seed >> 16) % kCount]) + " ";
    }
    out << nlohmann::json{{"id", prefix + "-" + std::to_string(k)},
                          {"title", "خبر شماره " + std::to_string(k) + " " + marker},
                          {"body", body + std::to_string(k * 7919) + ". " + marker},
                          {"source", "آزمون"},
                          {"date", "2024-03-" + std::to_string(10 + k % 15)}}
               .dump()
        << "\n";
  }
}

int run_indexer(const TempDir& dir, std::vector<std::string> args, const std::string& log) {
  args.insert(args.begin(), std::string(KAVOSH_BIN_DIR) + "/kavosh-index");
  return kavosh::testing::wait_exit(kavosh::testing::spawn(args, dir / log));
}

// Polls `target` (a fresh connection each time) until `done(json)`; the
// seconds it took, or -1 after `limit` seconds.
template <typename Done>
double seconds_until(int port, const std::string& target, Done done, double limit = 10) {
  const auto start = Clock::now();
  KeepAliveClient client(port);
  std::string body;
  for (;;) {
    const double s = std::chrono::duration<double>(Clock::now() - start).count();
    if (client.get(target, body) == 200 && done(nlohmann::json::parse(body))) return s;
    if (s > limit) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

TEST_CASE("live updates: additions and a rebuild-and-swap under load, with no failed request",
          "[http][live]") {
  TempDir dir;
  const std::string db = dir / "db";
  REQUIRE(run_indexer(dir, {"--db", db, "-q", kavosh::testing::sample_corpus()}, "first.log") == 0);
  ServerProcess server(dir, db, {"-q", "--threads", "4"});
  std::string body;
  auto documents = [&] {
    KeepAliveClient client(server.port());
    REQUIRE(client.get("/healthz", body) == 200);
    return nlohmann::json::parse(body).at("documents").get<long>();
  };
  const long sample = documents();
  REQUIRE(sample > 0);

  Load load(server.port(), 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  // In place: four runs of 100 articles, each seen within two seconds.
  double seen_added = 0;
  for (int run = 0; run < 4; ++run) {
    const std::string marker = "zanjabil" + std::string(1, static_cast<char>('a' + run));
    const std::string input = dir / (marker + ".jsonl");
    write_articles(input, marker, marker, 100);
    REQUIRE(run_indexer(dir, {"--db", db, "-q", input}, marker + ".log") == 0);
    const double seen =
        seconds_until(server.port(), "/api/search?q=" + marker + "&collapse=0",
                      [](const nlohmann::json& j) { return j.at("total").get<long>() == 100; });
    INFO(kavosh::testing::read_file(dir / (marker + ".log")));
    CHECK(seen >= 0);
    CHECK(seen <= 2);
    seen_added = std::max(seen_added, seen);
  }
  const std::string added_query = "/api/search?q=zanjabila&collapse=0";
  CHECK(documents() == sample + 400);

  // A rebuild of other inputs, swapped in while the searches go on.
  write_articles(dir / "rebuilt.jsonl", "rebuilt", "zarchoobe", 3000);
  REQUIRE(run_indexer(dir,
                      {"--db", db, "-q", "--rebuild", kavosh::testing::sample_corpus(),
                       dir / "rebuilt.jsonl"},
                      "rebuild.log") == 0);
  const double seen_rebuilt =
      seconds_until(server.port(), "/api/search?q=zarchoobe&collapse=0",
                    [](const nlohmann::json& j) { return j.at("total").get<long>() == 3000; });
  CHECK(seen_rebuilt >= 0);
  CHECK(seen_rebuilt <= 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  load.stop();

  // The rebuilt database holds its inputs only, near-duplicates found, and
  // nothing is left beside it.
  CHECK(documents() == sample + 3000);
  KeepAliveClient client(server.port());
  REQUIRE(client.get(added_query, body) == 200);
  CHECK(nlohmann::json::parse(body).at("total") == 0);
  REQUIRE(client.get("/api/stats", body) == 200);
  CHECK(nlohmann::json::parse(body).at("documents").get<long>() == sample + 3000);
  std::vector<std::string> beside;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    const std::string name = e.path().filename().string();
    if (name.rfind(".db", 0) == 0) beside.push_back(name);
  }
  CHECK(beside.empty());

  INFO("first failure: " << load.first_failure());
  CHECK(load.failures() == 0);
  CHECK(load.answers() >= 100);
  WARN("live updates: " << load.answers() << " answers under load, " << load.failures()
                        << " failed; additions seen at most " << seen_added
                        << " s, the rebuild after " << seen_rebuilt << " s");
}

TEST_CASE("live updates: --rebuild replaces a database of an older schema, not other folders",
          "[http][live]") {
  TempDir dir;
  const std::string db = dir / "db";
  REQUIRE(run_indexer(dir, {"--db", db, "-q", kavosh::testing::sample_corpus()}, "first.log") == 0);
  {
    Xapian::WritableDatabase w(db, Xapian::DB_OPEN);
    w.set_metadata(std::string(kavosh::schema::kMetaSchema), "0");
    w.commit();
  }
  // In place, the old database is refused with the way out in the message.
  CHECK(run_indexer(dir, {"--db", db, "-q", kavosh::testing::sample_corpus()}, "refused.log") != 0);
  CHECK(kavosh::testing::read_file(dir / "refused.log").find("--rebuild") != std::string::npos);
  REQUIRE(run_indexer(dir, {"--db", db, "-q", "--rebuild", kavosh::testing::sample_corpus()},
                      "rebuild.log") == 0);
  CHECK(Xapian::Database(db).get_metadata(std::string(kavosh::schema::kMetaSchema)) != "0");

  // A folder that is not a database is never replaced.
  const std::string other = dir / "notes";
  std::filesystem::create_directories(other);
  std::ofstream(other + "/keep.txt") << "keep";
  CHECK(run_indexer(dir, {"--db", other, "-q", "--rebuild", kavosh::testing::sample_corpus()},
                    "other.log") != 0);
  CHECK(std::filesystem::exists(other + "/keep.txt"));
  // A rebuild that reads no article leaves the database as it was.
  std::ofstream(dir / "empty.jsonl") << "";
  CHECK(run_indexer(dir, {"--db", db, "-q", "--rebuild", dir / "empty.jsonl"}, "empty.log") != 0);
  CHECK(Xapian::Database(db).get_doccount() > 0);
}
