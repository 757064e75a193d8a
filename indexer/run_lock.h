// Exclusive access to a database for one kavosh-index run, and the cleanup
// of what a run keeps beside the database. Internal to kavosh-index
// (index_runner.cpp).
#pragma once

#include <filesystem>

#include "kavosh/util/status.h"

namespace kavosh {

// An advisory lock (flock) on a hidden file beside the database,
// ".NAME.kavosh-lock", held for the whole run: Xapian's own lock cannot cover
// the moment a new build replaces the database directory. The file is
// removed when the lock is released: its holder unlinks it while still
// holding the lock, and acquire() checks that the file it locked is still
// the one at the path (else it was just removed, and a lock on it would keep
// nobody out), so at most one writer holds the lock of the file at the path.
// A process killed with SIGKILL leaves the file, empty and unlocked: the
// next run takes it.
class RunLock {
 public:
  // Fails with a conflict when another run holds the lock (it does not wait).
  static Result<RunLock> acquire(const std::filesystem::path& db);

  RunLock(RunLock&& o) noexcept;
  RunLock& operator=(RunLock&&) = delete;
  ~RunLock();  // removes the file, then releases the lock

  // The lock file of `db`.
  static std::filesystem::path file_for(const std::filesystem::path& db);

 private:
  RunLock(int fd, std::filesystem::path file) : fd_(fd), file_(std::move(file)) {}
  int fd_;
  std::filesystem::path file_;
};

// Removes a folder (the hidden build folder beside the database) when it goes
// out of scope, however the run ends. Declared after the RunLock, it is
// removed while the lock is still held.
class BuildDirCleanup {
 public:
  explicit BuildDirCleanup(std::filesystem::path dir) : dir_(std::move(dir)) {}
  BuildDirCleanup(const BuildDirCleanup&) = delete;
  BuildDirCleanup& operator=(const BuildDirCleanup&) = delete;
  ~BuildDirCleanup();

 private:
  std::filesystem::path dir_;
};

}  // namespace kavosh
