// kavosh-bench-baseline: the plain-Xapian peer of kavosh-index in the indexing
// benchmark (tests/bench/bench_indexing.sh), as described in persian-notes.md.
//
// It reads the same inputs through the same readers (indexer/readers.h), so
// both programs index identical text, and indexes title and body with
// Xapian::TermGenerator: no Persian analysis, no stemmer, positions kept, one
// writer, add_document, Xapian's default batch (XAPIAN_FLUSH_THRESHOLD,
// 10,000 documents unless set in the environment) and one final commit.
// Prints where the time went: reading, TermGenerator, add_document, commit.
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "readers.h"

namespace {

namespace ki = kavosh::ingest;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string db_path;
  std::vector<std::string> inputs;
  bool no_positions = false;
  bool store_data = false;
};

struct Totals {
  std::uint64_t documents = 0;
  std::uint64_t problems = 0;
  std::uint64_t bytes = 0;
  Clock::duration reading{};
  Clock::duration term_generator{};
  Clock::duration add_document{};
  Clock::duration commit{};
};

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

std::string string_field(const nlohmann::json& fields, const char* key) {
  auto it = fields.find(key);
  return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Indexes one input; returns false after printing a fatal error.
bool index_input(const std::string& path, const Options& options, Xapian::WritableDatabase& db,
                 Xapian::TermGenerator& generator, Totals& totals) {
  kavosh::Result<std::unique_ptr<ki::RecordReader>> reader =
      ki::open_reader(path, ki::Format::kAuto, {});
  if (!reader.ok()) {
    std::cerr << "kavosh-bench-baseline: " << reader.error().message << "\n";
    return false;
  }
  for (;;) {
    Clock::time_point t0 = Clock::now();
    kavosh::Result<std::optional<ki::ReadItem>> item = reader.value()->next();
    Clock::time_point t1 = Clock::now();
    totals.reading += t1 - t0;
    if (!item.ok()) {
      std::cerr << "kavosh-bench-baseline: " << item.error().message << "\n";
      return false;
    }
    if (!item.value()) break;
    const auto* record = std::get_if<ki::RawRecord>(&*item.value());
    if (record == nullptr) {
      ++totals.problems;
      continue;
    }
    Xapian::Document doc;
    generator.set_document(doc);
    const std::string title = string_field(record->fields, "title");
    const std::string body = string_field(record->fields, "body");
    if (options.no_positions) {
      generator.index_text_without_positions(title);
      generator.index_text_without_positions(body);
    } else {
      generator.index_text(title);
      generator.increase_termpos();
      generator.index_text(body);
    }
    if (options.store_data) doc.set_data(record->fields.dump());
    Clock::time_point t2 = Clock::now();
    totals.term_generator += t2 - t1;
    db.add_document(doc);
    totals.add_document += Clock::now() - t2;
    ++totals.documents;
  }
  totals.bytes += reader.value()->bytes_read();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{
      "kavosh-bench-baseline: plain Xapian indexing (TermGenerator, no Persian analysis) of the "
      "inputs kavosh-index reads, for the indexing benchmark"};
  app.add_option("--db", options.db_path, "database directory (overwritten)")->required();
  app.add_option("inputs", options.inputs, "inputs in any format kavosh-index reads")->required();
  app.add_flag("--no-positions", options.no_positions, "index terms without positions");
  app.add_flag("--data", options.store_data, "store each record's JSON as document data");
  CLI11_PARSE(app, argc, argv);

  Totals totals;
  const Clock::time_point started = Clock::now();
  try {
    Xapian::WritableDatabase db(options.db_path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    for (const std::string& input : options.inputs) {
      if (!index_input(input, options, db, generator, totals)) return 1;
    }
    const Clock::time_point t0 = Clock::now();
    db.commit();
    totals.commit = Clock::now() - t0;
  } catch (const Xapian::Error& e) {
    std::cerr << "kavosh-bench-baseline: " << e.get_description() << "\n";
    return 1;
  }
  const double total = seconds(Clock::now() - started);
  std::fprintf(stderr,
               "kavosh-bench-baseline: %llu documents, %llu bad records skipped, %.2f MB in %.2f s "
               "(reading %.2f s, TermGenerator %.2f s, add_document %.2f s, commit %.2f s)\n",
               static_cast<unsigned long long>(totals.documents),
               static_cast<unsigned long long>(totals.problems),
               static_cast<double>(totals.bytes) / 1e6, total, seconds(totals.reading),
               seconds(totals.term_generator), seconds(totals.add_document),
               seconds(totals.commit));
  return 0;
}
