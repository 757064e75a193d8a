// kavosh-server: command line front end of HttpServer.
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <thread>

#include "http_server.h"

int main(int argc, char** argv) {
  kavosh::ServerOptions options;
  bool quiet = false;
  CLI::App app{"kavosh-server: the Kavosh search API and page over HTTP"};
  app.add_option("--db", options.db_path, "database directory built by kavosh-index")->required();
  app.add_option("--port", options.port, "port to listen on (0 picks a free one)")
      ->check(CLI::Range(0, 65535));
  app.add_option("--host", options.host, "address to listen on");
  app.add_option("--web", options.web_dir, "directory of the static page served at /");
  app.add_flag("-q,--quiet", quiet, "no access log");
  CLI11_PARSE(app, argc, argv);
  options.access_log = !quiet;

  // Block SIGINT/SIGTERM in every thread; one thread waits for them and stops
  // the server cleanly (stop() is not async-signal-safe).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

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
    server.value()->stop();
  });
  waiter.detach();
  std::cerr << "kavosh-server: serving " << options.db_path << " on http://"
            << (options.host.find(':') != std::string::npos ? "[" + options.host + "]"
                                                            : options.host)
            << ":" << port.value() << "/" << std::endl;
  server.value()->run();
  std::cerr << "kavosh-server: stopped\n";
  return 0;
}
