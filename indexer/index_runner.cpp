#include "index_runner.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "kavosh/index/article.h"
#include "kavosh/index/document.h"
#include "kavosh/index/near_duplicates.h"
#include "kavosh/index/schema.h"
#include "progress.h"
#include "run_lock.h"
#include "shard_writers.h"

namespace kavosh {

namespace {

namespace fs = std::filesystem;

// ---- Replacing the target by a freshly built database ----

// Swaps the two directories atomically when the filesystem allows it.
Status exchange_directories(const fs::path& a, const fs::path& b) {
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) return {};
  // Fallback: two renames (a crash between them leaves `a` missing for an
  // instant; the next run rebuilds it).
  const fs::path aside = a.string() + ".old";
  std::error_code ec;
  fs::remove_all(aside, ec);
  fs::rename(a, aside, ec);
  if (ec) return Error::internal("cannot move '" + a.string() + "': " + ec.message());
  fs::rename(b, a, ec);
  if (ec) return Error::internal("cannot move '" + b.string() + "': " + ec.message());
  fs::rename(aside, b, ec);
  return {};
}

fs::path build_dir_for(const fs::path& db) {
  return db.parent_path() / ("." + db.filename().string() + ".kavosh-build");
}

// What Xapian leaves in a directory when it is killed while creating a glass
// database, before it writes the revision file `iamglass`.
bool is_interrupted_creation(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / "iamglass", ec)) return false;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const bool xapian_file =
        name == "flintlock" || e.path().extension() == ".glass" || e.path().extension() == ".tmp";
    if (!xapian_file || !e.is_regular_file(ec)) return false;
  }
  return !ec;
}

// Leaves `db` a Xapian database or nothing: an empty directory, or the
// remains of a creation that was killed, is removed; anything else is an
// error (a folder or file of the user's is never touched).
Status clear_unless_database(const fs::path& db) {
  std::error_code ec;
  if (!fs::exists(db, ec) || fs::exists(db / "iamglass", ec)) return {};
  if (!fs::is_directory(db, ec)) {
    return Error::bad_request("'" + db.string() + "' exists and is not a directory");
  }
  if (!fs::is_empty(db, ec) && !is_interrupted_creation(db)) {
    return Error::bad_request("'" + db.string() +
                              "' exists and is not a Xapian database: choose another --db");
  }
  fs::remove_all(db, ec);
  if (ec) return Error::internal("cannot clear '" + db.string() + "': " + ec.message());
  return {};
}

// Makes sure `db` is a database that opens: a new one is created (with the
// analyzer's metadata) beside it and renamed into place, so that a crash at
// any moment leaves either no database or a whole one. A directory holding
// only the remains of a creation that was killed is cleared first.
Status ensure_database(const fs::path& db, const fs::path& build_dir,
                       const AnalyzerOptions& analyzer, const std::string& run_id) {
  if (Status s = clear_unless_database(db); !s.ok()) return s;
  std::error_code ec;
  if (fs::exists(db / "iamglass", ec)) return {};
  fs::create_directories(build_dir, ec);
  if (ec) return Error::internal("cannot create '" + build_dir.string() + "': " + ec.message());
  const fs::path fresh = build_dir / "new";
  {
    Result<std::unique_ptr<IndexWriter>> w = IndexWriter::open(fresh.string(), analyzer, run_id, 1);
    if (!w.ok()) return w.error();
    if (Status s = w.value()->commit(); !s.ok()) return s;
  }
  // rename() replaces a missing or empty directory in one step.
  fs::rename(fresh, db, ec);
  if (ec) return Error::internal("cannot create '" + db.string() + "': " + ec.message());
  return {};
}

// ---- Reading ----

// Whether the run was asked to stop (IndexOptions::stop).
bool stop_requested(const IndexOptions& options) {
  return options.stop != nullptr && options.stop->load() != 0;
}

