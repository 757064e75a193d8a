// Helpers for tests of the HTTP layer itself: kavosh-server started with any
// flags, and raw HTTP/1.1 over a socket, byte for byte (no client library
// normalising paths or hiding connection reuse).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "process_util.h"
#include "test_util.h"

namespace kavosh::testing {

struct RawResponse {
  int status = 0;                              // 0: no complete response came
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// One client connection on loopback; reads wait at most `timeout`. A
// `receive_buffer` (bytes) makes a client that takes in little at a time.
class RawConnection {
 public:
  explicit RawConnection(int port, std::chrono::milliseconds timeout = std::chrono::seconds(10),
                         int receive_buffer = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    set_timeout(timeout);
    if (receive_buffer > 0)
      setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  void set_timeout(std::chrono::milliseconds timeout) {
    timeval tv{static_cast<time_t>(timeout.count() / 1000),
               static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  bool send(const std::string& data) {
    return ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
  }
  // The next response; `head_only` for the answer to HEAD (no body follows).
  RawResponse read_response(bool head_only = false) {
    RawResponse r;
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return r;
    }
    const std::string head = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    std::size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    if (status_line.rfind("HTTP/1.1 ", 0) != 0) return r;
    const int status = std::stoi(status_line.substr(9, 3));
    for (std::size_t at = line_end + 2; at < head.size(); at = line_end + 2) {
      line_end = head.find("\r\n", at);
      const std::string line = head.substr(at, line_end - at);
      const std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      r.headers[name] = line.substr(std::min(line.size(), colon + 2));
    }
    const std::size_t length = head_only || r.header("content-length").empty()
                                   ? 0
                                   : std::stoul(r.header("content-length"));
    while (buffer_.size() < length) {
      if (!fill()) return r;
    }
    r.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    r.status = status;
    return r;
  }
  // True when the server closed the connection (within the read timeout).
  bool closed_by_server() {
    char byte;
    const ssize_t n = ::recv(fd_, &byte, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  bool fill() {
    char buf[16384];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<std::size_t>(n));
    return true;
  }
  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

// One request on a connection of its own (status 0 when nothing answered).
// `extra` is more header lines, then the body after the empty line if any.
inline RawResponse raw_request(int port, const std::string& method, const std::string& target,
                               const std::string& extra = "\r\n") {
  RawConnection c(port);
  if (!c.connected()) return {};
  if (!c.send(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
              extra))
    return {};
  return c.read_response(method == "HEAD");
}

// kavosh-server on a loopback port of its own choosing (--port 0: a port
// picked beforehand could be taken by a server of another test running at the
// same time) with any extra flags; its stderr goes to `log`. Stopped with
// SIGTERM at the end of the scope.
class ServerProcess {
 public:
  ServerProcess(const TempDir& dir, const std::string& db, std::vector<std::string> flags)
      : log_(dir / "server.log") {
    std::vector<std::string> argv = {std::string(KAVOSH_BIN_DIR) + "/kavosh-server",
                                     "--db",
                                     db,
                                     "--host",
                                     "127.0.0.1",
                                     "--port",
                                     "0"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    pid_ = spawn(argv, log_);
    const std::string serving = "on http://127.0.0.1:";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
      const std::string log = read_file(log_);
      const std::size_t at = log.find(serving);
      if (at != std::string::npos && log.find('/', at + serving.size()) != std::string::npos) {
        port_ = std::stoi(log.substr(at + serving.size()));
        break;
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        FAIL("the server exited: " << log);
      }
      if (std::chrono::steady_clock::now() > deadline) FAIL("no server: " << log);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    REQUIRE(raw_request(port_, "GET", "/healthz").status == 200);
  }
  ~ServerProcess() {
    if (pid_ > 0) stop();
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string log() const { return read_file(log_); }
  // Sends SIGTERM and waits; returns the exit status (-1 when it had to be
  // killed after `limit`).
  int stop(std::chrono::seconds limit = std::chrono::seconds(20)) {
    kill(pid_, SIGTERM);
    return wait(limit);
  }
  // Waits for the server to exit by itself (after a signal sent with pid()).
  int wait(std::chrono::seconds limit = std::chrono::seconds(20)) {
    const int rc = wait_exit(pid_, limit);
    pid_ = -1;
    return rc;
  }

 private:
  int port_ = 0;
  std::string log_;
  pid_t pid_ = -1;
};

}  // namespace kavosh::testing
