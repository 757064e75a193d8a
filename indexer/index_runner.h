// Indexing a set of input files into a Kavosh database.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "kavosh/status.h"

namespace kavosh {

struct IndexOptions {
  std::string db_path;
  std::vector<std::string> inputs;  // JSON lines files; "-" is standard input
  bool strict = false;              // the first bad record is fatal
  bool quiet = false;               // no per-record warnings, only the summary
  std::size_t batch_size =
      1000;  // documents per commit (smaller batches index faster in Xapian 1.4)
};

struct IndexSummary {
  std::uint64_t records = 0;                     // records read (non-blank lines)
  std::uint64_t added = 0;                       // new articles
  std::uint64_t replaced = 0;                    // articles whose key was already in the database
  std::map<std::string, std::uint64_t> skipped;  // reason -> count
  std::uint64_t warnings = 0;
  std::uint64_t bytes = 0;
  double seconds = 0;

  std::uint64_t skipped_total() const;
  // One human-readable line: counts, bytes, time and rates.
  std::string describe() const;
};

// Indexes every input into options.db_path (created when missing). Bad records
// are reported on `log` as "file:line: reason", skipped and counted; a fatal
// problem (unreadable input, locked or incompatible database, --strict) is
// returned as an Error. Everything indexed before a failure is committed.
Result<IndexSummary> run_index(const IndexOptions& options, std::ostream& log);

}  // namespace kavosh
