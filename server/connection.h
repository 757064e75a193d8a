// One client connection of kavosh-server, and the httplib::Stream through which
// a worker reads one request from it and writes the response.
#pragma once

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace kavosh {

using Clock = std::chrono::steady_clock;

// A connection and what was received on it. Owned by one thread at a time:
// the reactor while it waits for a request head (or for the client to take the
// rest of an answer), the worker while it answers.
struct Connection {
  int fd = -1;
  std::string in;   // bytes received and not yet consumed by a request
  std::string out;  // the end of an answer the client has not taken yet
  std::string remote_ip, local_ip;
  int remote_port = 0, local_port = 0;
  Clock::time_point deadline;        // when the reactor stops waiting on it
  Clock::time_point head_done;       // when the head of the request being answered was complete
  Clock::time_point write_deadline;  // when `out` must have been taken
  unsigned served = 0;               // requests answered on this connection
  bool peer_closed = false;          // the client shut down its side after a complete head
  bool close_after_write = false;    // close once `out` is sent

  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();  // closes fd
};

// Where the head (request line and headers) of the first request of `in`
// ends, just past the empty line; npos when it is not complete. As httplib
// reads it: lines end with LF, and the head ends at a line that is exactly
// CRLF.
std::size_t head_end(std::string_view in);

// The request target of a complete or partial head ("/healthz?x" of
// "GET /healthz?x HTTP/1.1"), empty when the request line is not complete.
std::string_view head_target(std::string_view in);

// A complete response the connection layer sends by itself, before any
// routing: `status` with a JSON error body {"error", "code", "param": ""}, the
// `extra_headers` lines ("Name: value\r\n" each) and Connection: close.
std::string canned_response(int status, std::string_view reason, std::string_view code,
                            std::string_view message, std::string_view extra_headers);

// Reads give the bytes already received first (the reactor hands a
// connection to a worker once a complete head is there), then wait on the
// socket until `read_deadline`. Writes are collected; send_now() sends what the
// socket takes at once and leaves the rest in connection.out for the reactor,
// so a client that reads slowly holds no worker. Only an answer over
// kHoldBytes is sent by the worker as it is written, waiting for the client:
// the whole answer may take `write_timeout`. Not thread-safe: one worker uses it.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(Connection& connection, Clock::time_point read_deadline,
                   std::chrono::milliseconds write_timeout);
  // Drops the bytes this request consumed from connection.in.
  ~ConnectionStream() override;

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override;

  // The most of an answer kept in memory for a client that does not read.
  static constexpr std::size_t kHoldBytes = std::size_t{256} * 1024;

  // Sends what the socket takes now; the rest goes to connection.out, to be
  // sent by connection.write_deadline. False when the connection failed.
  bool send_now();
  // True when sending failed because the client did not take the answer by
  // the write deadline.
  bool timed_out() const { return failed_ && writing_ && Clock::now() >= write_deadline_; }
  // Response bytes written so far (headers and body), sent or still pending.
  std::size_t bytes_written() const { return sent_ + out_.size(); }

 private:
  bool flush();  // blocking, within the write deadline

  Connection& c_;
  std::size_t pos_ = 0;  // bytes of c_.in consumed
  Clock::time_point read_deadline_;
  std::chrono::milliseconds write_timeout_;
  Clock::time_point write_deadline_;
  bool writing_ = false;  // write_deadline_ is set
  std::string out_;
  std::size_t sent_ = 0;
  bool failed_ = false;
};

// The address ("127.0.0.1", "::1") and port of a socket address.
std::string address_of(const sockaddr_storage& addr, int& port);
// A non-blocking socket listening on host:port; -1 when none could be made.
int listen_socket(const std::string& host, int port);

// Sends `data` on the non-blocking socket `fd`, waiting until `deadline` for
// the client to take it; false when it could not.
bool send_all(int fd, std::string_view data, Clock::time_point deadline);
// Sends what the non-blocking socket `fd` takes now from the front of
// `buffer` and erases it there; false when the connection failed.
bool send_some(int fd, std::string& buffer);

}  // namespace kavosh
