#include "kavosh/search/database.h"

#include "kavosh/index/compatibility.h"

namespace kavosh {

Result<std::unique_ptr<Readers>> Readers::open(const std::string& path) {
  try {
    Xapian::Database db(path);
    Result<AnalyzerOptions> options = database_analyzer(db, path);
    if (!options.ok()) return options.error();
  } catch (const Xapian::DatabaseOpeningError& e) {
    return Error::not_found("cannot open database '" + path + "': " + e.get_msg() +
                            " (build it with kavosh-index --db " + path + " FILE...)");
  } catch (const Xapian::Error& e) {
    return Error::internal("cannot open database '" + path + "': " + e.get_description());
  }
  return std::unique_ptr<Readers>(new Readers(path));
}

Result<AnalyzerOptions> Readers::analyzer_options(const Xapian::Database& db) const {
  return database_analyzer(db, path_);
}

Readers::Lease Readers::borrow() {
  std::unique_ptr<Xapian::Database> db;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      db = std::move(free_.back());
      free_.pop_back();
    }
  }
  bool stale = false;
  if (db) {
    try {
      if (db->reopen()) reopens_.fetch_add(1, std::memory_order_relaxed);
    } catch (const Xapian::Error&) {
      // The directory was replaced under us (a new build is swapped in
      // atomically by kavosh-index): drop the stale handle, open afresh.
      db.reset();
      stale = true;
    }
  }
  if (!db) {
    db = std::make_unique<Xapian::Database>(path_);
    if (stale) reopens_.fetch_add(1, std::memory_order_relaxed);
  }
  return Lease(this, std::move(db));
}

void Readers::give_back(std::unique_ptr<Xapian::Database> db) {
  std::lock_guard<std::mutex> lock(mu_);
  free_.push_back(std::move(db));
}

}  // namespace kavosh