// An input that cannot be read (at all, or on from some place): reported,
// and listed in the summary; with --strict the run stops.
Status skip_input(const IndexOptions& options, RunState& state, IndexSummary& summary,
                  const std::string& message, bool partly_read) {
  summary.skipped_inputs.push_back(message);
  if (options.strict) return Error::bad_request(message);
  state.message(message +
                (partly_read ? "; the rest of this input is skipped" : "; input skipped"));
  return {};
}

// Reports and counts one item read; hands a good record to `deliver`.
// Returns false when `deliver` refused it (the writers stopped), an Error for
// a bad record with --strict.
template <typename Deliver>
Result<bool> take_item(ingest::ReadItem& item, const IndexOptions& options, RunState& state,
                       IndexSummary& summary, Deliver& deliver) {
  if (auto* problem = std::get_if<ingest::ReadProblem>(&item)) {
    ++summary.skipped[problem->reason];
    const std::string line = problem->place + ": " + problem->detail + " (record skipped)";
    if (options.strict) return Error::bad_request(line);
    state.message(line);
    return true;
  }
  auto& record = std::get<ingest::RawRecord>(item);
  ArticleWarnings warnings;
  Result<Article> article = article_from_json(record.fields, &warnings);
  if (!article.ok()) {
    ++summary.skipped["bad field"];
    const std::string line = record.place + ": " + article.error().message + " (record skipped)";
    if (options.strict) return Error::bad_request(line);
    state.message(line);
    return true;
  }
  if (options.shard_count > 0 &&
      archive_shard(article.value(), options.shard_count) != options.shard - 1) {
    ++summary.other_shards;
    return true;
  }
  for (const std::string& w : warnings.messages) state.warning(record.place + ": warning: " + w);
  return deliver(Job{std::move(article).value(), std::move(record.place)});
}

// Reads one input, handing each good record to `deliver`. An input that
// cannot be read costs only itself (skip_input()). Returns a fatal error.
template <typename Deliver>
Status read_input(const std::string& input, const IndexOptions& options, RunState& state,
                  IndexSummary& summary, Deliver& deliver) {
  ingest::ReaderOptions reader_options;
  reader_options.encoding = options.encoding;
  Result<std::unique_ptr<ingest::RecordReader>> reader =
      ingest::open_reader(input, options.format, options.fields, reader_options);
  if (!reader.ok()) return skip_input(options, state, summary, reader.error().message, false);
  ingest::RecordReader& r = *reader.value();
  const std::uint64_t bytes_before = summary.bytes;
  Status status;
  while (status.ok() && !state.failed() && !stop_requested(options)) {
    Result<std::optional<ingest::ReadItem>> item = r.next();
    for (const std::string& notice : r.take_notices()) state.warning(notice);
    if (!item.ok()) {
      status = skip_input(options, state, summary, item.error().message, true);
      break;
    }
    const std::uint64_t bytes_now = bytes_before + r.bytes_read();
    state.progress().add_read(item.value() ? 1 : 0, bytes_now - summary.bytes);
    summary.bytes = bytes_now;
    if (!item.value()) break;
    ++summary.records;
    Result<bool> go_on = take_item(*item.value(), options, state, summary, deliver);
    if (!go_on.ok()) status = go_on.error();
    if (go_on.ok() && !go_on.value()) break;
  }
  summary.bytes = bytes_before + r.bytes_read();
  return status;
}

// Reads every input of `inputs` in turn. Returns a fatal error, if any.
template <typename Deliver>
Status read_inputs(const std::vector<std::string>& inputs, const IndexOptions& options,
                   RunState& state, IndexSummary& summary, Deliver deliver) {
  for (const std::string& input : inputs) {
    if (state.failed() || stop_requested(options)) break;
    if (Status s = read_input(input, options, state, summary, deliver); !s.ok()) return s;
  }
  return {};
}

