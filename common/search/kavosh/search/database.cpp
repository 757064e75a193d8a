#include "kavosh/search/database.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <future>
#include <system_error>
#include <thread>

#include "kavosh/index/compatibility.h"
#include "kavosh/index/schema.h"

namespace kavosh {

namespace {

// An overlay is rebuilt after a shard's commit at most this often.
constexpr std::chrono::seconds kOverlayRebuildInterval{2};

std::string seconds_text(std::chrono::milliseconds ms) {
  const long long tenths = (ms.count() + 50) / 100;
  return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") +
         " s";
}

std::string overlay_dir(const std::string& work_dir, std::uint64_t generation) {
  return work_dir + "/overlay-" + std::to_string(generation);
}

std::string empty_dir(const std::string& work_dir) { return work_dir + "/empty"; }

}  // namespace

std::optional<std::string> revision_key(const Xapian::Database& db) {
  try {
    const std::string uuid = db.get_uuid();
    if (uuid.empty()) return std::nullopt;
    return uuid + '\x1f' + std::to_string(db.get_revision());
  } catch (const Xapian::InvalidOperationError&) {
    return std::nullopt;  // several databases, or a remote one: no single revision
  } catch (const Xapian::UnimplementedError&) {
    return std::nullopt;
  }
}

Result<std::unique_ptr<Readers>> Readers::open(const std::string& path) {
  return open(std::vector<std::string>{path});
}

Result<std::unique_ptr<Readers>> Readers::open(const std::vector<std::string>& specs,
                                               const ShardOptions& options) {
  if (specs.empty()) return Error::bad_param("--db", "invalid", "no database given (--db)");
  std::vector<ShardAddress> shards;
  for (const std::string& spec : specs) {
    Result<ShardAddress> shard = parse_shard_address(spec);
    if (!shard.ok()) return shard.error();
    shards.push_back(std::move(shard).value());
  }
  // Each shard opens and was built by this analyzer; all by the same one.
  std::vector<Xapian::Database> opened;
  std::string analyzer;
  for (const ShardAddress& shard : shards) {
    try {
      Xapian::Database db = open_shard(shard, options);
      Result<AnalyzerOptions> checked = database_analyzer(db, shard.spec);
      if (!checked.ok()) return checked.error();
      const std::string id = db.get_metadata(std::string(schema::kMetaAnalyzer));
      if (!opened.empty() && id != analyzer) {
        return Error::conflict("database '" + shard.spec + "' was built by analyzer '" + id +
                                   "', '" + shards.front().spec + "' by '" + analyzer +
                                   "': shards must be built by one kavosh-index version",
                               "outdated_index");
      }
      analyzer = id;
      opened.push_back(std::move(db));
    } catch (const Xapian::NetworkError& e) {
      return Error::unavailable("cannot reach shard '" + shard.spec + "': " + e.get_msg() +
                                " (is xapian-tcpsrv serving it?)");
    } catch (const Xapian::DatabaseOpeningError& e) {
      return Error::not_found("cannot open database '" + shard.spec + "': " + e.get_msg() +
                              " (build it with kavosh-index --db " + shard.spec + " FILE...)");
    } catch (const Xapian::Error& e) {
      return Error::internal("cannot open database '" + shard.spec + "': " + e.get_description());
    }
  }
  std::unique_ptr<Readers> readers(new Readers(std::move(shards), options));
  if (!readers->combined_) return readers;
  // The work folder: the overlay and an empty stand-in for a shard left out.
  std::string dir = (std::filesystem::temp_directory_path() / "kavosh-shards-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) {
    return Error::internal("cannot create a folder for the shards' overlay in " +
                           std::filesystem::temp_directory_path().string());
  }
  readers->work_dir_ = dir;
  try {
    Xapian::WritableDatabase(empty_dir(dir), Xapian::DB_CREATE).commit();
    build_overlay(opened, overlay_dir(dir, 1));
  } catch (const Xapian::Error& e) {
    return Error::unavailable("cannot read the shards' metadata: " + e.get_description());
  }
  readers->overlay_generation_ = 1;
  readers->overlay_built_ = std::chrono::steady_clock::now();
  return readers;
}

Readers::Readers(std::vector<ShardAddress> shards, const ShardOptions& options)
    : shards_(std::move(shards)),
      options_(options),
      combined_(shards_.size() > 1 || shards_.front().remote()),
      down_until_(shards_.size()) {
  if (!combined_) path_ = shards_.front().path;
}

Readers::~Readers() {
  free_.clear();
  if (!work_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(work_dir_, ec);
  }
}

std::vector<std::string> Readers::local_paths() const {
  std::vector<std::string> out;
  for (const ShardAddress& s : shards_) {
    if (!s.remote()) out.push_back(s.path);
  }
  return out;
}

bool Readers::has_remote() const {
  for (const ShardAddress& s : shards_) {
    if (s.remote()) return true;
  }
  return false;
}

Result<AnalyzerOptions> Readers::analyzer_options(const Xapian::Database& db) const {
  return database_analyzer(db, combined_ ? shards_.front().spec : path_);
}

bool Readers::is_down(std::size_t shard) const {
  return std::chrono::steady_clock::now() < down_until_[shard];
}

std::unique_ptr<Readers::Reader> Readers::open_reader() {
  auto reader = std::make_unique<Reader>();
  if (!combined_) {
    reader->db = std::make_unique<Xapian::Database>(path_);
    set_revision(*reader, 0);
    return reader;
  }
  std::vector<bool> down(shards_.size());
  std::uint64_t epoch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    reader->overlay_generation = overlay_generation_;
    for (std::size_t i = 0; i < shards_.size(); ++i) down[i] = is_down(i);
    // Opened now, it may see a commit no reader has noticed yet: a view of its own.
    epoch = ++latest_epoch_;
  }
  reader->db =
      std::make_unique<Xapian::Database>(overlay_dir(work_dir_, reader->overlay_generation));
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (!down[i]) {
      try {
        reader->db->add_database(open_shard(shards_[i], options_));
        continue;
      } catch (const Xapian::NetworkError& e) {
        std::lock_guard<std::mutex> lock(mu_);
        down_until_[i] = std::chrono::steady_clock::now() + options_.retry_down;
        if (!options_.partial) {
          throw ShardDown{"shard '" + shards_[i].spec + "' does not answer: " + e.get_msg()};
        }
      }
    } else if (!options_.partial) {
      throw ShardDown{"shard '" + shards_[i].spec + "' is down (it did not answer within " +
                      seconds_text(options_.timeout) + "; tried again every " +
                      seconds_text(options_.retry_down) + ")"};
    }
    // Left out: an empty database in its place keeps every other shard's
    // documents numbered as the overlay's cluster lists expect.
    reader->db->add_database(Xapian::Database(empty_dir(work_dir_)));
    reader->left_out.push_back(i);
    reader->context.missing_shards.push_back(shards_[i].spec);
  }
  set_revision(*reader, epoch);
  return reader;
}

