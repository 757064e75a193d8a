// Helpers of the reader tests (indexer/readers.h): draining a reader,
// reading bytes or a path.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gzip_util.h"
#include "readers.h"

namespace kavosh::testing {

namespace ki = kavosh::ingest;

// Everything a reader yields, in order.
struct Drained {
  std::vector<ki::RawRecord> records;
  std::vector<ki::ReadProblem> problems;
  std::vector<std::string> order;  // "R" or the problem's reason, in reading order
  std::optional<std::string> fatal;
  std::uint64_t bytes_read = 0;
  std::optional<std::uint64_t> total_bytes;
  std::vector<std::string> notices;  // RecordReader::take_notices(), all of them
};

inline Drained drain(ki::RecordReader& reader) {
  Drained d;
  d.total_bytes = reader.total_bytes();
  for (int guard = 0; guard < 1000000; ++guard) {
    kavosh::Result<std::optional<ki::ReadItem>> item = reader.next();
    for (std::string& n : reader.take_notices()) d.notices.push_back(std::move(n));
    if (!item.ok()) {
      d.fatal = item.error().message;
      break;
    }
    if (!item.value()) break;
    if (auto* r = std::get_if<ki::RawRecord>(&*item.value())) {
      d.records.push_back(std::move(*r));
      d.order.push_back("R");
    } else {
      d.problems.push_back(std::get<ki::ReadProblem>(*item.value()));
      d.order.push_back(d.problems.back().reason);
    }
  }
  d.bytes_read = reader.bytes_read();
  return d;
}

inline Drained read_bytes(std::string bytes, ki::Format format,
                          const ki::FieldOverrides& overrides = {},
                          const ki::ReaderOptions& options = {}, const std::string& name = "mem") {
  auto reader =
      ki::open_stream_reader(ki::memory_source(std::move(bytes)), name, format, overrides, options);
  if (!reader.ok()) {
    Drained d;
    d.fatal = reader.error().message;
    return d;
  }
  return drain(*reader.value());
}

inline Drained read_path(const std::string& path, ki::Format format = ki::Format::kAuto,
                         const ki::FieldOverrides& overrides = {},
                         const ki::ReaderOptions& options = {}) {
  auto reader = ki::open_reader(path, format, overrides, options);
  if (!reader.ok()) {
    Drained d;
    d.fatal = reader.error().message;
    return d;
  }
  return drain(*reader.value());
}

inline void write_file(const std::string& path, const std::string& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

inline std::vector<nlohmann::json> fields_of(const Drained& d) {
  std::vector<nlohmann::json> out;
  for (const ki::RawRecord& r : d.records) out.push_back(r.fields);
  return out;
}

inline std::vector<std::string> places_of(const Drained& d) {
  std::vector<std::string> out;
  for (const ki::RawRecord& r : d.records) out.push_back(r.place);
  return out;
}

inline std::string body_of(const ki::RawRecord& r) {
  return r.fields.at("body").get<std::string>();
}

}  // namespace kavosh::testing
