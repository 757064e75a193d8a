// Database access for search: the pool of Xapian readers, the check that
// this build can read the database (index/compatibility.h), and the one
// retry wrapper every request goes through.
#pragma once

#include <xapian.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/util/status.h"

namespace kavosh {

// Thread-safe. Xapian::Database objects are not: each call borrows its own
// handle from the pool and reopens it, so new commits by an indexer become
// visible (and a database directory swapped in by a new build is opened
// afresh).
class Readers {
 public:
  // Opens the database at `path` once to check it; fails when it is missing
  // (404), unreadable, or was built by another analyzer version or schema
  // (409, the message says to re-index).
  static Result<std::unique_ptr<Readers>> open(const std::string& path);

  const std::string& path() const { return path_; }

  // Runs `f(db)` on a borrowed, reopened reader; `f` returns a Result<T>. A
  // reader may see DatabaseModifiedError when an indexer commits meanwhile:
  // `f` then runs once more on a reopened reader. Any Xapian::Error that `f`
  // lets through becomes a 503.
  template <typename F>
  auto read(F&& f) -> std::invoke_result_t<F&, const Xapian::Database&> {
    for (int attempt = 0;; ++attempt) {
      try {
        Lease lease = borrow();
        return f(static_cast<const Xapian::Database&>(*lease.db));
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= 1) return Error::unavailable("database changed during the request; retry");
      } catch (const Xapian::Error& e) {
        return Error::unavailable("database error: " + e.get_description());
      }
    }
  }

  // Times a reader moved to a newer revision (Database::reopen() returned
  // true) or was opened afresh because the directory was swapped.
  std::uint64_t reopens() const { return reopens_.load(std::memory_order_relaxed); }

  // The analyzer options of `db` (one of this pool's readers), checked.
  Result<AnalyzerOptions> analyzer_options(const Xapian::Database& db) const;

 private:
  explicit Readers(std::string path) : path_(std::move(path)) {}

  struct Lease {
    Readers* pool;
    std::unique_ptr<Xapian::Database> db;
    Lease(Readers* p, std::unique_ptr<Xapian::Database> d) : pool(p), db(std::move(d)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (db) pool->give_back(std::move(db));
    }
  };
  Lease borrow();
  void give_back(std::unique_ptr<Xapian::Database> db);

  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Xapian::Database>> free_;
  std::atomic<std::uint64_t> reopens_{0};
};

}  // namespace kavosh