void Readers::set_revision(Reader& reader, std::uint64_t epoch) const {
  if (!combined_) {
    reader.context.revision = revision_key(*reader.db).value_or(std::string());
  } else if (reader.left_out.empty()) {
    reader.context.revision =
        "shards\x1f" + std::to_string(reader.overlay_generation) + "\x1f" + std::to_string(epoch);
  } else {
    reader.context.revision.clear();  // a partial view: not kept
  }
}

bool Readers::refresh(Reader& reader) {
  if (combined_) {
    std::lock_guard<std::mutex> lock(mu_);
    if (reader.overlay_generation != overlay_generation_) return false;
    for (std::size_t i = 0; i < shards_.size(); ++i) {
      const bool left_out =
          std::find(reader.left_out.begin(), reader.left_out.end(), i) != reader.left_out.end();
      // A shard back up is tried again; one found down since is left out.
      if (left_out != is_down(i)) return false;
    }
  }
  // The newest view known before the reopen: if the reopen finds no commit,
  // this reader sees what that view saw (a commit since would have been
  // found, by this reopen or by the one that made the view newer).
  std::uint64_t newest = 0;
  if (combined_) {
    std::lock_guard<std::mutex> lock(mu_);
    newest = latest_epoch_;
  }
  try {
    if (!reader.db->reopen()) {
      set_revision(reader, newest);
      return true;
    }
  } catch (const Xapian::NetworkError&) {
    throw;  // a shard that does not answer (read() marks it down)
  } catch (const Xapian::Error&) {
    if (combined_) throw;
    // The directory was replaced under us (a new build is swapped in
    // atomically by kavosh-index): drop the stale handle, open afresh.
    reopens_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  reopens_.fetch_add(1, std::memory_order_relaxed);
  std::uint64_t epoch = 0;
  if (combined_) {
    // A shard committed: a new view, and its metadata may have changed.
    std::lock_guard<std::mutex> lock(mu_);
    overlay_stale_ = true;
    epoch = ++latest_epoch_;
  }
  set_revision(reader, epoch);
  return true;
}

void Readers::rebuild_overlay() {
  std::unique_lock<std::mutex> building(overlay_mu_, std::try_to_lock);
  if (!building.owns_lock()) return;  // another request is at it
  std::uint64_t generation;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!overlay_stale_ ||
        std::chrono::steady_clock::now() - overlay_built_ < kOverlayRebuildInterval) {
      return;
    }
    overlay_stale_ = false;  // a commit from now on makes it stale again
    generation = overlay_generation_ + 1;
  }
  try {
    std::vector<Xapian::Database> opened;
    for (const ShardAddress& shard : shards_) opened.push_back(open_shard(shard, options_));
    build_overlay(opened, overlay_dir(work_dir_, generation));
  } catch (const Xapian::Error&) {
    // A shard is down or changing: keep the overlay there is, try again later.
    std::lock_guard<std::mutex> lock(mu_);
    overlay_built_ = std::chrono::steady_clock::now();
    overlay_stale_ = true;
    return;
  }
  std::lock_guard<std::mutex> lock(mu_);
  overlay_generation_ = generation;
  overlay_built_ = std::chrono::steady_clock::now();
  // Readers still in use may read the previous overlay; the one before goes.
  if (generation >= 3) {
    std::error_code ec;
    std::filesystem::remove_all(overlay_dir(work_dir_, generation - 2), ec);
  }
}

