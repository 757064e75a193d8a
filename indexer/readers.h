// Input readers of kavosh-index: every dump format turned into canonical records.
//
// A RecordReader yields, one at a time, either a RawRecord (a JSON object with
// the canonical keys that article_from_json() takes) or a ReadProblem (a bad
// record, with its place, that the caller reports and counts). Readers stream:
// memory stays bounded by the buffer size plus the largest accepted record,
// whatever the input size. Gzip input is recognised by its magic bytes, and
// UTF-16 and Windows-1256 input is converted to UTF-8 (Encoding).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kavosh/util/status.h"

namespace kavosh::ingest {

enum class Format { kAuto, kJsonLines, kJsonArray, kCsv, kTsv, kTextFolder, kDump };

// Parses a --format value: "jsonl", "json", "csv", "tsv", "text", "dump" or
// "auto" (ASCII case ignored). Fails with a message naming the value.
Result<Format> parse_format(std::string_view name);
// The --format spelling of `format` ("jsonl", ...).
std::string_view format_name(Format format);

// The character encoding of an input. kAuto: UTF-16 by its byte order mark
// or by the NUL (ASCII) and 0x06 (Arabic letters) bytes of every other
// position; Windows-1256 when the bytes are not UTF-8 but read as
// Arabic-script text in it; else UTF-8. What is not UTF-8 is converted to
// UTF-8 (ICU's converters) before the format is read; bytes invalid in the
// encoding become U+FFFD.
enum class Encoding { kAuto, kUtf8, kUtf16Le, kUtf16Be, kWindows1256 };

// Parses an --encoding value: "auto", "utf-8", "utf-16le", "utf-16be" or
// "windows-1256" (ASCII case ignored). Fails with a message naming the value.
Result<Encoding> parse_encoding(std::string_view name);
// The --encoding spelling of `encoding` ("utf-8", ...).
std::string_view encoding_name(Encoding encoding);

// --field overrides: canonical name -> the key (or CSV column) that holds it,
// e.g. {"body": "paragraphs"}. Canonical names are id, url, title, body, date,
// source, category, tags, and abstract (the lead merged into the body).
using FieldOverrides = std::map<std::string, std::string>;

// Parses one "--field canonical=key" value into `overrides` (a later value for
// the same canonical name wins). Fails, naming the flag, on a missing '=', an
// empty key or an unknown canonical name.
Status add_field_override(FieldOverrides& overrides, std::string_view spec);

struct RawRecord {
  // A JSON object with canonical keys only: id, url, title, body, date,
  // source, category (strings) and tags (array of strings); absent ones are
  // omitted. `body` is always present and not blank. `date` is as found (or
  // "13YY/MM/DD" read from the URL): parse_date() understands it.
  nlohmann::json fields;
  // Where the record starts: "path:line"; "path:line (element N)" in a JSON
  // array (N counts from 1; the real dumps put a whole array on one line);
  // the file's path for a text folder's file; "<stdin>:line" for "-".
  std::string place;
};

struct ReadProblem {
  std::string place;   // as RawRecord::place
  std::string reason;  // short category for counting: "invalid JSON", "invalid UTF-8",
                       // "not an object", "bad field", "wrong number of fields",
                       // "invalid CSV", "no body", "oversized record", "unreadable file",
                       // "text before the first date line"
  std::string detail;  // human-readable message
};

using ReadItem = std::variant<RawRecord, ReadProblem>;

class RecordReader {
 public:
  virtual ~RecordReader() = default;

  // The next record or problem; std::nullopt at the end. An Error means the
  // input cannot be read on (read error, truncated or corrupt gzip stream,
  // not the format forced): its message starts with the place reached
  // ("name:line: ..."), and reading this input must stop. Never throws.
  virtual Result<std::optional<ReadItem>> next() = 0;
  // What the user should know about the input as a whole, found since the
  // last call (an encoding guessed, or one that --encoding forces against
  // what the bytes say), each a sentence naming the input. Shown once.
  virtual std::vector<std::string> take_notices() { return {}; }
  // Bytes taken from the input so far (compressed bytes for gzip), for progress.
  virtual std::uint64_t bytes_read() const = 0;
  // The input's size when known (regular files, folders); nullopt for pipes.
  virtual std::optional<std::uint64_t> total_bytes() const = 0;
};

struct ReaderOptions {
  // Bytes read from the input at a time.
  std::size_t buffer_bytes = std::size_t{1} << 20;
  // A record (line, array element, CSV row, text file, dump article) longer
  // than this is skipped as "oversized record" without being held in memory.
  std::size_t max_record_bytes = std::size_t{16} << 20;
  // The inputs' encoding (each file of a folder is detected alone).
  Encoding encoding = Encoding::kAuto;
};

// Opens `path` for reading: "-" is standard input, a directory is a text
// folder. kAuto decides from the extension (.jsonl .ndjson .json .csv .tsv
// .txt, after stripping ".gz") and, when that is not decisive (stdin, .json,
// .txt, no or another extension), from the content: the first non-space byte
// '[' is a JSON array, '{' JSON lines, a first line "date YYYY-MM-DD" a dump;
// any other .txt file is read as one plain-text article. Fails when the path
// cannot be opened or the format cannot be told.
Result<std::unique_ptr<RecordReader>> open_reader(const std::string& path, Format format,
                                                  const FieldOverrides& overrides,
                                                  const ReaderOptions& options = {});

// Whether open_reader() can open `path` with `format`, found without reading
// it: it exists, a regular file opens for reading, a folder can be listed
// (and is only read with kAuto or kTextFolder). Other files (FIFOs, devices)
// and "-" are not opened here. The error names the path and the reason.
Status check_input(const std::string& path, Format format);

// Where a stream reader's bytes come from. Implementations: files and
// standard input (inside open_reader), memory_source() for tests, gzip.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `out`; returns 0 only at the end of input.
  virtual Result<std::size_t> read(char* out, std::size_t n) = 0;
  // Bytes taken from the underlying file so far (compressed bytes for gzip).
  virtual std::uint64_t raw_bytes() const = 0;
};

// A ByteSource serving `bytes`.
std::unique_ptr<ByteSource> memory_source(std::string bytes);

// The stream core of open_reader(): reads records from `source`, whose places
// are named `name`. Gzip is detected from the magic bytes. kAuto detects the
// format from the content only; kTextFolder reads the stream as one plain-text
// article whose id is `name` without directory and extension. `total_bytes`
// is what the reader's total_bytes() reports.
Result<std::unique_ptr<RecordReader>> open_stream_reader(
    std::unique_ptr<ByteSource> source, std::string name, Format format,
    const FieldOverrides& overrides, const ReaderOptions& options = {},
    std::optional<std::uint64_t> total_bytes = std::nullopt);

}  // namespace kavosh::ingest