// The inputs that can be opened (ingest::check_input()); the others are
// reported on `log` and listed in the summary as skipped. Fails, before
// anything is written, when none can be, or with --strict.
Result<std::vector<std::string>> readable_inputs(const IndexOptions& options, std::ostream& log,
                                                 IndexSummary& summary) {
  std::vector<std::string> readable;
  std::string reasons;
  for (const std::string& input : options.inputs) {
    const Status s = ingest::check_input(input, options.format);
    if (s.ok()) {
      readable.push_back(input);
      continue;
    }
    if (options.strict) return s.error();
    reasons += (reasons.empty() ? "" : "; ") + s.error().message;
    summary.skipped_inputs.push_back(s.error().message);
  }
  if (readable.empty()) return Error::not_found(reasons + "; nothing to index");
  if (!options.quiet) {
    for (const std::string& message : summary.skipped_inputs) log << message << "; input skipped\n";
  }
  return readable;
}

// The inputs' total size, when every input is a file or folder (not stdin).
std::optional<std::uint64_t> total_input_bytes(const std::vector<std::string>& inputs) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const std::string& input : inputs) {
    if (input == "-") return std::nullopt;
    if (fs::is_directory(input, ec)) {
      for (auto it = fs::recursive_directory_iterator(input, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) total += it->file_size(ec);
      }
    } else {
      total += fs::file_size(input, ec);
    }
    if (ec) return std::nullopt;
  }
  return total;
}

unsigned shard_of(const Article& article, unsigned shards) {
  const std::string h = stable_hash(unique_key(article));
  return static_cast<unsigned>(std::stoull(h.substr(0, 8), nullptr, 16) % shards);
}

// Opens `jobs` fresh shard databases in `build_dir`, each with its writer
// thread (added to `workers`); their paths.
Result<std::vector<fs::path>> start_shard_writers(
    const fs::path& build_dir, unsigned jobs, const IndexOptions& options,
    const AnalyzerOptions& analyzer, const std::string& run_id, RunState& state,
    std::vector<std::unique_ptr<ShardWorker>>& workers) {
  std::error_code ec;
  fs::create_directories(build_dir, ec);
  if (ec) return Error::internal("cannot create '" + build_dir.string() + "': " + ec.message());
  std::vector<fs::path> paths;
  for (unsigned i = 0; i < jobs; ++i) {
    paths.push_back(build_dir / ("shard-" + std::to_string(i)));
    Result<std::unique_ptr<IndexWriter>> w = IndexWriter::open(
        paths.back().string(), analyzer, run_id,
        options.batch_bytes > 0 ? options.batch_bytes : IndexWriter::kFreshBuildBatchBytes,
        IndexWriter::Mode::kFreshBuild);
    if (!w.ok()) return w.error();
    workers.push_back(
        std::make_unique<ShardWorker>(std::move(w).value(), state, queue_bytes_for(jobs)));
  }
  return paths;
}

// Metadata several shards hold: the letter forms' counts added up, any other
// key (the lexicons: the same value in every shard) taken from the first.
class MergingCompactor : public Xapian::Compactor {
 public:
  std::string resolve_duplicate_metadata(const std::string& key, size_t num_tags,
                                         const std::string tags[]) override {
    // Xapian 1.4's glass compaction passes the key as its table stores it,
    // behind two marker bytes.
    std::string_view user_key = key;
    if (user_key.substr(0, 2) == std::string_view("\0\xc0", 2)) user_key.remove_prefix(2);
    if (!schema::has_prefix(user_key, schema::kMetaLetterFormPrefix)) return tags[0];
    return merge_letter_forms(std::vector<std::string>(tags, tags + num_tags));
  }
};

// Merges the shards into one compact database in `build_dir`; its path.
Result<fs::path> merge_shards(const fs::path& build_dir, const std::vector<fs::path>& shard_paths) {
  const fs::path merged = build_dir / "merged";
  try {
    Xapian::Database all;
    for (const fs::path& p : shard_paths) all.add_database(Xapian::Database(p.string()));
    MergingCompactor compactor;
    all.compact(merged.string(), 0, 0, compactor);
  } catch (const Xapian::Error& e) {
    return Error::internal("merging shards failed: " + e.get_description());
  }
  return merged;
}

