// Progress display of kavosh-index (indexer/progress.h): the formatting
// helpers, one row per case, and each output mode written to a stream.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <sstream>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include "progress.h"

namespace {

using kavosh::ProgressReporter;
using kavosh::ProgressSnapshot;
using Mode = ProgressReporter::Mode;
using namespace std::chrono_literals;

// A clock the test moves by hand; read from the reporter's thread.
class FakeClock {
 public:
  ProgressReporter::NowFunction function() {
    return [this] { return ProgressReporter::Clock::time_point(nanos_.load() * 1ns); };
  }
  void advance(std::chrono::milliseconds d) {
    nanos_ += std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  }

 private:
  std::atomic<std::int64_t> nanos_{0};
};

// A string sink that the reporter's thread may write while the test waits
// for some output to appear.
class SyncBuffer : public std::streambuf {
 public:
  std::string text() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return text_;
  }
  // Waits (up to 10 s) until `done(text)` holds; returns whether it did.
  bool wait_until(const std::function<bool(const std::string&)>& done) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, 10s, [&] { return done(text_); });
  }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    xsputn(&ch, 1);
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      text_.append(s, static_cast<std::size_t>(n));
    }
    changed_.notify_all();
    return n;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string text_;
};

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("format_count: three significant digits, k M G", "[progress]") {
  struct Row {
    std::uint64_t n;
    const char* expected;
  };
  const Row rows[] = {
      {0, "0"},
      {7, "7"},
      {999, "999"},
      {1000, "1.0k"},
      {1234, "1.2k"},
      {1250, "1.2k"},  // printf rounds half to even on the binary value
      {12345, "12.3k"},
      {99949, "99.9k"},
      {99950, "100k"},  // 99.95 would print "100.0k": drop the decimal
      {123456, "123k"},
      {999499, "999k"},
      {999500, "1.0M"},  // "1000k" moves to the next unit
      {1234567, "1.2M"},
      {3400000000, "3.4G"},
      {UINT64_MAX, "18.4E"},
  };
  for (const Row& row : rows) {
    INFO(row.n);
    CHECK(kavosh::format_count(row.n) == row.expected);
  }
}

TEST_CASE("format_bytes: decimal units", "[progress]") {
  struct Row {
    double bytes;
    const char* expected;
  };
  const Row rows[] = {
      {0, "0 B"},          {-5, "0 B"},         {512, "512 B"},    {999, "999 B"},
      {999.4, "999 B"},    {999.5, "1.0 kB"},  // "1000 B" would be four digits
      {1500, "1.5 kB"},    {3.4e6, "3.4 MB"},   {64e6, "64.0 MB"}, {99.96e6, "100 MB"},
      {123.4e6, "123 MB"}, {999.6e6, "1.0 GB"}, {1.2e9, "1.2 GB"},
  };
  for (const Row& row : rows) {
    INFO(row.bytes);
    CHECK(kavosh::format_bytes(row.bytes) == row.expected);
  }
}

TEST_CASE("format_duration: s, m and s, h and m", "[progress]") {
  struct Row {
    double seconds;
    const char* expected;
  };
  const Row rows[] = {
      {0, "0s"},        {-1, "0s"},      {0.4, "0s"},       {0.6, "1s"},
      {59, "59s"},      {59.6, "1m00s"}, {60, "1m00s"},     {65, "1m05s"},
      {3599, "59m59s"}, {3600, "1h00m"}, {93780, "26h03m"},
  };
  for (const Row& row : rows) {
    INFO(row.seconds);
    CHECK(kavosh::format_duration(row.seconds) == row.expected);
  }
}

TEST_CASE("format_progress: one status line", "[progress]") {
  constexpr std::uint64_t kMB = 1000 * 1000;
  struct Row {
    const char* name;
    ProgressSnapshot snapshot;
    bool finished;
    const char* expected;
  };
  const Row rows[] = {
      {"total known: percent and ETA",
       {12345, 12100, 32 * kMB, 64 * kMB, 10.0},
       false,
       "50%, 12.3k read, 12.1k indexed, 1.2k rec/s, 3.2 MB/s, ETA 10s, elapsed 10s"},
      {"total unknown (a pipe): bytes instead of percent, no ETA",
       {12345, 12100, 32 * kMB, std::nullopt, 10.0},
       false,
       "32.0 MB, 12.3k read, 12.1k indexed, 1.2k rec/s, 3.2 MB/s, elapsed 10s"},
      {"finished: no ETA",
       {500, 498, 64 * kMB, 64 * kMB, 65.0},
       true,
       "100%, 500 read, 498 indexed, 8 rec/s, 985 kB/s, elapsed 1m05s"},
      {"nothing yet",
       {0, 0, 0, 64 * kMB, 0.0},
       false,
       "0%, 0 read, 0 indexed, 0 rec/s, 0 B/s, elapsed 0s"},
      {"more read than the total (the input grew): clamped at 100%",
       {10, 10, 80 * kMB, 64 * kMB, 8.0},
       false,
       "100%, 10 read, 10 indexed, 1 rec/s, 10.0 MB/s, elapsed 8s"},
      {"slow start: ETA from the average rate",
       {100, 90, kMB, 100 * kMB, 1.0},
       false,
       "1%, 100 read, 90 indexed, 90 rec/s, 1.0 MB/s, ETA 1m39s, elapsed 1s"},
      {"empty input of known size: shown as unknown",
       {0, 0, 0, 0, 1.0},
       true,
       "0 B, 0 read, 0 indexed, 0 rec/s, 0 B/s, elapsed 1s"},
  };
  for (const Row& row : rows) {
    INFO(row.name);
    CHECK(kavosh::format_progress(row.snapshot, row.finished) == row.expected);
  }
}

