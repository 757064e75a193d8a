// Helpers for the tests of shards: archive parts built with the real
// indexer (kavosh-index --shard K/N), xapian-tcpsrv processes on loopback,
// and answers compared field by field.
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "index_util.h"
#include "kavosh/search/service.h"
#include "process_util.h"
#include "test_util.h"

namespace kavosh::testing {

// Builds `dir`/whole from `inputs` and `dir`/part-K for K in 1..n; returns the parts.
inline std::vector<std::string> index_parts(const TempDir& dir,
                                            const std::vector<std::string>& inputs, unsigned n) {
  index_inputs(dir / "whole", inputs);
  std::vector<std::string> parts;
  for (unsigned k = 1; k <= n; ++k) {
    parts.push_back(dir / ("part-" + std::to_string(k)));
    index_inputs(parts.back(), inputs, k, n);
  }
  return parts;
}

// xapian-tcpsrv as Debian's xapian-tools installs it; empty when absent.
inline std::string tcpsrv_binary() {
  for (const char* dir : {"/usr/bin", "/usr/local/bin"}) {
    const std::string path = std::string(dir) + "/xapian-tcpsrv";
    if (access(path.c_str(), X_OK) == 0) return path;
  }
  return {};
}

// xapian-tcpsrv serving `db` on a free loopback port, in a process group of
// its own (it forks a process per connection): killed or stopped as a whole.
class TcpShard {
 public:
  TcpShard(const std::string& db, const std::string& log) : port_(free_port()) {
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const std::string binary = tcpsrv_binary();
    const std::string port = std::to_string(port_);
    std::vector<std::string> argv = {binary,      "--port",  port, "--interface",
                                     "127.0.0.1", "--quiet", db};
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    REQUIRE(posix_spawn(&pid_, binary.c_str(), &actions, &attr, args.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    for (int i = 0; i < 250; ++i) {  // up to ~5 s
      try {
        Xapian::Remote::open("127.0.0.1", static_cast<unsigned>(port_), 1000, 200);
        return;
      } catch (const Xapian::NetworkError&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    FAIL("xapian-tcpsrv did not start: " << read_file(log));
  }
  ~TcpShard() { kill_all(); }
  TcpShard(const TcpShard&) = delete;
  TcpShard& operator=(const TcpShard&) = delete;

  std::string spec() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  // The server and every connection it serves, gone.
  void kill_all() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  // Hung: connected clients wait, new ones too.
  void stop() { ::kill(-pid_, SIGSTOP); }
  void resume() { ::kill(-pid_, SIGCONT); }

 private:
  int port_;
  pid_t pid_ = -1;
};

// The parts of an answer that must be the same whoever serves it: the hits
// in order, and, with `counts`, the total and the facet counts (a count
// that is an estimate may differ: each shard estimates its own); with
// `clusters` each hit's near-duplicates (each shard is clustered alone).
inline std::string answer_summary(const SearchResponse& r, bool counts = true,
                                  bool clusters = true) {
  std::ostringstream out;
  if (counts) out << "total " << r.total << (r.total_exact ? "" : "~") << "\n";
  out << "suggestion '" << r.suggestion << "'\n";
  for (const SearchHit& h : r.hits) {
    out << h.id << " " << h.score;
    if (clusters) out << " similar " << h.similar_count;
    out << " title '" << h.title.text << "' snippet '" << h.snippet.text << "'\n";
  }
  if (counts) {
    for (const FacetCounts& f : r.facets) {
      for (const FacetValue& v : f.values) out << "facet " << v.value << " " << v.count << "\n";
    }
  }
  return out.str();
}

// The requests every test of shards asks: each query plain, with
// near-duplicates shown, by date, recent first, a source filter, dates,
// facets and the second page.
inline std::vector<SearchRequest> shard_requests(const std::vector<std::string>& queries) {
  std::vector<SearchRequest> out;
  for (const std::string& q : queries) {
    SearchRequest r;
    r.query = q;
    out.push_back(r);
    SearchRequest all = r;
    all.collapse = false;
    out.push_back(all);
    SearchRequest newest = r;
    newest.sort = SortOrder::kNewest;
    out.push_back(newest);
    SearchRequest oldest = r;
    oldest.sort = SortOrder::kOldest;
    out.push_back(oldest);
    SearchRequest recent = r;
    recent.sort = SortOrder::kRecent;
    out.push_back(recent);
    SearchRequest faceted = r;
    faceted.facets = {Facet::kSource, Facet::kMonth, Facet::kCategory};
    out.push_back(faceted);
    SearchRequest second = r;
    second.page = 2;
    second.per_page = 5;
    out.push_back(second);
  }
  return out;
}

}  // namespace kavosh::testing
