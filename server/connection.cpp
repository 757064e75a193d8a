#include "connection.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace kavosh {

namespace {

// Milliseconds left until `deadline`, rounded up; 0 when it has passed.
int millis_until(Clock::time_point deadline) {
  const auto left = deadline - Clock::now();
  if (left <= Clock::duration::zero()) return 0;
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
}

// Waits until `fd` is ready for `events` or `deadline` passes.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const int ms = millis_until(deadline);
    if (ms == 0) return false;
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, ms);
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

}  // namespace

Connection::~Connection() {
  if (fd >= 0) ::close(fd);
}

std::size_t head_end(std::string_view in) {
  const std::size_t line_end = in.find('\n');
  if (line_end == std::string_view::npos) return std::string_view::npos;
  const std::size_t blank = in.find("\n\r\n", line_end);
  return blank == std::string_view::npos ? blank : blank + 3;
}

std::string_view head_target(std::string_view in) {
  const std::size_t line_end = in.find('\n');
  if (line_end == std::string_view::npos) return {};
  const std::string_view line = in.substr(0, line_end);
  const std::size_t start = line.find(' ');
  if (start == std::string_view::npos) return {};
  const std::size_t end = line.find(' ', start + 1);
  if (end == std::string_view::npos) return {};
  return line.substr(start + 1, end - start - 1);
}

std::string canned_response(int status, std::string_view reason, std::string_view code,
                            std::string_view message, std::string_view extra_headers) {
  std::string body = "{\"error\": \"";
  body.append(message).append("\", \"code\": \"").append(code).append("\", \"param\": \"\"}");
  std::string out = "HTTP/1.1 " + std::to_string(status) + " ";
  out.append(reason).append("\r\nContent-Type: application/json; charset=utf-8\r\n");
  out.append("Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n");
  out.append(extra_headers).append("\r\n").append(body);
  return out;
}

std::string address_of(const sockaddr_storage& addr, int& port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    port = ntohs(a->sin6_port);
  }
  return text;
}

int listen_socket(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found) != 0)
    return -1;
  int fd = -1;
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  return fd;
}

bool send_some(int fd, std::string& buffer) {
  std::size_t sent = 0;
  while (sent < buffer.size()) {
    const ssize_t n = ::send(fd, buffer.data() + sent, buffer.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      return false;
    }
  }
  buffer.erase(0, sent);
  return true;
}

bool send_all(int fd, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait_for(fd, POLLOUT, deadline)) return false;
    } else {
      return false;
    }
  }
  return true;
}

ConnectionStream::ConnectionStream(Connection& connection, Clock::time_point read_deadline,
                                   std::chrono::milliseconds write_timeout)
    : c_(connection), read_deadline_(read_deadline), write_timeout_(write_timeout) {}

ConnectionStream::~ConnectionStream() { c_.in.erase(0, pos_); }

bool ConnectionStream::is_readable() const {
  return pos_ < c_.in.size() || wait_for(c_.fd, POLLIN, read_deadline_);
}

bool ConnectionStream::is_writable() const { return !failed_; }

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (pos_ < c_.in.size()) {
    const std::size_t n = std::min(size, c_.in.size() - pos_);
    std::memcpy(ptr, c_.in.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  // Past the head: a body, read straight from the socket within the deadline.
  for (;;) {
    if (!wait_for(c_.fd, POLLIN, read_deadline_)) return -1;
    const ssize_t n = ::recv(c_.fd, ptr, size, 0);
    if (n >= 0) return n;
    if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) return -1;
  }
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (failed_) return -1;
  out_.append(ptr, size);
  if (out_.size() > kHoldBytes && !flush()) return -1;
  return static_cast<ssize_t>(size);
}

bool ConnectionStream::flush() {
  if (failed_) return false;
  // The whole response gets write_timeout, counted from its first send.
  if (!writing_) write_deadline_ = Clock::now() + write_timeout_;
  writing_ = true;
  if (!send_all(c_.fd, out_, write_deadline_)) {
    failed_ = true;
    return false;
  }
  sent_ += out_.size();
  out_.clear();
  return true;
}

bool ConnectionStream::send_now() {
  if (failed_) return false;
  if (!writing_) write_deadline_ = Clock::now() + write_timeout_;
  writing_ = true;
  const std::size_t before = out_.size();
  if (!send_some(c_.fd, out_)) {
    failed_ = true;
    return false;
  }
  sent_ += before - out_.size();
  c_.out.swap(out_);
  out_.clear();
  c_.write_deadline = write_deadline_;
  return true;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = c_.remote_ip;
  port = c_.remote_port;
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = c_.local_ip;
  port = c_.local_port;
}

socket_t ConnectionStream::socket() const { return c_.fd; }

}  // namespace kavosh
