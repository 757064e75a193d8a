// Database access for search: the pool of Xapian readers, the check that
// this build can read the database (index/compatibility.h), and the one
// retry wrapper every request goes through. The database is one directory,
// or several shards combined (shards.h).
#pragma once

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/search/shards.h"
#include "kavosh/util/status.h"

namespace kavosh {

// What a read saw besides the database: the shards it had to leave out
// (ShardOptions::partial), by their --db spec, empty when every shard
// answered; and the revision of what it saw, for keys of caches: two reads
// with the same non-empty revision saw the same data (empty: unknown, not
// to be cached). One database: its identity and revision. Shards, whose
// remote parts tell no revision: a view number that changes whenever a
// reader finds a commit or opens afresh, with the overlay's generation.
struct ReadContext {
  std::vector<std::string> missing_shards;
  std::string revision;
};

// The revision of one database as ReadContext::revision gives it: its
// identity and revision, so that a commit or a swapped-in database is never
// answered from an older one. nullopt when `db` has none (several databases
// combined, or a remote one).
std::optional<std::string> revision_key(const Xapian::Database& db);

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
  // The databases of `specs` (parse_shard_address) combined, when there are
  // several or one is remote; fails as above naming the shard, or when the
  // shards were built by different analyzers, or a remote one does not
  // answer (503).
  static Result<std::unique_ptr<Readers>> open(const std::vector<std::string>& specs,
                                               const ShardOptions& options = {});
  ~Readers();

  // The --db specs, as given.
  const std::vector<ShardAddress>& shards() const { return shards_; }
  // Local database directories among them.
  std::vector<std::string> local_paths() const;
  // Several databases combined (with the overlay first, shards.h).
  bool combined() const { return combined_; }
  // Some shard is remote: only Xapian's own posting sources and spies can
  // be used (xapian-tcpsrv knows no others).
  bool has_remote() const;

  // Runs `f(db)` (or `f(db, context)`) on a borrowed, reopened reader; `f`
  // returns a Result<T>. A reader may see DatabaseModifiedError when an
  // indexer commits meanwhile: `f` then runs once more on a reopened reader.
  // A shard that does not answer in time is marked down; with
  // ShardOptions::partial `f` runs again without it (context names it), else
  // the call is a 503 naming it. Any other Xapian::Error that `f` lets
  // through becomes a 503.
  template <typename F>
  auto read(F&& f) {
    using R = decltype(call(f, std::declval<Reader&>()));
    for (int attempt = 0;; ++attempt) {
      std::unique_ptr<Reader> reader;
      try {
        reader = borrow();
        R result = call(f, *reader);
        give_back(std::move(reader));
        return result;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= 1)
          return R(Error::unavailable("database changed during the request; retry"));
      } catch (const Xapian::NetworkError& e) {
        discard(std::move(reader));
        std::optional<Error> fatal = shard_failed(e, attempt);
        if (fatal) return R(*fatal);
      } catch (const ShardDown& e) {
        Error error = Error::unavailable(e.message);
        error.code = "shard_unavailable";
        return R(error);
      } catch (const Xapian::Error& e) {
        return R(Error::unavailable("database error: " + e.get_description()));
      }
    }
  }

  // Times a reader moved to a newer revision (Database::reopen() returned
  // true) or was opened afresh because the directory was swapped.
  std::uint64_t reopens() const { return reopens_.load(std::memory_order_relaxed); }

  // The analyzer options of `db` (one of this pool's readers), checked.
  Result<AnalyzerOptions> analyzer_options(const Xapian::Database& db) const;

 private:
  Readers(std::vector<ShardAddress> shards, const ShardOptions& options);

  // One pooled handle: the database (for combined ones, the overlay of
  // `overlay_generation` first, then each shard or, for one left out, an
  // empty stand-in keeping the numbering) and what it left out.
  struct Reader {
    std::unique_ptr<Xapian::Database> db;
    std::uint64_t overlay_generation = 0;
    std::vector<std::size_t> left_out;  // indexes into shards_
    ReadContext context;
  };
  // Thrown by borrow() when a shard is down and answers may not be partial.
  struct ShardDown {
    std::string message;
  };

  template <typename F>
  static auto call(F& f, Reader& r) {
    const Xapian::Database& db = *r.db;
    if constexpr (std::is_invocable_v<F&, const Xapian::Database&, const ReadContext&>) {
      return f(db, static_cast<const ReadContext&>(r.context));
    } else {
      return f(db);
    }
  }

  std::unique_ptr<Reader> borrow();
  // Sets reader.context.revision (ReadContext) for view `epoch`.
  void set_revision(Reader& reader, std::uint64_t epoch) const;
  void give_back(std::unique_ptr<Reader> reader);
  // Closes `reader` without waiting: closing a remote shard that does not
  // answer waits for the timeout, so that happens on a thread of its own.
  static void discard(std::unique_ptr<Reader> reader);
  std::unique_ptr<Reader> open_reader();
  // A usable pooled reader, or false when it must be opened afresh.
  bool refresh(Reader& reader);
  // Marks the shard `e` names down; the error to answer with, or nullopt to
  // try again without it.
  std::optional<Error> shard_failed(const Xapian::NetworkError& e, int attempt);
  bool is_down(std::size_t shard) const;  // REQUIRES: mu_ held
  // The remote shards that cannot be opened now (each tried at once).
  std::vector<std::size_t> unreachable_shards() const;
  // Writes a new overlay from the shards as they are now (shards.h) when a
  // shard committed since the last, at most every 2 s.
  void rebuild_overlay();

  std::vector<ShardAddress> shards_;
  ShardOptions options_;
  bool combined_ = false;
  std::string path_;  // the one local directory when not combined

  std::mutex mu_;
  std::vector<std::unique_ptr<Reader>> free_;
  std::vector<std::chrono::steady_clock::time_point> down_until_;
  std::string work_dir_;  // overlays and the empty stand-in (combined only)
  std::uint64_t overlay_generation_ = 0;
  std::chrono::steady_clock::time_point overlay_built_;
  bool overlay_stale_ = false;      // a shard committed since the overlay was built
  std::uint64_t latest_epoch_ = 0;  // the newest view of the shards (ReadContext::revision)
  std::mutex overlay_mu_;           // one rebuild at a time
  std::atomic<std::uint64_t> reopens_{0};
};

}  // namespace kavosh
