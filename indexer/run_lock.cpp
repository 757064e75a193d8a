#include "run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace kavosh {

namespace fs = std::filesystem;

fs::path RunLock::file_for(const fs::path& db) {
  return db.parent_path() / ("." + db.filename().string() + ".kavosh-lock");
}

Result<RunLock> RunLock::acquire(const fs::path& db) {
  const fs::path file = file_for(db);
  // A few rounds: each one that fails lost a race with a run that ended.
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      return Error::internal("cannot create lock file '" + file.string() +
                             "': " + std::strerror(errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return Error::conflict("database '" + db.string() +
                             "' is locked by another writer (is another kavosh-index running?)");
    }
    struct stat held, named;
    if (::fstat(fd, &held) == 0 && ::stat(file.c_str(), &named) == 0 &&
        held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
      return RunLock(fd, file);
    }
    ::close(fd);  // its holder removed it before we locked it: take the path again
  }
  return Error::conflict("cannot lock database '" + db.string() +
                         "': its lock file keeps being replaced");
}

RunLock::RunLock(RunLock&& o) noexcept : fd_(o.fd_), file_(std::move(o.file_)) { o.fd_ = -1; }

RunLock::~RunLock() {
  if (fd_ < 0) return;
  ::unlink(file_.c_str());  // still holding the lock: see acquire()
  ::close(fd_);             // releases the lock
}

BuildDirCleanup::~BuildDirCleanup() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

}  // namespace kavosh
