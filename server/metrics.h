// What kavosh-server tells its operators: the Prometheus metrics of GET
// /metrics (docs/operations.md lists them) and the access log's lines.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "connection_loop.h"

namespace kavosh {

// The endpoints metrics are kept for; every other request counts as "other".
inline constexpr std::array<std::string_view, 9> kEndpoints = {
    "search", "doc", "similar", "suggest", "stats", "healthz", "metrics", "page", "other"};

// The index as the server sees it at a scrape.
struct IndexGauges {
  std::optional<std::uint64_t> documents;  // empty when the database cannot be read
  // Last modification of the database's files: its last commit (or the
  // moment a new build was swapped in). Empty when it cannot be read.
  std::optional<std::chrono::system_clock::time_point> last_commit;
  std::uint64_t reopens = 0;  // SearchService::reopens()
  // SearchService::cache_stats(): lookups in the caches of whole answers
  // and of blind-feedback expansions.
  std::uint64_t answer_cache_hits = 0, answer_cache_misses = 0;
  std::uint64_t feedback_cache_hits = 0, feedback_cache_misses = 0;
};

// Thread-safe counters and latency histograms of the responses sent.
class Metrics {
 public:
  Metrics();

  void record(const Exchange& exchange);
  // The exposition (Prometheus text format 0.0.4) of everything recorded, the
  // connection layer's counters and the index gauges.
  std::string render(const LoopCounters& loop, const IndexGauges& index) const;

 private:
  static constexpr std::size_t kBuckets = 14;
  struct PerEndpoint {
    std::array<std::uint64_t, kBuckets> buckets{};  // not cumulative
    std::uint64_t count = 0, bytes = 0;
    double seconds = 0;
    std::map<int, std::uint64_t> by_status;
  };
  void render_requests(std::string& out) const;

  const std::chrono::system_clock::time_point started_;
  mutable std::mutex mu_;
  std::array<PerEndpoint, kEndpoints.size()> endpoints_;
};

// One line of the access log: a JSON object (time, remote, method, path,
// query, status, bytes, duration_ms, endpoint) and a newline.
std::string access_log_line(const Exchange& exchange, std::chrono::system_clock::time_point time);

}  // namespace kavosh
