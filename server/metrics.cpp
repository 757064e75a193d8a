#include "metrics.h"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace kavosh {

namespace {

// Upper bounds of the latency histogram's buckets, in seconds.
constexpr std::array<double, 14> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                            0.1,    0.25,  0.5,    1,     2.5,  5,     10};

std::size_t endpoint_index(std::string_view name) {
  for (std::size_t i = 0; i < kEndpoints.size(); ++i) {
    if (kEndpoints[i] == name) return i;
  }
  return kEndpoints.size() - 1;  // "other"
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// Times (Unix seconds, ages): milliseconds, never an exponent that rounds them.
std::string seconds(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

double unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

// "# HELP" and "# TYPE" lines, then one sample without labels.
void family(std::string& out, const char* name, const char* type, const char* help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, const char* name, const char* type, const char* help,
            const std::string& value) {
  family(out, name, type, help);
  out.append(name).append(" ").append(value).append("\n");
}

void sample(std::string& out, const char* name, const char* type, const char* help, double v) {
  sample(out, name, type, help, number(v));
}

void render_loop(std::string& out, const LoopCounters& loop) {
  sample(out, "kavosh_http_workers", "gauge", "Worker threads answering requests.", loop.threads);
  sample(out, "kavosh_http_connections_open", "gauge", "Client connections open now.",
         static_cast<double>(loop.open));
  sample(out, "kavosh_http_requests_in_progress", "gauge",
         "Requests with a complete head waiting for a worker or being answered.",
         static_cast<double>(loop.busy));
  sample(out, "kavosh_http_connections_accepted_total", "counter", "Connections accepted.",
         static_cast<double>(loop.accepted));
  sample(out, "kavosh_http_connections_rejected_total", "counter",
         "Connections refused with 503 because --max-connections were open.",
         static_cast<double>(loop.rejected));
  sample(out, "kavosh_http_header_timeouts_total", "counter",
         "Request heads not complete within the header timeout (408).",
         static_cast<double>(loop.header_timeouts));
  sample(out, "kavosh_http_heads_too_large_total", "counter",
         "Request heads over the size limit (431).", static_cast<double>(loop.heads_too_large));
  sample(out, "kavosh_http_write_timeouts_total", "counter",
         "Answers the client did not take within the write timeout (connection closed).",
         static_cast<double>(loop.write_timeouts));
}

void render_index(std::string& out, const IndexGauges& index) {
  const auto now = std::chrono::system_clock::now();
  sample(out, "kavosh_index_readable", "gauge", "1 when the database could be read at this scrape.",
         index.documents ? 1 : 0);
  if (index.documents) {
    sample(out, "kavosh_index_documents", "gauge", "Articles in the index.",
           static_cast<double>(*index.documents));
  }
  if (index.last_commit) {
    sample(out, "kavosh_index_last_commit_timestamp_seconds", "gauge",
           "Unix time of the last change to the database's files (its last commit).",
           seconds(unix_seconds(*index.last_commit)));
    sample(out, "kavosh_index_age_seconds", "gauge", "Seconds since the database's last commit.",
           seconds(std::chrono::duration<double>(now - *index.last_commit).count()));
  }
  sample(out, "kavosh_index_reopens_total", "counter",
         "Times a reader moved to a newer commit or opened a swapped-in database.",
         static_cast<double>(index.reopens));
  const struct {
    const char* name;
    const char* help;
    std::uint64_t answer, feedback;
  } lookups[] = {
      {"kavosh_search_cache_hits_total", "Searches answered from a cache, by cache.",
       index.answer_cache_hits, index.feedback_cache_hits},
      {"kavosh_search_cache_misses_total", "Searches a cache could not answer, by cache.",
       index.answer_cache_misses, index.feedback_cache_misses},
  };
  for (const auto& l : lookups) {
    family(out, l.name, "counter", l.help);
    out.append(l.name).append("{cache=\"answer\"} ").append(number(l.answer)).append("\n");
    out.append(l.name).append("{cache=\"feedback\"} ").append(number(l.feedback)).append("\n");
  }
}

}  // namespace

Metrics::Metrics() : started_(std::chrono::system_clock::now()) {}

void Metrics::record(const Exchange& ex) {
  std::size_t bucket = 0;
  while (bucket < kBounds.size() && ex.seconds > kBounds[bucket]) ++bucket;
  std::lock_guard<std::mutex> lock(mu_);
  PerEndpoint& e = endpoints_[endpoint_index(ex.endpoint)];
  if (bucket < kBuckets) ++e.buckets[bucket];
  ++e.count;
  e.bytes += ex.bytes;
  e.seconds += ex.seconds;
  ++e.by_status[ex.status];
}

void Metrics::render_requests(std::string& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  family(out, "kavosh_http_requests_total", "counter", "Responses sent, by endpoint and status.");
  for (std::size_t i = 0; i < kEndpoints.size(); ++i) {
    for (const auto& [status, n] : endpoints_[i].by_status) {
      out.append("kavosh_http_requests_total{endpoint=\"").append(kEndpoints[i]);
      out.append("\",status=\"" + std::to_string(status) + "\"} " + std::to_string(n) + "\n");
    }
  }
  family(out, "kavosh_http_response_bytes_total", "counter",
         "Response bytes (headers included), by endpoint.");
  for (std::size_t i = 0; i < kEndpoints.size(); ++i) {
    out.append("kavosh_http_response_bytes_total{endpoint=\"").append(kEndpoints[i]);
    out.append("\"} " + std::to_string(endpoints_[i].bytes) + "\n");
  }
  family(out, "kavosh_http_request_duration_seconds", "histogram",
         "Time from a request's complete head to its response written, by endpoint.");
  for (std::size_t i = 0; i < kEndpoints.size(); ++i) {
    const PerEndpoint& e = endpoints_[i];
    const std::string label = "{endpoint=\"" + std::string(kEndpoints[i]) + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kBuckets; ++b) {
      cumulative += e.buckets[b];
      out.append("kavosh_http_request_duration_seconds_bucket" + label + ",le=\"" +
                 number(kBounds[b]) + "\"} " + std::to_string(cumulative) + "\n");
    }
    out.append("kavosh_http_request_duration_seconds_bucket" + label + ",le=\"+Inf\"} " +
               std::to_string(e.count) + "\n");
    out.append("kavosh_http_request_duration_seconds_sum" + label + "} " + number(e.seconds) +
               "\n");
    out.append("kavosh_http_request_duration_seconds_count" + label + "} " +
               std::to_string(e.count) + "\n");
  }
}

std::string Metrics::render(const LoopCounters& loop, const IndexGauges& index) const {
  std::string out;
  render_requests(out);
  render_loop(out, loop);
  render_index(out, index);
  sample(out, "process_start_time_seconds", "gauge", "Unix time the server started.",
         seconds(unix_seconds(started_)));
  return out;
}

std::string access_log_line(const Exchange& ex, std::chrono::system_clock::time_point time) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(time);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char stamp[64];
  std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  nlohmann::ordered_json line = {
      {"time", stamp},     {"remote", ex.remote}, {"method", ex.method},
      {"path", ex.path},   {"query", ex.query},   {"status", ex.status},
      {"bytes", ex.bytes}, {"duration_ms", 0.0},  {"endpoint", ex.endpoint}};
  // Three decimals: microseconds, without the noise of a double's last digits.
  line["duration_ms"] = std::round(ex.seconds * 1e6) / 1e3;
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace kavosh