// Puts the finished database `built` in place of `db` in one step (the old
// one goes to `built`'s place, removed with the build folder).
Status swap_in(const fs::path& db, const fs::path& built) {
  std::error_code ec;
  if (!fs::exists(db, ec)) {
    fs::rename(built, db, ec);
    if (ec) return Error::internal("cannot move '" + built.string() + "': " + ec.message());
    return {};
  }
  return exchange_directories(db, built);
}

// "K/N" of a part of the archive, "" for all of it.
std::string shard_spec(const IndexOptions& options) {
  if (options.shard_count == 0) return {};
  return std::to_string(options.shard) + "/" + std::to_string(options.shard_count);
}

// A database updated in place must hold the part of the archive this run indexes.
Status check_shard(const fs::path& db, const IndexOptions& options) {
  std::error_code ec;
  if (options.rebuild || !fs::exists(db / "iamglass", ec)) return {};
  std::string held;
  try {
    held = Xapian::Database(db.string()).get_metadata(std::string(schema::kMetaShard));
  } catch (const Xapian::Error&) {
    return {};  // opening it for writing reports the problem
  }
  const std::string wanted = shard_spec(options);
  if (held == wanted) return {};
  auto part = [](const std::string& s) {
    return s.empty() ? std::string("the whole archive") : "shard " + s;
  };
  return Error::conflict("database '" + db.string() + "' holds " + part(held) + ", not " +
                             part(wanted) + ": index that part into it, or use --rebuild",
                         "conflict", "--shard");
}

// Near-duplicates over the whole database (articles of earlier runs too),
// stored through an IndexWriter, with the part of the archive it holds.
Result<ClusterStats> update_clusters(const fs::path& db, const AnalyzerOptions& analyzer,
                                     const std::string& run_id, const IndexOptions& options) {
  Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::open(db.string(), analyzer, run_id);
  if (!writer.ok()) return writer.error();
  writer.value()->set_metadata(std::string(schema::kMetaShard), shard_spec(options));
  return writer.value()->update_clusters();
}

// Makes sure `db` exists and opens it for this run (Xapian's lock and the
// analyzer are checked). With --rebuild, `db` is only checked: null.
Result<std::unique_ptr<IndexWriter>> open_target(const fs::path& db, const fs::path& build_dir,
                                                 const IndexOptions& options,
                                                 const AnalyzerOptions& analyzer,
                                                 const std::string& run_id) {
  if (options.rebuild) {
    if (Status s = clear_unless_database(db); !s.ok()) return s.error();
    return std::unique_ptr<IndexWriter>();
  }
  if (Status s = ensure_database(db, build_dir, analyzer, run_id); !s.ok()) return s.error();
  Result<std::unique_ptr<IndexWriter>> target = IndexWriter::open(
      db.string(), analyzer, run_id,
      options.batch_bytes > 0 ? options.batch_bytes : IndexWriter::kDefaultBatchBytes);
  if (!target.ok()) return target.error();
  if (Status s = target.value()->commit(); !s.ok()) return s.error();
  return target;
}

// The writers of the run, into `workers`: shards in `build_dir` for a
// database that holds nothing yet (`target` is closed; their paths are
// returned), else `target` itself, updated in place.
Result<std::vector<fs::path>> start_writers(std::unique_ptr<IndexWriter> target, bool fresh,
                                            const fs::path& build_dir, const IndexOptions& options,
                                            const AnalyzerOptions& analyzer,
                                            const std::string& run_id, RunState& state,
                                            std::vector<std::unique_ptr<ShardWorker>>& workers) {
  if (!fresh) {
    workers.push_back(std::make_unique<ShardWorker>(std::move(target), state, queue_bytes_for(1)));
    return std::vector<fs::path>();
  }
  target.reset();  // the shards are written instead; our lock still excludes others
  unsigned jobs = options.jobs > 0 ? options.jobs : std::thread::hardware_concurrency();
  jobs = std::max(1u, std::min(jobs, 64u));
  return start_shard_writers(build_dir, jobs, options, analyzer, run_id, state, workers);
}

}  // namespace

