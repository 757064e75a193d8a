// The connection layer in process (server/connection_loop.h), with a scripted
// Serve in place of httplib's: /sleep?ms=N sleeps N ms, /big?kb=N answers N
// KiB on a socket whose send buffer was made small (so that the kernel does not
// take the answer whole), anything else answers "ok". What the tests of the
// binary cannot arrange: a request a worker is on when the drain starts, every
// worker busy, an answer left to the reactor to send.
#include <sys/socket.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "connection.h"
#include "connection_loop.h"
#include "http_util.h"

using kavosh::ConnectionLoop;
using kavosh::DrainReport;
using kavosh::Exchange;
using kavosh::LoopOptions;
using kavosh::testing::raw_request;
using kavosh::testing::RawConnection;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

// The target of the next request head on `stream`; empty when none comes.
std::string read_target(httplib::Stream& stream) {
  std::string head;
  char ch;
  while (head.size() < 4 || head.compare(head.size() - 4, 4, "\r\n\r\n") != 0) {
    if (stream.read(&ch, 1) != 1) return {};
    head += ch;
  }
  return std::string(kavosh::head_target(head));
}

bool scripted_serve(httplib::Stream& stream, bool close, bool&, Exchange& exchange) {
  const std::string target = read_target(stream);
  if (target.empty()) return false;
  std::string body = "ok";
  if (target.rfind("/sleep?ms=", 0) == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(target.substr(10))));
    body = "slept";
  } else if (target.rfind("/big?kb=", 0) == 0) {
    const int small = 4096;
    setsockopt(stream.socket(), SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
    body.assign(std::size_t{1024} * std::stoul(target.substr(8)), 'x');
  }
  const std::string out = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
                          (close ? "\r\nConnection: close" : "") + "\r\n\r\n" + body;
  exchange.status = 200;
  exchange.path = target;
  return stream.write(out.data(), out.size()) == static_cast<ssize_t>(out.size());
}

// A ConnectionLoop serving scripted_serve on a loopback port, drained at the end of the scope.
class RunningLoop {
 public:
  explicit RunningLoop(LoopOptions options)
      : loop_(std::move(options), scripted_serve, [](const Exchange&) {}) {
    kavosh::Result<int> port = loop_.bind("127.0.0.1", 0);
    REQUIRE(port.ok());
    port_ = port.value();
    runner_ = std::thread([this] { report_ = loop_.run(); });
  }
  ~RunningLoop() {
    if (runner_.joinable()) drain();
  }
  RunningLoop(const RunningLoop&) = delete;
  RunningLoop& operator=(const RunningLoop&) = delete;

  int port() const { return port_; }
  const ConnectionLoop& loop() const { return loop_; }
  // Starts the drain and waits for run() to return.
  DrainReport drain() {
    loop_.drain();
    runner_.join();
    return report_;
  }

 private:
  ConnectionLoop loop_;
  int port_ = 0;
  DrainReport report_;
  std::thread runner_;
};

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double timed_ok(int port, const std::string& path) {
  const Clock::time_point start = Clock::now();
  CHECK(raw_request(port, "GET", path).status == 200);
  return ms_since(start);
}

}  // namespace

TEST_CASE("loop: the drain answers the request a worker is on, then run() returns", "[loop]") {
  LoopOptions options;
  options.threads = 2;
  options.drain_timeout = 5s;
  RunningLoop server(options);
  RawConnection busy(server.port()), idle(server.port());
  REQUIRE(busy.send("GET /sleep?ms=800 HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(200ms);
  const Clock::time_point start = Clock::now();
  std::future<DrainReport> drained = std::async(std::launch::async, [&] { return server.drain(); });
  CHECK(idle.closed_by_server());
  const kavosh::testing::RawResponse r = busy.read_response();
  CHECK(r.status == 200);
  CHECK(r.body == "slept");
  CHECK(busy.closed_by_server());  // its answer was on its way before the drain: closed after
  const DrainReport report = drained.get();
  CHECK(report.cut_requests == 0);
  CHECK(report.cut_waiting == 0);
  CHECK(ms_since(start) < 3000);
}

TEST_CASE("loop: /healthz and /metrics are answered while every worker is busy", "[loop]") {
  LoopOptions options;
  options.threads = 1;
  RunningLoop server(options);
  RawConnection busy(server.port());
  REQUIRE(busy.send("GET /sleep?ms=1500 HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(200ms);
  CHECK(timed_ok(server.port(), "/healthz") < 500);
  CHECK(timed_ok(server.port(), "/metrics?x=1") < 500);
  const double waited = timed_ok(server.port(), "/other");
  CHECK(waited > 800);  // behind the sleeper, in the only worker's line
  CHECK(waited < 3000);
}

TEST_CASE(
    "loop: an answer the client does not take holds no worker, the reactor sends it as "
    "it is read, or closes the connection at the write timeout",
    "[loop]") {
  LoopOptions options;
  options.threads = 1;
  options.write_timeout = 1s;
  RunningLoop server(options);
  RawConnection reader(server.port(), 10s, 4096), stuck(server.port(), 10s, 4096);
  REQUIRE(reader.send("GET /big?kb=200 HTTP/1.1\r\nHost: x\r\n\r\n"));
  REQUIRE(stuck.send("GET /big?kb=200 HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(200ms);
  CHECK(timed_ok(server.port(), "/other") < 500);  // the only worker is free
  const kavosh::testing::RawResponse big = reader.read_response();
  CHECK(big.status == 200);
  CHECK(big.body == std::string(200 * 1024, 'x'));
  // Then the connection reads requests again.
  REQUIRE(reader.send("GET /other HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(reader.read_response().body == "ok");
  std::this_thread::sleep_for(1500ms);
  CHECK(stuck.read_response().status == 0);  // cut off after a second
  CHECK(server.loop().counters().write_timeouts == 1);
}
