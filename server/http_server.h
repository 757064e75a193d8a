// The HTTP front end: JSON API routes, /healthz and /metrics, and the static
// page, answered by httplib's routing behind the connection layer of
// connection_loop.h (docs/operations.md: limits, timeouts, drain).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "connection_loop.h"
#include "kavosh/search/service.h"
#include "kavosh/util/status.h"

namespace kavosh {

struct ServerOptions {
  // Databases built by kavosh-index: one directory, or the shards of an
  // archive, each a directory or "tcp://HOST:PORT" (xapian-tcpsrv), combined
  // into one (docs/deploy.md).
  std::vector<std::string> databases;
  ShardOptions shards;  // timeouts, and what a shard that is down means
  std::string host = "127.0.0.1";
  int port = 8080;         // 0 picks a free port
  std::string web_dir;     // served at "/" when not empty
  bool access_log = true;  // one JSON line per response on stderr
  // Search answers kept (SearchOptions::answer_cache_entries); 0: none.
  std::size_t answer_cache_entries = kAnswerCacheEntries;
  LoopOptions loop;  // workers, connection limits, timeouts, drain
};

class HttpServer {
 public:
  // Opens the database (refusing an incompatible one), lists the page's files
  // and sets up the routes.
  static Result<std::unique_ptr<HttpServer>> create(const ServerOptions& options);
  ~HttpServer();

  // Binds the listening socket; returns the port (the chosen one for port 0).
  Result<int> bind();
  // Serves until stop(), then drains (ConnectionLoop::run). When the report
  // has cut_requests, the process must exit without destroying the server.
  // REQUIRES: bind() succeeded.
  DrainReport run();
  // Thread-safe: stops accepting and starts the drain that makes run() return.
  void stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kavosh
