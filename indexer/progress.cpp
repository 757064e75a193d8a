#include "progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace kavosh {

namespace {

// Three significant digits at most: one decimal below 100 of a unit, none
// above. Moves to the next unit when rounding would print 1000.
std::string scaled(double value, double step, const char* const* units, std::size_t n_units,
                   const char* separator) {
  std::size_t u = 0;
  while (value >= 999.5 && u + 1 < n_units) {
    value /= step;
    ++u;
  }
  char buf[64];
  if (u == 0) {
    std::snprintf(buf, sizeof buf, "%.0f%s%s", value, separator, units[0]);
  } else {
    std::snprintf(buf, sizeof buf, value < 99.95 ? "%.1f%s%s" : "%.0f%s%s", value, separator,
                  units[u]);
  }
  return buf;
}

// Erases from the cursor to the end of the line (ECMA-48 EL).
constexpr const char* kEraseLine = "\x1b[K";

ProgressReporter::Mode resolve(ProgressReporter::Mode mode) {
  if (mode != ProgressReporter::Mode::kAuto) return mode;
  const char* term = std::getenv("TERM");
  const bool dumb = term != nullptr && std::strcmp(term, "dumb") == 0;
  return isatty(STDERR_FILENO) && !dumb ? ProgressReporter::Mode::kTerminal
                                        : ProgressReporter::Mode::kLines;
}

std::chrono::milliseconds default_interval(ProgressReporter::Mode mode,
                                           std::chrono::milliseconds interval) {
  if (interval.count() > 0) return interval;
  return mode == ProgressReporter::Mode::kTerminal ? ProgressReporter::kTerminalInterval
                                                   : ProgressReporter::kLinesInterval;
}

}  // namespace

std::string format_count(std::uint64_t n) {
  if (n < 1000) return std::to_string(n);
  static const char* const kUnits[] = {"", "k", "M", "G", "T", "P", "E"};
  return scaled(static_cast<double>(n), 1000.0, kUnits, std::size(kUnits), "");
}

std::string format_bytes(double bytes) {
  static const char* const kUnits[] = {"B", "kB", "MB", "GB", "TB", "PB"};
  if (!(bytes > 0)) bytes = 0;  // also NaN
  return scaled(bytes, 1000.0, kUnits, std::size(kUnits), " ");
}

std::string format_duration(double seconds) {
  if (!(seconds > 0)) seconds = 0;   // also NaN
  seconds = std::min(seconds, 1e9);  // an ETA from a near-zero rate
  const auto s = static_cast<unsigned long long>(std::llround(seconds));
  char buf[64];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llus", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%llum%02llus", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lluh%02llum", s / 3600, s % 3600 / 60);
  }
  return buf;
}

std::string format_progress(const ProgressSnapshot& s, bool finished) {
  const double elapsed = s.elapsed_seconds > 0 ? s.elapsed_seconds : 0;
  const double bytes = static_cast<double>(s.bytes_read);
  const bool has_total = s.total_bytes.has_value() && *s.total_bytes > 0;
  std::vector<std::string> parts;
  if (has_total) {
    const double total = static_cast<double>(*s.total_bytes);
    const int percent = static_cast<int>(std::min(100.0, std::floor(100.0 * bytes / total)));
    parts.push_back(std::to_string(percent) + "%");
  } else {
    parts.push_back(format_bytes(bytes));
  }
  parts.push_back(format_count(s.records_read) + " read");
  parts.push_back(format_count(s.records_indexed) + " indexed");
  const double records_per_s = elapsed > 0 ? static_cast<double>(s.records_indexed) / elapsed : 0;
  parts.push_back(format_count(static_cast<std::uint64_t>(std::llround(records_per_s))) + " rec/s");
  const double bytes_per_s = elapsed > 0 ? bytes / elapsed : 0;
  parts.push_back(format_bytes(bytes_per_s) + "/s");
  if (has_total && !finished && bytes_per_s > 0 && s.bytes_read < *s.total_bytes) {
    const double remaining = static_cast<double>(*s.total_bytes - s.bytes_read);
    parts.push_back("ETA " + format_duration(remaining / bytes_per_s));
  }
  parts.push_back("elapsed " + format_duration(elapsed));

  std::string line;
  for (const std::string& part : parts) {
    if (!line.empty()) line += ", ";
    line += part;
  }
  return line;
}

ProgressReporter::ProgressReporter(std::ostream& out, Mode mode, std::chrono::milliseconds interval,
                                   NowFunction now)
    : out_(out),
      mode_(resolve(mode)),
      interval_(default_interval(mode_, interval)),
      now_(now ? std::move(now) : NowFunction([] { return Clock::now(); })) {}

ProgressReporter::~ProgressReporter() { stop(); }

void ProgressReporter::start(std::optional<std::uint64_t> total_bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (started_) return;
  started_ = true;
  total_bytes_ = total_bytes;
  start_time_ = now_();
  if (mode_ != Mode::kQuiet) thread_ = std::thread([this] { run(); });
}

void ProgressReporter::add_read(std::uint64_t records, std::uint64_t bytes) {
  records_read_.fetch_add(records, std::memory_order_relaxed);
  bytes_read_.fetch_add(bytes, std::memory_order_relaxed);
}

void ProgressReporter::add_indexed(std::uint64_t records) {
  records_indexed_.fetch_add(records, std::memory_order_relaxed);
}

void ProgressReporter::print_line(std::string_view line) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (line_shown_) {
    out_ << '\r' << kEraseLine;
    line_shown_ = false;
  }
  out_ << line << '\n';
  out_.flush();
}

void ProgressReporter::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!started_ || stopping_) return;
    stopping_ = true;
    end_time_ = now_();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  if (mode_ != Mode::kQuiet) draw(/*finished=*/true);
}

ProgressSnapshot ProgressReporter::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return snapshot_locked();
}

ProgressSnapshot ProgressReporter::snapshot_locked() const {
  ProgressSnapshot s;
  s.records_read = records_read_.load(std::memory_order_relaxed);
  s.records_indexed = records_indexed_.load(std::memory_order_relaxed);
  s.bytes_read = bytes_read_.load(std::memory_order_relaxed);
  s.total_bytes = total_bytes_;
  if (started_) {
    const Clock::time_point end = end_time_ ? *end_time_ : now_();
    s.elapsed_seconds = std::chrono::duration<double>(end - start_time_).count();
  }
  return s;
}

void ProgressReporter::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) draw(false);
}

void ProgressReporter::draw(bool finished) {
  const std::string line = format_progress(snapshot_locked(), finished);
  if (mode_ == Mode::kTerminal) {
    out_ << '\r' << line << kEraseLine;
    if (finished) out_ << '\n';
    line_shown_ = !finished;
  } else {
    out_ << line << '\n';
  }
  out_.flush();
}

}  // namespace kavosh
