// The connection layer of kavosh-server. One thread waits on every socket
// (epoll) and hands a connection to a worker only once a complete request head
// has arrived, and takes it back between requests: an idle or slow client holds
// a file descriptor and a buffer, never a worker. Workers answer through
// httplib's request processing (the Serve callback), so routing stays httplib's.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kavosh/util/status.h"

namespace httplib {
class Stream;
}

namespace kavosh {

struct LoopOptions {
  // Workers answering requests. Only requests hold one (never an idle or slow
  // client), and answering is CPU work: a few per core (main.cpp's default).
  int threads = 8;
  // Requests for these paths (GET or HEAD) go to a lane of their own with
  // kPriorityThreads workers, so a probe is answered while every worker is busy.
  std::vector<std::string> priority_paths = {"/healthz", "/metrics"};
  std::size_t max_connections = 1024;  // beyond, a new connection gets a 503 and is closed
  std::chrono::milliseconds idle_timeout{5000};         // a connection with no request under way
  std::chrono::milliseconds header_timeout{10000};      // first byte of a head to its last
  std::chrono::milliseconds write_timeout{10000};       // a whole response
  std::chrono::milliseconds drain_timeout{10000};       // drain() to the last request answered
  std::size_t max_head_bytes = std::size_t{32} * 1024;  // request line and headers
  unsigned max_requests_per_connection = 1000;
  // Header lines ("Name: value\r\n" each) added to the answers the loop makes
  // by itself (408, 431, 503).
  std::string extra_headers;
};

// One request and its response, as the access log and the metrics see them.
struct Exchange {
  // Filled by the Serve callback; empty for a request the loop refused itself.
  std::string method, path, query, endpoint;
  int status = 0;      // 0: no response was written (the client went away)
  bool close = false;  // Serve asks to close the connection after this response
  // Filled by the loop.
  std::size_t bytes = 0;  // response bytes, headers included
  double seconds = 0;     // from the complete head to the response written to the socket
  std::string remote;     // "ip:port" of the client
};

// What the loop has done so far, for /metrics.
struct LoopCounters {
  std::uint64_t open = 0;             // connections open now
  std::uint64_t busy = 0;             // requests waiting for or held by a worker now
  std::uint64_t accepted = 0;         // connections accepted
  std::uint64_t rejected = 0;         // connections refused over max_connections (503)
  std::uint64_t header_timeouts = 0;  // heads not complete within header_timeout (408)
  std::uint64_t heads_too_large = 0;  // heads over max_head_bytes (431)
  std::uint64_t write_timeouts = 0;   // answers not taken within write_timeout (closed)
  int threads = 0;
};

// What a drain left unanswered.
struct DrainReport {
  std::size_t cut_waiting = 0;   // heads still arriving, answers still being taken (closed)
  std::size_t cut_requests = 0;  // requests still being answered at drain_timeout
};

class ConnectionLoop {
 public:
  // Answers one request read from the stream, as httplib::Server's
  // process_request does, and fills the exchange's request side.
  using Serve = std::function<bool(httplib::Stream& stream, bool close_connection,
                                   bool& connection_closed, Exchange& exchange)>;
  // Called once per response, from the thread that wrote it, before its last
  // bytes are sent.
  using Done = std::function<void(const Exchange& exchange)>;

  static constexpr int kPriorityThreads = 2;

  ConnectionLoop(LoopOptions options, Serve serve, Done done);
  ~ConnectionLoop();
  ConnectionLoop(const ConnectionLoop&) = delete;
  ConnectionLoop& operator=(const ConnectionLoop&) = delete;

  // Listens on `host`:`port` (0: a free port); returns the port.
  Result<int> bind(const std::string& host, int port);
  // Serves until drain() and the drain that follows: accepting stops, idle
  // connections close, requests under way (heads being received included) are
  // answered with Connection: close, within drain_timeout. When the report has
  // cut_requests, workers are still running: the process must then exit
  // without destroying this object. REQUIRES: bind() succeeded.
  DrainReport run();
  // Thread-safe; async-signal-unsafe.
  void drain();

  LoopCounters counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kavosh
