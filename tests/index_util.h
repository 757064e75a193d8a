// Builds test databases with the real indexer (index_runner.h: run_index).
#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "index_runner.h"
#include "test_util.h"

namespace kavosh::testing {

// Indexes `inputs` into `db_path` with the default options (only part
// `shard` of `shard_count` with --shard K/N, 1-based; 0 of 0: every
// article); the run must succeed (its log is shown when it does not).
inline IndexSummary index_inputs(const std::string& db_path, const std::vector<std::string>& inputs,
                                 unsigned shard = 0, unsigned shard_count = 0) {
  IndexOptions options;
  options.db_path = db_path;
  options.inputs = inputs;
  options.shard = shard;
  options.shard_count = shard_count;
  std::ostringstream log;
  Result<IndexSummary> summary = run_index(options, log);
  INFO(log.str());
  REQUIRE(summary.ok());
  return summary.value();
}

// Writes `lines` (JSON lines) to `dir`/in.jsonl and indexes them into `dir`/db.
inline IndexSummary index_lines(const TempDir& dir, const std::vector<std::string>& lines) {
  {
    std::ofstream out(dir / "in.jsonl");
    for (const std::string& line : lines) out << line << "\n";
  }
  return index_inputs(dir / "db", {dir / "in.jsonl"});
}

}  // namespace kavosh::testing
