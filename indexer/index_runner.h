// Indexing a set of inputs into a Kavosh database.
//
// A new (empty) database is built in parallel: records are spread over
// `jobs` shards by their unique key (so every version of an article lands in
// the same shard), each shard is analyzed and written by its own thread, and
// the shards are merged with Xapian's compaction into a database that then
// atomically takes the target's place. A database that already holds articles
// is updated in place by one writer, committing every batch. Either way a
// crash leaves a database that opens and holds everything of its last commit,
// and running the same command again completes the job without duplicates.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "kavosh/index/index_writer.h"
#include "kavosh/util/status.h"
#include "progress.h"
#include "readers.h"

namespace kavosh {

struct IndexOptions {
  std::string db_path;
  std::vector<std::string> inputs;  // files or folders; "-" is standard input
  ingest::Format format = ingest::Format::kAuto;
  ingest::FieldOverrides fields;                        // --field name=key
  ingest::Encoding encoding = ingest::Encoding::kAuto;  // --encoding
  bool strict = false;  // the first bad record, or input that cannot be read, is fatal
  bool quiet = false;   // no per-record messages, no progress
  ProgressReporter::Mode progress = ProgressReporter::Mode::kAuto;  // unless quiet
  unsigned jobs = 0;  // parallel shards for a new database; 0 = number of cores
  // --shard K/N: index only the articles of part K of N (archive_shard(),
  // document.h), so that the same dumps can be split over machines; the
  // database records which part it holds and refuses another. 0/0: all.
  unsigned shard = 0;
  unsigned shard_count = 0;
  // Build a new database of the inputs alone (as for a new database: shards,
  // merged, near-duplicates found) and swap it in for db_path in one step,
  // whatever db_path held (another analyzer's or schema's too). Servers
  // reading db_path go on serving the old one until the swap, then the new.
  bool rebuild = false;
  // Text per commit, per writer; 0: IndexWriter::kFreshBuildBatchBytes for the
  // shards of a new database, IndexWriter::kDefaultBatchBytes in place.
  std::size_t batch_bytes = 0;
  // When not null and nonzero (set by a signal handler, say), the run stops
  // at the next record or before merging, with an Error: nothing of a new
  // build is merged, an update in place commits the records read before,
  // nothing is left beside the database. Merging and clustering, once begun,
  // are finished.
  const std::atomic<int>* stop = nullptr;
};

struct IndexSummary {
  std::uint64_t records = 0;       // records read (good and bad)
  std::uint64_t added = 0;         // new articles
  std::uint64_t replaced = 0;      // articles that replaced a version from an earlier run
  std::uint64_t repeated = 0;      // records whose key came earlier in this run (the later wins)
  std::uint64_t other_shards = 0;  // good records of other parts of the archive (--shard)
  std::map<std::string, std::uint64_t> skipped;  // reason -> count
  // Inputs that could not be read, at all or to their end (unreadable,
  // truncated, corrupt), each as the message that said why and where; what
  // was read of them before is indexed.
  std::vector<std::string> skipped_inputs;
  std::uint64_t warnings = 0;
  std::uint64_t bytes = 0;  // input bytes read
  double seconds = 0;
  // Where the time went: reading and writing (shards or in place), merging
  // the shards, clustering near-duplicates.
  double seconds_writing = 0;
  double seconds_merging = 0;
  double seconds_clustering = 0;
  unsigned shards = 0;                   // 0: updated in place by one writer
  std::uint64_t documents = 0;           // in the database at the end
  std::uint64_t duplicate_clusters = 0;  // near-duplicate clusters in the database
  std::uint64_t duplicate_articles = 0;  // articles in them

  std::uint64_t skipped_total() const;
  // Human-readable lines: counts, bytes, time and rates, skipped by reason.
  std::string describe() const;
};

// Indexes every input into options.db_path (created when missing). Bad records
// are reported on `log` as "place: reason", skipped and counted. An input that
// cannot be opened, or read on from some place (a truncated gzip, a read
// error), costs only itself: reported with the place reached, listed in
// IndexSummary::skipped_inputs, and the other inputs are read. A fatal
// problem (no input can be opened, a locked or incompatible database,
// --strict) is returned as an Error, with everything committed before it
// kept. The lock file and the hidden build folder beside the database are
// removed when the run ends, however it ends, unless the process is killed.
Result<IndexSummary> run_index(const IndexOptions& options, std::ostream& log);

// "K/N" (1 <= K <= N <= kMaxArchiveShards) as IndexOptions::shard and
// shard_count; an error naming --shard for anything else.
inline constexpr unsigned kMaxArchiveShards = 1024;
Status parse_shard_spec(const std::string& spec, IndexOptions& options);

}  // namespace kavosh
