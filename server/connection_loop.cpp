#include "connection_loop.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "connection.h"

namespace kavosh {

namespace {

// Connections handed to workers, first come first served.
class WorkQueue {
 public:
  void push(std::unique_ptr<Connection> c) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      items_.push_back(std::move(c));
    }
    cv_.notify_one();
  }
  // The next connection; nullptr once stop() was called.
  std::unique_ptr<Connection> pop() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return stopped_ || !items_.empty(); });
    if (stopped_) return nullptr;
    std::unique_ptr<Connection> c = std::move(items_.front());
    items_.pop_front();
    return c;
  }
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopped_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Connection>> items_;
  bool stopped_ = false;
};

// A GET or HEAD request; the body of any other is never read, so it is the
// last request of its connection.
bool is_get_or_head(std::string_view head) {
  return head.rfind("GET ", 0) == 0 || head.rfind("HEAD ", 0) == 0;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

struct ConnectionLoop::Impl {
  LoopOptions opt;
  Serve serve;
  Done done;
  int listen_fd = -1, epoll_fd = -1, wake_fd = -1;
  // Connections the reactor waits on, by descriptor. Only the reactor thread
  // touches this map and the epoll set.
  std::unordered_map<int, std::unique_ptr<Connection>> waiting;
  WorkQueue lane, priority_lane;
  std::mutex returned_mu;
  std::vector<std::unique_ptr<Connection>> returned;  // given back by workers
  std::vector<std::thread> workers;
  std::atomic<bool> draining{false};
  bool drain_started = false;
  Clock::time_point drain_deadline, accept_paused_until, last_sweep;
  std::atomic<std::uint64_t> open{0}, busy{0}, accepted{0}, rejected{0}, header_timeouts{0},
      heads_too_large{0}, write_timeouts{0};

  void wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd, &one, sizeof one);
  }

  void finish(std::unique_ptr<Connection> c) {
    c.reset();
    open.fetch_sub(1);
  }

  // Answers with a response of the loop's own and closes the connection.
  void refuse(std::unique_ptr<Connection> c, int status, const char* reason, const char* code,
              const char* message) {
    const std::string response = canned_response(status, reason, code, message, opt.extra_headers);
    Exchange ex;
    ex.status = status;
    ex.endpoint = "other";
    ex.remote = c->remote_ip + ":" + std::to_string(c->remote_port);
    ex.bytes = response.size();
    done(ex);
    send_all(c->fd, response, Clock::now() + std::chrono::milliseconds(100));
    finish(std::move(c));
  }

  // Waits for the connection's next request head, or for room to send the
  // rest of its answer.
  void watch(std::unique_ptr<Connection> c) {
    epoll_event ev{};
    ev.events = c->out.empty() ? EPOLLIN | EPOLLRDHUP : EPOLLOUT;
    ev.data.fd = c->fd;
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c->fd, &ev) != 0) return finish(std::move(c));
    const int fd = c->fd;
    waiting[fd] = std::move(c);
  }

  bool is_priority(std::string_view in) const {
    if (!is_get_or_head(in)) return false;
    std::string_view path = head_target(in);
    path = path.substr(0, path.find('?'));
    return std::find(opt.priority_paths.begin(), opt.priority_paths.end(), path) !=
           opt.priority_paths.end();
  }

  // Hands a connection out of the epoll set to a worker.
  void dispatch(std::unique_ptr<Connection> c) {
    c->head_done = Clock::now();
    busy.fetch_add(1);
    (is_priority(c->in) ? priority_lane : lane).push(std::move(c));
  }

  // Takes a connection out of the map and the epoll set.
  std::unique_ptr<Connection> unwatch(int fd) {
    auto it = waiting.find(fd);
    std::unique_ptr<Connection> c = std::move(it->second);
    waiting.erase(it);
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    return c;
  }

  void accept_all();
  void on_readable(int fd);
  void on_writable(int fd);
  void take_returned();
  void sweep(Clock::time_point now);
  void begin_drain(Clock::time_point now);
  void work(WorkQueue& queue);
  void answer(std::unique_ptr<Connection> c);
  void give_back(std::unique_ptr<Connection> c);
  DrainReport reactor();
};

void ConnectionLoop::Impl::accept_all() {
  for (;;) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const int fd =
        accept4(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: leave the rest in the backlog for a while.
        epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
        accept_paused_until = Clock::now() + std::chrono::milliseconds(100);
      }
      return;
    }
    auto c = std::make_unique<Connection>();
    c->fd = fd;
    c->remote_ip = address_of(addr, c->remote_port);
    open.fetch_add(1);
    accepted.fetch_add(1);
    if (open.load() > opt.max_connections) {
      rejected.fetch_add(1);
      refuse(std::move(c), 503, "Service Unavailable", "unavailable",
             "too many connections; retry");
      continue;
    }
    sockaddr_storage local{};
    len = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0)
      c->local_ip = address_of(local, c->local_port);
    const int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    c->deadline = Clock::now() + opt.idle_timeout;
    watch(std::move(c));
  }
}

