// The writers of one indexing run: the reader thread hands records to shard
// writers (one IndexWriter and one thread each) through queues bounded by
// bytes; RunState holds what they share (counters, messages, the first fatal
// error). Internal to kavosh-index (index_runner.cpp).
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "index_runner.h"
#include "kavosh/index/article.h"
#include "kavosh/index/index_writer.h"
#include "progress.h"

namespace kavosh {

// Bounded by the bytes it holds (at least one item always fits). A queue
// deep enough to hold what the reader reads while one writer commits keeps
// the other writers fed: the reader blocks on a full queue.
template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // False when the queue was cancelled.
  bool push(T item, std::size_t bytes) {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock,
                   [&] { return items_.empty() || bytes_ + bytes <= max_bytes_ || cancelled_; });
    if (cancelled_) return false;
    items_.emplace_back(std::move(item), bytes);
    bytes_ += bytes;
    not_empty_.notify_one();
    return true;
  }
  // nullopt once closed and drained, or cancelled.
  std::optional<T> pop() {
    std::unique_lock<std::mutex> lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_ || cancelled_; });
    if (cancelled_ || items_.empty()) return std::nullopt;
    T item = std::move(items_.front().first);
    bytes_ -= items_.front().second;
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }
  void close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }
  void cancel() {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<std::pair<T, std::size_t>> items_;
  bool closed_ = false;
  bool cancelled_ = false;
};

// Text all the shards' queues hold together: several seconds of the writers'
// work, more than a commit takes. Each shard gets an equal part (it also
// receives that part of the records), so memory does not grow with --jobs.
inline constexpr std::size_t kQueueBudgetBytes = std::size_t{8} << 20;
inline constexpr std::size_t kMinQueueBytes = std::size_t{512} << 10;

// The queue of each of `shards` writers.
inline std::size_t queue_bytes_for(std::size_t shards) {
  return std::max(kMinQueueBytes, kQueueBudgetBytes / std::max<std::size_t>(shards, 1));
}

struct Job {
  Article article;
  std::string place;
};

// Shared state of one run: counters, the log, the first fatal error.
class RunState {
 public:
  RunState(const IndexOptions& options, ProgressReporter& progress)
      : options_(options), progress_(progress) {}

  // A per-record message; printed without garbling the progress line.
  void message(const std::string& line) {
    if (options_.quiet) return;
    progress_.print_line(line);
  }
  ProgressReporter& progress() { return progress_; }
  void warning(const std::string& line) {
    warnings_.fetch_add(1);
    message(line);
  }
  void fail(Error error) {
    std::lock_guard<std::mutex> lock(error_mu_);
    if (!error_) error_ = std::move(error);
    failed_.store(true);
  }
  bool failed() const { return failed_.load(); }
  std::optional<Error> error() const {
    std::lock_guard<std::mutex> lock(error_mu_);
    return error_;
  }

  std::atomic<std::uint64_t> added{0}, replaced{0}, repeated{0};
  std::uint64_t warnings() const { return warnings_.load(); }

 private:
  const IndexOptions& options_;
  ProgressReporter& progress_;
  mutable std::mutex error_mu_;
  std::optional<Error> error_;
  std::atomic<bool> failed_{false};
  std::atomic<std::uint64_t> warnings_{0};
};

// One writer thread: takes jobs from its queue and adds them to its database.
class ShardWorker {
 public:
  ShardWorker(std::unique_ptr<IndexWriter> writer, RunState& state, std::size_t queue_bytes)
      : writer_(std::move(writer)), state_(state), queue_(queue_bytes) {
    thread_ = std::thread([this] { loop(); });
  }
  ~ShardWorker() { finish(); }

  bool push(Job job) {
    // The text, plus a rough allowance for the other fields and the place.
    const std::size_t bytes = job.article.title.size() + job.article.body.size() + 512;
    return queue_.push(std::move(job), bytes);
  }
  void cancel() { queue_.cancel(); }
  // Drains the queue, commits, and joins the thread.
  void finish() {
    if (!thread_.joinable()) return;
    queue_.close();
    thread_.join();
  }
  IndexWriter& writer() { return *writer_; }

 private:
  void loop();

  std::unique_ptr<IndexWriter> writer_;
  RunState& state_;
  BoundedQueue<Job> queue_;
  std::thread thread_;
};

}  // namespace kavosh