std::uint64_t IndexSummary::skipped_total() const {
  std::uint64_t n = 0;
  for (const auto& [reason, count] : skipped) n += count;
  return n;
}

Status parse_shard_spec(const std::string& spec, IndexOptions& options) {
  const std::size_t slash = spec.find('/');
  auto number = [](const std::string& s, unsigned& out) {
    if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos) {
      return false;
    }
    out = static_cast<unsigned>(std::stoul(s));
    return true;
  };
  unsigned k = 0, n = 0;
  if (slash == std::string::npos || !number(spec.substr(0, slash), k) ||
      !number(spec.substr(slash + 1), n) || k < 1 || k > n || n > kMaxArchiveShards) {
    return Error::bad_param("--shard", "invalid",
                            "--shard '" + spec + "': expected K/N with 1 <= K <= N <= " +
                                std::to_string(kMaxArchiveShards) + " (part K of N), as 2/3");
  }
  options.shard = k;
  options.shard_count = n;
  return {};
}

std::string IndexSummary::describe() const {
  char buf[512];
  const double mb = static_cast<double>(bytes) / 1e6;
  const double secs = seconds > 0 ? seconds : 1e-9;
  const std::string inputs_skipped =
      skipped_inputs.empty() ? std::string()
                             : "; " + std::to_string(skipped_inputs.size()) +
                                   (skipped_inputs.size() == 1 ? " input" : " inputs") + " skipped";
  std::snprintf(
      buf, sizeof buf,
      "read %llu records: %llu added, %llu replaced, %llu repeated in this run, "
      "%llu skipped, %llu warnings%s; %.1f MB in %.2f s (%.0f records/s, %.2f MB/s); "
      "%llu documents in the database (%s)",
      static_cast<unsigned long long>(records), static_cast<unsigned long long>(added),
      static_cast<unsigned long long>(replaced), static_cast<unsigned long long>(repeated),
      static_cast<unsigned long long>(skipped_total()), static_cast<unsigned long long>(warnings),
      inputs_skipped.c_str(), mb, seconds, static_cast<double>(records) / secs, mb / secs,
      static_cast<unsigned long long>(documents),
      shards > 0 ? (std::to_string(shards) + " shards merged").c_str() : "updated in place");
  std::string out = buf;
  if (other_shards > 0) {
    out += "; " + std::to_string(other_shards) + " records of other shards left out";
  }
  out += "; " + std::to_string(duplicate_articles) + " near-duplicate articles in " +
         std::to_string(duplicate_clusters) + " clusters";
  std::snprintf(buf, sizeof buf,
                "\n  time: %.2f s reading and writing, %.2f s merging shards, %.2f s "
                "finding near-duplicates",
                seconds_writing, seconds_merging, seconds_clustering);
  out += buf;
  for (const auto& [reason, count] : skipped) {
    out += "\n  skipped (" + reason + "): " + std::to_string(count);
  }
  for (const std::string& input : skipped_inputs) out += "\n  input skipped: " + input;
  return out;
}