void ConnectionLoop::Impl::on_readable(int fd) {
  auto it = waiting.find(fd);
  if (it == waiting.end()) return;
  std::unique_ptr<Connection> c = std::move(it->second);
  waiting.erase(it);
  bool eof = false;
  char buf[16 * 1024];
  while (c->in.size() <= opt.max_head_bytes) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      // The first byte of a request starts its header clock.
      if (c->in.empty()) c->deadline = Clock::now() + opt.header_timeout;
      c->in.append(buf, static_cast<std::size_t>(n));
      if (static_cast<std::size_t>(n) < sizeof buf) break;  // drained; epoll says when more come
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      eof = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
      break;
    }
  }
  const std::size_t end = head_end(c->in);
  if (end != std::string::npos && end <= opt.max_head_bytes) {
    c->peer_closed = eof;
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    return dispatch(std::move(c));
  }
  if (c->in.size() > opt.max_head_bytes) {
    heads_too_large.fetch_add(1);
    return refuse(std::move(c), 431, "Request Header Fields Too Large", "too_long",
                  "request head too large");
  }
  if (eof) return finish(std::move(c));
  waiting[fd] = std::move(c);
}

void ConnectionLoop::Impl::on_writable(int fd) {
  Connection& c = *waiting[fd];
  const bool sent = send_some(fd, c.out);
  if (sent && !c.out.empty()) return;  // the client takes the rest later
  std::unique_ptr<Connection> owned = unwatch(fd);
  if (!sent || owned->close_after_write || (draining && owned->in.empty()))
    return finish(std::move(owned));
  if (head_end(owned->in) != std::string::npos) return dispatch(std::move(owned));
  owned->deadline = Clock::now() + (owned->in.empty() ? opt.idle_timeout : opt.header_timeout);
  watch(std::move(owned));
}

void ConnectionLoop::Impl::take_returned() {
  std::vector<std::unique_ptr<Connection>> back;
  {
    std::lock_guard<std::mutex> lock(returned_mu);
    back.swap(returned);
  }
  for (auto& c : back) {
    if (draining && c->in.empty() && c->out.empty()) {
      finish(std::move(c));
    } else {
      watch(std::move(c));
    }
  }
}

void ConnectionLoop::Impl::sweep(Clock::time_point now) {
  last_sweep = now;
  if (listen_fd >= 0 && accept_paused_until != Clock::time_point() && now >= accept_paused_until) {
    accept_paused_until = Clock::time_point();
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = listen_fd;
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev);
  }
  for (auto it = waiting.begin(); it != waiting.end();) {
    if (now < it->second->deadline) {
      ++it;
      continue;
    }
    std::unique_ptr<Connection> c = std::move(it->second);
    it = waiting.erase(it);
    if (!c->out.empty()) {
      write_timeouts.fetch_add(1);  // the client did not take its answer in time
      finish(std::move(c));
    } else if (c->in.empty()) {
      finish(std::move(c));  // idle: a keep-alive connection that was not used again
    } else {
      header_timeouts.fetch_add(1);
      refuse(std::move(c), 408, "Request Timeout", "timeout", "request head not received in time");
    }
  }
}

void ConnectionLoop::Impl::begin_drain(Clock::time_point now) {
  drain_started = true;
  drain_deadline = now + opt.drain_timeout;
  epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
  ::close(listen_fd);
  listen_fd = -1;
  for (auto it = waiting.begin(); it != waiting.end();) {
    if (it->second->in.empty() && it->second->out.empty()) {
      finish(std::move(it->second));
      it = waiting.erase(it);
    } else {
      ++it;  // a head under way, or an answer being taken: finished first
    }
  }
}

DrainReport ConnectionLoop::Impl::reactor() {
  epoll_event events[256];
  for (;;) {
    const int n = epoll_wait(epoll_fd, events, 256, 100);
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == listen_fd) {
        accept_all();
      } else if (fd == wake_fd) {
        std::uint64_t count = 0;
        [[maybe_unused]] ssize_t r = ::read(wake_fd, &count, sizeof count);
      } else if (auto it = waiting.find(fd); it != waiting.end()) {
        if (it->second->out.empty()) {
          on_readable(fd);
        } else {
          on_writable(fd);
        }
      }
    }
    take_returned();
    const Clock::time_point now = Clock::now();
    if (draining && !drain_started) begin_drain(now);
    if (now - last_sweep >= std::chrono::milliseconds(100)) sweep(now);
    if (!drain_started) continue;
    if (waiting.empty() && busy.load() == 0) return {};
    if (now >= drain_deadline) {  // cut off what is left
      DrainReport report{waiting.size(), busy.load()};
      for (auto& entry : waiting) finish(std::move(entry.second));
      waiting.clear();
      return report;
    }
  }
}

