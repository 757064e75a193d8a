// Helpers for end-to-end tests over HTTP: a running kavosh-server on a free
// loopback port, URL encoding, and JSON requests.
#pragma once

#include <httplib.h>
#include <signal.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "process_util.h"
#include "test_util.h"

namespace kavosh::testing {

inline const std::string kBinDir = KAVOSH_BIN_DIR;

// Percent-encodes every byte but the unreserved ones (RFC 3986).
inline std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A running kavosh-server, stopped with SIGTERM at the end of the scope.
class Server {
 public:
  Server(const TempDir& dir, const std::string& db, const std::string& web = "")
      : Server(dir, std::vector<std::string>{db},
               web.empty() ? std::vector<std::string>{} : std::vector<std::string>{"--web", web}) {}
  // Every database of `dbs` (--db each), with more `flags`, logging to `log_name` in `dir`.
  Server(const TempDir& dir, const std::vector<std::string>& dbs,
         const std::vector<std::string>& flags, const std::string& log_name = "server.log")
      : port_(free_port()), log_(dir / log_name) {
    std::vector<std::string> argv = {kBinDir + "/kavosh-server", "--port", std::to_string(port_),
                                     "--host", "127.0.0.1"};
    for (const std::string& db : dbs) {
      argv.push_back("--db");
      argv.push_back(db);
    }
    argv.insert(argv.end(), flags.begin(), flags.end());
    pid_ = spawn(argv, log_);
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(std::chrono::milliseconds(200));
    for (int i = 0; i < 250; ++i) {  // up to ~10 s
      if (auto res = client.Get("/healthz"); res && res->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(40));
    }
    FAIL("server did not start: " << read_file(log_));
  }
  ~Server() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      wait_exit(pid_, std::chrono::seconds(10));
    }
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Stops the server; returns its exit status.
  int stop() {
    kill(pid_, SIGTERM);
    int rc = wait_exit(pid_, std::chrono::seconds(10));
    pid_ = -1;
    return rc;
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(std::chrono::seconds(10));
    return c;
  }

 private:
  int port_;
  std::string log_;
  pid_t pid_ = -1;
};

// GET `path`, which must answer `expected_status` with JSON; returns the JSON.
inline nlohmann::json get_json(httplib::Client& client, const std::string& path,
                               int expected_status) {
  auto res = client.Get(path.c_str());
  REQUIRE(res);
  INFO(path << " -> " << res->body);
  REQUIRE(res->status == expected_status);
  CHECK(res->get_header_value("Content-Type").find("application/json") == 0);
  return nlohmann::json::parse(res->body);
}

}  // namespace kavosh::testing
