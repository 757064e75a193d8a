// Progress of an indexing run, shown while it works: a redrawn line on a
// terminal, a plain line every few seconds in a log, or nothing.
//
// The indexer only counts (add_read, add_indexed: lock-free, from any
// thread); a background thread of the reporter renders. The formatting
// helpers are pure functions, exposed for tests.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>

namespace kavosh {

// What the reporter knows at one moment.
struct ProgressSnapshot {
  std::uint64_t records_read = 0;
  std::uint64_t records_indexed = 0;
  std::uint64_t bytes_read = 0;
  std::optional<std::uint64_t> total_bytes;  // the input's size, when known
  double elapsed_seconds = 0;
};

// "0", "999", "1.0k", "12.3k", "123k", "1.2M", "3.4G": three significant digits
// at most, one decimal below 100 of a unit.
std::string format_count(std::uint64_t n);
// Decimal units (1 MB = 10^6 bytes, as in the indexing summary): "512 B", "1.5 kB",
// "3.4 MB", "123 MB", "1.2 GB".
std::string format_bytes(double bytes);
// Rounded to whole seconds: "0s", "59s", "1m05s", "59m59s", "1h00m", "26h03m".
std::string format_duration(double seconds);
// One status line without a line end, e.g.
// "45%, 12.3k read, 12.1k indexed, 1.2k rec/s, 3.4 MB/s, ETA 1m05s, elapsed 12s".
// The percent and ETA appear only when the total is known (the ETA only while
// running, from the average byte rate so far); without a total the bytes read
// are shown instead ("28.8 MB, ..."). Rates count indexed records.
std::string format_progress(const ProgressSnapshot& s, bool finished);

class ProgressReporter {
 public:
  enum class Mode {
    kAuto,      // kTerminal when standard error is a terminal (and TERM is not "dumb"), else kLines
    kTerminal,  // one line redrawn in place ("\r", erase to end of line)
    kLines,     // one plain line per interval
    kQuiet,     // nothing at all
  };
  using Clock = std::chrono::steady_clock;
  // Where the reporter reads the time; a fake one makes output deterministic.
  using NowFunction = std::function<Clock::time_point()>;

  static constexpr std::chrono::milliseconds kTerminalInterval{250};
  static constexpr std::chrono::milliseconds kLinesInterval{10000};

  // Writes to `out`, which must outlive the reporter and is written only by
  // the reporter between start() and stop(). An interval of zero means the
  // mode's default (kTerminalInterval, kLinesInterval).
  explicit ProgressReporter(std::ostream& out, Mode mode = Mode::kAuto,
                            std::chrono::milliseconds interval = std::chrono::milliseconds{0},
                            NowFunction now = {});
  // Stops (see stop()).
  ~ProgressReporter();
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  // Starts the clock and the rendering thread. REQUIRES: called at most once.
  void start(std::optional<std::uint64_t> total_bytes = std::nullopt);

  // Counters; thread-safe and lock-free, callable before start() too.
  void add_read(std::uint64_t records, std::uint64_t bytes);
  void add_indexed(std::uint64_t records);

  // Writes `line` (and a line end) to the output without garbling the
  // progress line: on a terminal the line is erased first and redrawn at the
  // next tick. Use it for warnings while the reporter runs. Thread-safe.
  void print_line(std::string_view line);

  // Joins the thread and writes the final state (a last line; on a terminal
  // the redrawn line is finished with a line end). Idempotent; prints nothing
  // when start() was never called or in kQuiet.
  void stop();

  ProgressSnapshot snapshot() const;
  // The mode after kAuto was resolved.
  Mode mode() const { return mode_; }

 private:
  void run();
  // REQUIRES: mutex_ held.
  ProgressSnapshot snapshot_locked() const;
  void draw(bool finished);

  std::ostream& out_;
  const Mode mode_;
  const std::chrono::milliseconds interval_;
  const NowFunction now_;

  std::atomic<std::uint64_t> records_read_{0};
  std::atomic<std::uint64_t> records_indexed_{0};
  std::atomic<std::uint64_t> bytes_read_{0};

  mutable std::mutex mutex_;  // guards everything below and writes to out_
  std::condition_variable wake_;
  bool started_ = false;
  bool stopping_ = false;
  bool line_shown_ = false;  // kTerminal: a progress line is on screen
  std::optional<std::uint64_t> total_bytes_;
  Clock::time_point start_time_;
  std::optional<Clock::time_point> end_time_;  // set by stop(): the final elapsed time
  std::thread thread_;
};

}  // namespace kavosh