std::unique_ptr<Readers::Reader> Readers::borrow() {
  std::unique_ptr<Reader> reader;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      reader = std::move(free_.back());
      free_.pop_back();
    }
  }
  if (combined_) rebuild_overlay();  // when a shard committed since the last
  if (reader) {
    try {
      if (!refresh(*reader)) discard(std::move(reader));
    } catch (const Xapian::NetworkError&) {
      discard(std::move(reader));
      throw;
    }
  }
  if (!reader) reader = open_reader();
  return reader;
}

void Readers::discard(std::unique_ptr<Reader> reader) {
  if (!reader) return;
  std::thread([r = std::move(reader)]() mutable { r.reset(); }).detach();
}

void Readers::give_back(std::unique_ptr<Reader> reader) {
  std::lock_guard<std::mutex> lock(mu_);
  free_.push_back(std::move(reader));
}

std::vector<std::size_t> Readers::unreachable_shards() const {
  // All at once: a hung shard takes the whole timeout to give up on.
  std::vector<std::future<bool>> answers(shards_.size());
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (!shards_[i].remote()) continue;
    answers[i] = std::async(std::launch::async, [this, i] {
      try {
        open_shard(shards_[i], options_);
        return true;
      } catch (const Xapian::Error&) {
        return false;
      }
    });
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (answers[i].valid() && !answers[i].get()) out.push_back(i);
  }
  return out;
}

std::optional<Error> Readers::shard_failed(const Xapian::NetworkError& e, int attempt) {
  std::vector<std::size_t> failed;
  if (const ShardAddress* shard = shard_of_error(e, shards_)) {
    failed.push_back(static_cast<std::size_t>(shard - shards_.data()));
  } else {
    // Xapian did not say which (a connection closed): ask each.
    failed = unreachable_shards();
  }
  if (failed.empty()) return Error::unavailable("database error: " + e.get_description());
  std::string names;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (std::size_t i : failed) {
      down_until_[i] = std::chrono::steady_clock::now() + options_.retry_down;
      names += (names.empty() ? "'" : ", '") + shards_[i].spec + "'";
    }
  }
  if (options_.partial && attempt < static_cast<int>(shards_.size())) return std::nullopt;
  Error error = Error::unavailable((failed.size() == 1 ? "shard " : "shards ") + names +
                                   " did not answer within " + seconds_text(options_.timeout) +
                                   ": " + e.get_msg());
  error.code = "shard_unavailable";
  return error;
}

}  // namespace kavosh