Result<IndexSummary> run_index(const IndexOptions& options, std::ostream& log) {
  const auto started = std::chrono::steady_clock::now();
  const fs::path db = fs::absolute(options.db_path).lexically_normal();
  IndexSummary summary;
  Result<std::vector<std::string>> inputs = readable_inputs(options, log, summary);
  if (!inputs.ok()) return inputs.error();
  std::error_code ec;
  fs::create_directories(db.parent_path(), ec);
  Result<RunLock> lock = RunLock::acquire(db);
  if (!lock.ok()) return lock.error();

  // Leftovers of a build that was killed: nobody else can be using them (we
  // hold the lock). This run's are removed when it ends, however it ends.
  const fs::path build_dir = build_dir_for(db);
  fs::remove_all(build_dir, ec);
  const BuildDirCleanup cleanup(build_dir);

  if (Status s = check_shard(db, options); !s.ok()) return s.error();
  const std::string run_id = new_run_id();
  const AnalyzerOptions analyzer;  // the analyzer of this build
  Result<std::unique_ptr<IndexWriter>> target =
      open_target(db, build_dir, options, analyzer, run_id);
  if (!target.ok()) return target.error();
  const bool fresh = options.rebuild || target.value()->document_count() == 0;

  ProgressReporter progress(log, options.quiet ? ProgressReporter::Mode::kQuiet : options.progress);
  progress.start(total_input_bytes(inputs.value()));
  RunState state(options, progress);
  std::vector<std::unique_ptr<ShardWorker>> workers;
  Result<std::vector<fs::path>> shard_paths = start_writers(
      std::move(target).value(), fresh, build_dir, options, analyzer, run_id, state, workers);
  if (!shard_paths.ok()) return shard_paths.error();
  summary.shards = static_cast<unsigned>(shard_paths.value().size());

  const Status read = read_inputs(inputs.value(), options, state, summary, [&](Job job) {
    const unsigned shard =
        workers.size() == 1 ? 0 : shard_of(job.article, static_cast<unsigned>(workers.size()));
    return workers[shard]->push(std::move(job));
  });
  if (!read.ok()) state.fail(read.error());
  const auto stop = [&] {
    if (!stop_requested(options)) return;
    state.fail(Error::unavailable(
        fresh ? "stopped before the end: nothing of this build was merged into the database"
              : "stopped before the end: the articles committed so far are kept; the same "
                "command run again completes the job"));
  };
  stop();
  // On a fatal error in a fresh build nothing is merged: the target stays as
  // it was. In place, what was committed before stays.
  for (auto& w : workers) {
    if (state.failed() && fresh) w->cancel();
    w->finish();
  }
  workers.clear();
  const auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  summary.seconds_writing = since(started);
  stop();  // asked while the writers finished
  if (std::optional<Error> error = state.error()) return *error;

  const bool built = fresh && state.added.load() + state.repeated.load() > 0;
  if (options.rebuild && !built) {
    return Error::bad_request("--rebuild read no article: the database is left as it was");
  }
  // A new build is merged into one compact database and its near-duplicates
  // found before it is swapped in, so that readers see it only whole.
  fs::path clustered = db;
  if (built) {
    const auto merge_started = std::chrono::steady_clock::now();
    Result<fs::path> merged = merge_shards(build_dir, shard_paths.value());
    if (!merged.ok()) return merged.error();
    clustered = merged.value();
    summary.seconds_merging = since(merge_started);
  }
  // Near-duplicates over the whole database (articles of earlier runs too).
  const auto clustering_started = std::chrono::steady_clock::now();
  Result<ClusterStats> clusters = update_clusters(clustered, analyzer, run_id, options);
  if (!clusters.ok()) return clusters.error();
  summary.duplicate_clusters = clusters.value().clusters;
  summary.duplicate_articles = clusters.value().members;
  summary.seconds_clustering = since(clustering_started);
  if (built) {
    if (Status s = swap_in(db, clustered); !s.ok()) return s.error();
  }

  progress.stop();
  summary.added = state.added.load();
  summary.replaced = state.replaced.load();
  summary.repeated = state.repeated.load();
  summary.warnings = state.warnings();
  try {
    summary.documents = Xapian::Database(db.string()).get_doccount();
  } catch (const Xapian::Error& e) {
    return Error::internal("database '" + db.string() + "': " + e.get_description());
  }
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace kavosh
