// The HTTP front end: JSON API routes plus the static page.
#pragma once

#include <memory>
#include <string>

#include "kavosh/util/status.h"

namespace kavosh {

struct ServerOptions {
  std::string db_path;
  std::string host = "127.0.0.1";
  int port = 8080;      // 0 picks a free port
  std::string web_dir;  // served at "/" when not empty
  bool access_log = true;
};

class HttpServer {
 public:
  // Opens the database (refusing an incompatible one) and sets up the routes.
  static Result<std::unique_ptr<HttpServer>> create(const ServerOptions& options);
  ~HttpServer();

  // Binds the listening socket; returns the port (the chosen one for port 0).
  Result<int> bind();
  // Serves until stop() is called. REQUIRES: bind() succeeded.
  void run();
  // Thread-safe; makes run() return.
  void stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kavosh