void ConnectionLoop::Impl::work(WorkQueue& queue) {
  while (std::unique_ptr<Connection> c = queue.pop()) {
    answer(std::move(c));
    busy.fetch_sub(1);
    if (draining) wake();
  }
}

// Answers the request whose head is complete, then any further one the client
// already sent (pipelining); gives the connection back or closes it.
void ConnectionLoop::Impl::answer(std::unique_ptr<Connection> c) {
  for (;;) {
    Exchange ex;
    ex.remote = c->remote_ip + ":" + std::to_string(c->remote_port);
    const bool last = ++c->served >= opt.max_requests_per_connection || draining ||
                      c->peer_closed || !is_get_or_head(c->in);
    bool closed = false, ok = false;
    {
      ConnectionStream stream(*c, c->head_done + opt.header_timeout, opt.write_timeout);
      ok = serve(stream, last, closed, ex);
      // Counted and logged before the last bytes leave: a client that has its
      // answer finds it in /metrics and the log.
      ex.bytes = stream.bytes_written();
      ex.seconds = seconds_since(c->head_done);
      if (ex.status != 0) done(ex);
      ok = stream.send_now() && ok;
      if (stream.timed_out()) write_timeouts.fetch_add(1);
    }
    const bool close = !ok || closed || last || ex.close;
    if (ok && !c->out.empty()) {  // the reactor sends the rest as the client takes it
      c->close_after_write = close;
      return give_back(std::move(c));
    }
    if (close) return finish(std::move(c));
    if (head_end(c->in) == std::string::npos) return give_back(std::move(c));
    c->head_done = Clock::now();
  }
}

void ConnectionLoop::Impl::give_back(std::unique_ptr<Connection> c) {
  if (!c->out.empty()) {
    c->deadline = c->write_deadline;
  } else {
    c->deadline = Clock::now() + (c->in.empty() ? opt.idle_timeout : opt.header_timeout);
  }
  {
    std::lock_guard<std::mutex> lock(returned_mu);
    returned.push_back(std::move(c));
  }
  wake();
}

ConnectionLoop::ConnectionLoop(LoopOptions options, Serve serve, Done done)
    : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(options);
  impl_->serve = std::move(serve);
  impl_->done = std::move(done);
  impl_->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  impl_->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

ConnectionLoop::~ConnectionLoop() {
  Impl& d = *impl_;
  if (d.listen_fd >= 0) ::close(d.listen_fd);
  if (d.epoll_fd >= 0) ::close(d.epoll_fd);
  if (d.wake_fd >= 0) ::close(d.wake_fd);
}

Result<int> ConnectionLoop::bind(const std::string& host, int port) {
  Impl& d = *impl_;
  d.listen_fd = listen_socket(host, port);
  if (d.listen_fd < 0) {
    return Error::unavailable("cannot listen on " + host + ":" + std::to_string(port) +
                              " (is the port in use?)");
  }
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(d.listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    return Error::unavailable("cannot listen on " + host);
  int bound = 0;
  address_of(addr, bound);
  return bound;
}

DrainReport ConnectionLoop::run() {
  Impl& d = *impl_;
  for (int fd : {d.listen_fd, d.wake_fd}) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(d.epoll_fd, EPOLL_CTL_ADD, fd, &ev);
  }
  for (int i = 0; i < d.opt.threads; ++i) d.workers.emplace_back([&d] { d.work(d.lane); });
  for (int i = 0; i < kPriorityThreads; ++i)
    d.workers.emplace_back([&d] { d.work(d.priority_lane); });
  const DrainReport report = d.reactor();
  d.lane.stop();
  d.priority_lane.stop();
  for (std::thread& t : d.workers) {
    if (report.cut_requests == 0) {
      t.join();
    } else {
      t.detach();  // still answering: the process exits under them
    }
  }
  return report;
}

void ConnectionLoop::drain() {
  impl_->draining = true;
  impl_->wake();
}

LoopCounters ConnectionLoop::counters() const {
  const Impl& d = *impl_;
  LoopCounters out;
  out.open = d.open.load();
  out.busy = d.busy.load();
  out.accepted = d.accepted.load();
  out.rejected = d.rejected.load();
  out.header_timeouts = d.header_timeouts.load();
  out.heads_too_large = d.heads_too_large.load();
  out.write_timeouts = d.write_timeouts.load();
  out.threads = d.opt.threads;
  return out;
}

}  // namespace kavosh
