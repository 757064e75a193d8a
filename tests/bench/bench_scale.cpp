// kavosh-bench-scale: writes N copies of the inputs as one JSON lines stream,
// every copy under new identities, to measure indexing at 10x or 100x the
// shared corpora (tests/bench/bench_indexing.sh --scale N).
//
// Records are read through kavosh-index's own readers (indexer/readers.h) and
// written with their canonical keys. Copy 0 keeps the records as they are
// (so --copies 1 converts any mix of formats into JSON lines); copy k > 0
// appends "#k" to the id and to the URL (a URL fragment, so it stays a URL),
// and gives a record that has neither the id "<place>#k", so no copy replaces
// another under any identity rule. The inputs are re-read for each copy:
// memory stays bounded whatever N.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "readers.h"

namespace {

namespace ki = kavosh::ingest;

struct Counts {
  std::uint64_t records = 0;
  std::uint64_t problems = 0;
};

void make_unique(nlohmann::json& fields, const std::string& place, int copy) {
  const std::string suffix = "#" + std::to_string(copy);
  bool renamed = false;
  for (const char* key : {"id", "url"}) {
    auto it = fields.find(key);
    if (it != fields.end() && it->is_string()) {
      *it = it->get<std::string>() + suffix;
      renamed = true;
    }
  }
  if (!renamed) fields["id"] = place + suffix;
}

// Writes one copy of `path`; returns false after printing a fatal error.
bool write_copy(const std::string& path, int copy, std::ostream& out, Counts& counts) {
  kavosh::Result<std::unique_ptr<ki::RecordReader>> reader =
      ki::open_reader(path, ki::Format::kAuto, {});
  if (!reader.ok()) {
    std::cerr << "kavosh-bench-scale: " << reader.error().message << "\n";
    return false;
  }
  for (;;) {
    kavosh::Result<std::optional<ki::ReadItem>> item = reader.value()->next();
    if (!item.ok()) {
      std::cerr << "kavosh-bench-scale: " << item.error().message << "\n";
      return false;
    }
    if (!item.value()) return true;
    auto* record = std::get_if<ki::RawRecord>(&*item.value());
    if (record == nullptr) {
      ++counts.problems;
      continue;
    }
    if (copy > 0) make_unique(record->fields, record->place, copy);
    out << record->fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    ++counts.records;
  }
}

}  // namespace

int main(int argc, char** argv) {
  int copies = 10;
  std::string output = "-";
  std::vector<std::string> inputs;
  CLI::App app{
      "kavosh-bench-scale: write N copies of the inputs, with new unique ids, as JSON lines"};
  app.add_option("-n,--copies", copies, "number of copies")->check(CLI::Range(1, 100000));
  app.add_option("-o,--output", output, "output file ('-': standard output)");
  app.add_option("inputs", inputs, "inputs in any format kavosh-index reads")->required();
  CLI11_PARSE(app, argc, argv);

  std::ios::sync_with_stdio(false);
  std::ofstream file;
  if (output != "-") {
    file.open(output, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "kavosh-bench-scale: cannot write '" << output << "'\n";
      return 1;
    }
  }
  std::ostream& out = output == "-" ? std::cout : file;
  Counts counts;
  for (int copy = 0; copy < copies; ++copy) {
    for (const std::string& input : inputs) {
      if (!write_copy(input, copy, out, counts)) return 1;
    }
  }
  out.flush();
  if (!out) {
    std::cerr << "kavosh-bench-scale: write error on '" << output << "'\n";
    return 1;
  }
  std::cerr << "kavosh-bench-scale: wrote " << counts.records << " records (" << copies
            << " copies), skipped " << counts.problems << " bad records\n";
  return 0;
}
