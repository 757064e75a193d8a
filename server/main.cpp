// kavosh-server: command line front end of HttpServer.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>

#include "http_server.h"

namespace {

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// Raises the soft limit on open files to the hard one and lowers
// max_connections when even that leaves too few descriptors: each worker may
// hold a database reader (a handful of files), the rest are connections.
void fit_descriptors(kavosh::LoopOptions& loop) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    getrlimit(RLIMIT_NOFILE, &lim);
  }
  const std::size_t reserved =
      static_cast<std::size_t>(loop.threads + kavosh::ConnectionLoop::kPriorityThreads) * 8 + 64;
  const std::size_t room = lim.rlim_cur > reserved + 16 ? lim.rlim_cur - reserved : 16;
  if (loop.max_connections > room) {
    std::cerr << "kavosh-server: warning: the limit of " << lim.rlim_cur << " open files allows "
              << room << " connections, not " << loop.max_connections
              << " (raise it: ulimit -n, or LimitNOFILE= in the systemd unit)\n";
    loop.max_connections = room;
  }
}

void describe_limits(const kavosh::LoopOptions& loop) {
  auto s = [](std::chrono::milliseconds ms) {
    std::ostringstream out;
    out << ms.count() / 1000.0;
    return out.str();
  };
  std::cerr << "kavosh-server: " << loop.threads << " workers (+"
            << kavosh::ConnectionLoop::kPriorityThreads << " for /healthz and /metrics), at most "
            << loop.max_connections << " connections and " << loop.max_requests_per_connection
            << " requests per connection; timeouts (s): idle " << s(loop.idle_timeout)
            << ", header " << s(loop.header_timeout) << ", write " << s(loop.write_timeout)
            << ", drain " << s(loop.drain_timeout) << std::endl;
}

// The flags of kavosh-server; timeouts in seconds.
struct Flags {
  kavosh::ServerOptions options;
  bool quiet = false;
  double idle = 5, header = 10, write = 10, drain = 10;
  double shard_timeout = 5, shard_retry = 5;
};

void add_flags(CLI::App& app, Flags& f) {
  kavosh::LoopOptions& loop = f.options.loop;
  app.add_option("--db", f.options.databases,
                 "database directory built by kavosh-index; repeated: the shards of one archive, "
                 "each a directory or tcp://HOST:PORT served by xapian-tcpsrv")
      ->required();
  app.add_option("--port", f.options.port, "port to listen on (0 picks a free one)")
      ->check(CLI::Range(0, 65535));
  app.add_option("--host", f.options.host, "address to listen on");
  app.add_option("--web", f.options.web_dir, "directory of the static page served at /");
  app.add_flag("-q,--quiet", f.quiet, "no access log");
  app.add_option("--answer-cache", f.options.answer_cache_entries,
                 "search answers kept for repeated requests (per database revision; 0: none)")
      ->check(CLI::Range(0, 10000000))
      ->capture_default_str();
  app.add_option("--threads", loop.threads, "worker threads answering requests")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--max-connections", loop.max_connections, "open connections at most")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--max-requests-per-connection", loop.max_requests_per_connection,
                 "requests answered on one keep-alive connection before it is closed")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  auto seconds = [&app](const char* name, double& value, double least, const char* help) {
    app.add_option(name, value, help)->check(CLI::Range(least, 3600.0))->capture_default_str();
  };
  seconds("--idle-timeout", f.idle, 0.1, "seconds an idle keep-alive connection is kept");
  seconds("--header-timeout", f.header, 0.1, "seconds a client has to send a request head");
  seconds("--write-timeout", f.write, 0.1, "seconds a client has to take in a response");
  seconds("--drain-timeout", f.drain, 0.0,
          "seconds requests under way get to finish after SIGTERM or SIGINT");
  seconds("--shard-timeout", f.shard_timeout, 0.1,
          "seconds a remote shard has for each exchange before it counts as down");
  seconds("--shard-retry", f.shard_retry, 0.1,
          "seconds a shard found down is left alone before it is tried again");
  app.add_flag("--partial", f.options.shards.partial,
               "answer without a shard that is down, flagged \"partial\": true (else 503)");
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  // Workers only hold requests being answered (CPU work, and a reader each):
  // a few per core keep the cores busy without thrashing them.
  flags.options.loop.threads =
      static_cast<int>(std::max(8u, 4 * std::thread::hardware_concurrency()));
  CLI::App app{"kavosh-server: the Kavosh search API and page over HTTP"};
  add_flags(app, flags);
  CLI11_PARSE(app, argc, argv);
  kavosh::ServerOptions& options = flags.options;
  kavosh::LoopOptions& loop = options.loop;
  options.access_log = !flags.quiet;
  loop.idle_timeout = millis(flags.idle);
  loop.header_timeout = millis(flags.header);
  loop.write_timeout = millis(flags.write);
  loop.drain_timeout = millis(flags.drain);
  options.shards.timeout = millis(flags.shard_timeout);
  options.shards.connect_timeout = std::min(options.shards.timeout, millis(2.0));
  options.shards.retry_down = millis(flags.shard_retry);
  fit_descriptors(loop);

  // Block SIGINT/SIGTERM in every thread; one thread waits for them and starts
  // the drain (stop() is not async-signal-safe). A second signal exits at once.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto server = kavosh::HttpServer::create(options);
  if (!server.ok()) {
    std::cerr << "kavosh-server: error: " << server.error().message << "\n";
    return 1;
  }
  kavosh::Result<int> port = server.value()->bind();
  if (!port.ok()) {
    std::cerr << "kavosh-server: error: " << port.error().message << "\n";
    return 1;
  }
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    std::cerr << "kavosh-server: draining (" << flags.drain << " s at most)" << std::endl;
    server.value()->stop();
    sigwait(&signals, &sig);
    std::cerr << "kavosh-server: second signal: stopped without draining" << std::endl;
    std::_Exit(1);
  });
  waiter.detach();
  std::string served;
  for (const std::string& db : options.databases) served += (served.empty() ? "" : ", ") + db;
  std::cerr << "kavosh-server: serving " << served << " on http://"
            << (options.host.find(':') != std::string::npos ? "[" + options.host + "]"
                                                            : options.host)
            << ":" << port.value() << "/" << std::endl;
  describe_limits(loop);
  const kavosh::DrainReport report = server.value()->run();
  if (report.cut_waiting > 0 || report.cut_requests > 0) {
    std::cerr << "kavosh-server: drain timed out: " << report.cut_requests
              << " requests still being answered, " << report.cut_waiting
              << " connections still sending a request or taking an answer; stopped" << std::endl;
  } else {
    std::cerr << "kavosh-server: stopped" << std::endl;
  }
  // Workers still answering use the server: leave without destroying it.
  if (report.cut_requests > 0) std::_Exit(0);
  return 0;
}