TEST_CASE("terminal mode redraws one line in place", "[progress]") {
  SyncBuffer buffer;
  std::ostream out(&buffer);
  FakeClock clock;
  ProgressReporter progress(out, Mode::kTerminal, 1ms, clock.function());
  CHECK(progress.mode() == Mode::kTerminal);
  progress.start(std::uint64_t{1000});
  progress.add_read(10, 250);
  progress.add_indexed(10);
  clock.advance(1000ms);
  const std::string at_1s =
      "\r25%, 10 read, 10 indexed, 10 rec/s, 250 B/s, ETA 3s, elapsed 1s\x1b[K";
  REQUIRE(
      buffer.wait_until([&](const std::string& t) { return t.find(at_1s) != std::string::npos; }));
  progress.add_read(30, 750);
  progress.add_indexed(30);
  clock.advance(1000ms);
  progress.stop();

  const std::string text = buffer.text();
  // Every draw is "\r" + line + erase to end of line; only the last ends the line.
  CHECK(text.rfind("\r", 0) == 0);
  CHECK(count_of(text, "\r") == count_of(text, "\x1b[K"));
  CHECK(count_of(text, "\n") == 1);
  const std::string last = "\r100%, 40 read, 40 indexed, 20 rec/s, 500 B/s, elapsed 2s\x1b[K\n";
  REQUIRE(text.size() >= last.size());
  CHECK(text.substr(text.size() - last.size()) == last);
}

TEST_CASE("print_line erases the progress line before a message", "[progress]") {
  SyncBuffer buffer;
  std::ostream out(&buffer);
  FakeClock clock;
  ProgressReporter progress(out, Mode::kTerminal, 1ms, clock.function());
  progress.start();
  REQUIRE(buffer.wait_until([](const std::string& t) { return count_of(t, "\x1b[K") >= 1; }));
  progress.print_line("a.jsonl:3: invalid JSON (record skipped)");
  progress.stop();
  const std::string text = buffer.text();
  CHECK(text.find("\x1b[K\r\x1b[Ka.jsonl:3: invalid JSON (record skipped)\n") != std::string::npos);
  CHECK(count_of(text, "\n") == 2);  // the message and the final progress line
  CHECK(text.back() == '\n');
}

TEST_CASE("lines mode writes a plain line per interval and a final one", "[progress]") {
  SyncBuffer buffer;
  std::ostream out(&buffer);
  FakeClock clock;
  ProgressReporter progress(out, Mode::kLines, 1ms, clock.function());
  progress.start(std::nullopt);
  progress.add_read(1500, 3000000);
  progress.add_indexed(1400);
  clock.advance(2000ms);
  const std::string expected = "3.0 MB, 1.5k read, 1.4k indexed, 700 rec/s, 1.5 MB/s, elapsed 2s";
  REQUIRE(
      buffer.wait_until([&](const std::string& t) { return count_of(t, expected + "\n") >= 2; }));
  progress.stop();

  const std::string text = buffer.text();
  CHECK(text.find('\r') == std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
  const std::vector<std::string> lines = split_lines(text);
  REQUIRE(lines.size() >= 3);
  CHECK(lines.back() == expected);
  for (const std::string& line : lines) CHECK(line.find(", elapsed ") != std::string::npos);
}

TEST_CASE("quiet mode writes nothing, print_line still writes", "[progress]") {
  std::ostringstream out;
  {
    ProgressReporter progress(out, Mode::kQuiet, 1ms);
    progress.start(std::uint64_t{100});
    progress.add_read(1, 100);
    progress.add_indexed(1);
    std::this_thread::sleep_for(20ms);
    progress.stop();
    CHECK(out.str().empty());
    progress.print_line("warning");
  }
  CHECK(out.str() == "warning\n");
}

TEST_CASE("the default interval of lines mode is ten seconds", "[progress]") {
  std::ostringstream out;
  FakeClock clock;
  {
    ProgressReporter progress(out, Mode::kLines, 0ms, clock.function());
    progress.start(std::nullopt);
    progress.add_read(3, 30);
    progress.add_indexed(3);
    clock.advance(1000ms);
    std::this_thread::sleep_for(50ms);
    // Destruction stops: the final line only, no periodic line within 10 s.
  }
  CHECK(out.str() == "30 B, 3 read, 3 indexed, 3 rec/s, 30 B/s, elapsed 1s\n");
}

TEST_CASE("stop is idempotent; nothing is printed without start", "[progress]") {
  std::ostringstream out;
  FakeClock clock;
  {
    ProgressReporter never_started(out, Mode::kLines, 1ms, clock.function());
    never_started.add_read(1, 1);
    never_started.stop();
  }
  CHECK(out.str().empty());

  ProgressReporter progress(out, Mode::kLines, 10s, clock.function());
  progress.start(std::nullopt);
  progress.stop();
  progress.stop();
  CHECK(split_lines(out.str()).size() == 1);
  clock.advance(5000ms);
  CHECK(progress.snapshot().elapsed_seconds == 0.0);  // frozen at stop()
}

TEST_CASE("counters are exact under concurrent updates", "[progress]") {
  std::ostringstream out;
  ProgressReporter progress(out, Mode::kLines, 1ms);
  progress.start(std::uint64_t{4 * 10000 * 100});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&progress] {
      for (int i = 0; i < 10000; ++i) {
        progress.add_read(1, 100);
        progress.add_indexed(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  progress.stop();
  const ProgressSnapshot s = progress.snapshot();
  CHECK(s.records_read == 40000);
  CHECK(s.records_indexed == 40000);
  CHECK(s.bytes_read == 4000000);
  const std::vector<std::string> lines = split_lines(out.str());
  REQUIRE(!lines.empty());
  CHECK(lines.back().rfind("100%, 40.0k read, 40.0k indexed, ", 0) == 0);
}
