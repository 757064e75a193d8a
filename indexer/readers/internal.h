// Internals shared by the readers: byte sources, the input buffer and its
// record scanners, UTF-8 checks, the field mapping and the StreamReader frame
// of the stream readers. Not part of the API.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "kavosh/util/utf8.h"
#include "readers.h"

namespace kavosh::ingest::detail {

// ---------------------------------------------------------------- sources

// Opens a file (or standard input for "-") as a raw ByteSource.
Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path);

// Returns `source` unchanged, or wrapped in a gzip decoder when its first
// bytes are the gzip magic number.
Result<std::unique_ptr<ByteSource>> decode_if_gzip(std::unique_ptr<ByteSource> source);

// Serves `prefix` (bytes already taken from `inner`, to look at them), then
// the rest of `inner`, or `error` when reading `inner` failed after `prefix`
// (so the bytes before a read error are still read).
std::unique_ptr<ByteSource> make_replay_source(std::string prefix,
                                               std::unique_ptr<ByteSource> inner,
                                               std::optional<Error> error = std::nullopt);

// How every input's bytes are read: gzip decoded, then decode_to_utf8() with
// options.encoding. Notices about input `name` are appended to `notices`.
Result<std::unique_ptr<ByteSource>> decode_input(std::unique_ptr<ByteSource> source,
                                                 const ReaderOptions& options,
                                                 const std::string& name,
                                                 std::vector<std::string>* notices);

// ---------------------------------------------------------------- encodings

// What the first bytes of an input show about its encoding.
struct Detection {
  Encoding encoding = Encoding::kUtf8;
  // A byte order mark, the UTF-16 pattern, Windows-1256 text, or UTF-8
  // beyond ASCII; not for ASCII alone nor for bytes that are none of these.
  bool confident = false;
  bool bom = false;  // a UTF-16 byte order mark
  // Many bytes are not UTF-8 (more than a few broken records) and no other
  // encoding was recognised; `evidence` says where the first one is.
  bool unrecognised = false;
  std::string evidence;  // why, for messages
};

// Looks at `sample`, the first bytes of an input (all of it when `whole`).
Detection detect_encoding(std::string_view sample, bool whole);

// The sentence to show about input `name` read with `requested` when its
// first bytes show `found`: an encoding guessed without a byte order mark,
// bytes not recognised, or --encoding against what the bytes clearly say.
std::optional<std::string> encoding_notice(const std::string& name, Encoding requested,
                                           const Detection& found);

// `source` read as UTF-8: unchanged when it is (or `requested` says so),
// else converted from `requested`, or from what detect_encoding() found in
// its first bytes (up to 64 KB) for kAuto. Notices go to `notices`.
Result<std::unique_ptr<ByteSource>> decode_to_utf8(std::unique_ptr<ByteSource> source,
                                                   Encoding requested, const std::string& name,
                                                   std::vector<std::string>* notices);

// "UTF-8", "UTF-16LE", "Windows-1256", ... for messages.
std::string_view encoding_label(Encoding encoding);

// ---------------------------------------------------------------- buffer

// What InputBuffer::next_record() found.
struct Scan {
  enum Kind {
    kRecord,        // `bytes` is a whole record, its terminator included
    kUnterminated,  // the input ended inside a record: `bytes` is what there was
    kOversized,     // a record over the limit was skipped; `newlines` it held
    kEnd,           // no more input
  };
  Kind kind = kEnd;
  std::string_view bytes;      // valid until the buffer is used again
  std::uint64_t newlines = 0;  // kOversized only: '\n' bytes skipped
  std::uint64_t size = 0;      // kOversized only: bytes skipped
};

constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

// A read buffer over a ByteSource. Records are handed out as views into the
// buffer, so the common case copies nothing; a record that does not fit makes
// the buffer grow up to the record limit, and a longer one is skipped.
class InputBuffer {
 public:
  InputBuffer(std::unique_ptr<ByteSource> source, const ReaderOptions& options);

  const char* data() const { return buf_.get() + pos_; }
  std::size_t size() const { return end_ - pos_; }
  void consume(std::size_t n) { pos_ += n; }

  // Makes at least `n` unread bytes available unless the input ends first.
  // Returns the number available. REQUIRES: n <= buffer capacity.
  Result<std::size_t> peek(std::size_t n);

  // Scans for the end of the next record with `finder`, an object with
  //   std::size_t find_end(const char* p, std::size_t n);
  // that is fed consecutive bytes of one record and returns the offset in
  // [p, p + n) just past the record's end, or kNotFound (keeping its state).
  template <typename Finder>
  Result<Scan> next_record(Finder& finder);

  std::uint64_t raw_bytes() const { return source_->raw_bytes(); }

 private:
  // Reads more input after the unread bytes. Returns false at the end.
  Result<bool> fill();

  std::unique_ptr<ByteSource> source_;
  std::unique_ptr<char[]> buf_;
  std::size_t capacity_;
  std::size_t limit_;  // largest capacity the buffer may grow to
  std::size_t max_record_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
};

inline std::uint64_t count_newlines(const char* p, std::size_t n) {
  return static_cast<std::uint64_t>(std::count(p, p + n, '\n'));
}

template <typename Finder>
Result<Scan> InputBuffer::next_record(Finder& finder) {
  std::size_t scanned = 0;  // bytes after pos_ already fed to the finder
  bool discarding = false;  // the record is over the limit: drop it as it is scanned
  Scan dropped;
  dropped.kind = Scan::kOversized;
  for (;;) {
    const std::size_t avail = end_ - pos_;
    if (scanned < avail) {
      const std::size_t k = finder.find_end(buf_.get() + pos_ + scanned, avail - scanned);
      if (k != kNotFound) {
        const std::size_t len = scanned + k;
        // The limit counts the record without its line end.
        const bool newline_end = len > 0 && buf_[pos_ + len - 1] == '\n';
        if (!discarding && len - (newline_end ? 1 : 0) > max_record_) discarding = true;
        if (discarding) {
          dropped.newlines += count_newlines(buf_.get() + pos_, len);
          dropped.size += len;
          pos_ += len;
          return dropped;
        }
        Scan s;
        s.kind = Scan::kRecord;
        s.bytes = std::string_view(buf_.get() + pos_, len);
        pos_ += len;
        return s;
      }
      scanned = avail;
    }
    if (!discarding && avail > max_record_) discarding = true;
    if (discarding) {
      dropped.newlines += count_newlines(buf_.get() + pos_, avail);
      dropped.size += avail;
      pos_ = end_;
      scanned = 0;
    }
    Result<bool> more = fill();
    if (!more.ok()) return more.error();
    if (!more.value()) {
      if (discarding) return dropped;
      Scan s;
      if (end_ > pos_) {
        s.kind = Scan::kUnterminated;
        s.bytes = std::string_view(buf_.get() + pos_, end_ - pos_);
        pos_ = end_;
      }
      return s;
    }
  }
}

// Finds the end of a line ('\n' included).
struct LineFinder {
  std::size_t find_end(const char* p, std::size_t n) const {
    const void* nl = std::memchr(p, '\n', n);
    return nl == nullptr ? kNotFound
                         : static_cast<std::size_t>(static_cast<const char*>(nl) - p) + 1;
  }
};

// Drops a trailing "\n" or "\r\n".
inline std::string_view chomp(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Skips a UTF-8 byte order mark at the start of `in`.
Status skip_bom(InputBuffer& in);

// ---------------------------------------------------------------- text

// Trims ASCII spaces, tabs, CR and LF.
std::string_view trim(std::string_view s);
std::string_view trim_right(std::string_view s);

bool iequals(std::string_view a, std::string_view b);

// Where byte `offset` of `text` is in its file, for messages: "line L, byte
// C of the line", or "line L" when the column is not known. `text` starts at
// line `first_line`, byte `first_column` of that line (0: not known).
std::string text_position(std::string_view text, std::size_t offset, std::uint64_t first_line,
                          std::uint64_t first_column);

// A description of the bad UTF-8 at `offset` of `text` for messages
// ("invalid UTF-8: byte 0xFF at line 3, byte 7 of the line"); `text` starts
// as text_position() says.
std::string utf8_problem(std::string_view text, std::size_t offset, std::uint64_t first_line = 1,
                         std::uint64_t first_column = 1);

// `text` made safe for a message: invalid UTF-8 bytes become '?', and it is
// cut (at a character boundary, with "...") after about `max_bytes`.
std::string message_text(std::string_view text, std::size_t max_bytes = 300);

// ---------------------------------------------------------------- mapping

// A record the mapping rejects.
struct FieldProblem {
  std::string reason;
  std::string detail;
};

// Turns a source object (JSON record, CSV row) into canonical fields: the
// aliases and --field overrides, paragraphs joined, the abstract merged, the
// source and date recovered from the URL when absent.
class FieldMapper {
 public:
  explicit FieldMapper(const FieldOverrides& overrides);
  std::variant<nlohmann::json, FieldProblem> map(nlohmann::json&& record) const;

 private:
  std::vector<std::pair<std::string, int>> overrides_;  // source key -> slot
  unsigned overridden_ = 0;                             // bit per slot
};

// The URL's host without "www." and port, lowercased; empty when none.
std::string url_host(std::string_view url);
// A Solar Hijri date "13YY/MM/DD" found in the URL's path, or empty.
std::string url_jalali_date(std::string_view url);
// The first sentence of `text` (at most about 200 characters), for a title.
std::string first_sentence(std::string_view text);

// ---------------------------------------------------------------- readers

// What every stream reader is built from.
struct StreamInput {
  std::unique_ptr<InputBuffer> in;
  std::string name;  // for places
  std::optional<std::uint64_t> total;
  ReaderOptions options;
  std::vector<std::string> notices;  // RecordReader::take_notices() until taken
};

std::unique_ptr<RecordReader> make_json_lines_reader(StreamInput input, FieldMapper mapper);
std::unique_ptr<RecordReader> make_json_array_reader(StreamInput input, FieldMapper mapper);
std::unique_ptr<RecordReader> make_csv_reader(StreamInput input, FieldMapper mapper,
                                              char delimiter);
std::unique_ptr<RecordReader> make_dump_reader(StreamInput input);
// One plain-text article: the whole stream, id `id`, place `input.name`.
std::unique_ptr<RecordReader> make_text_file_reader(StreamInput input, std::string id);
// Every non-hidden file under `root`, recursively, in sorted path order.
Result<std::unique_ptr<RecordReader>> make_text_folder_reader(const std::string& root,
                                                              const ReaderOptions& options);

// Runs `body` (returning Result<std::optional<ReadItem>>), turning any
// exception into an Error so that next() never throws.
template <typename F>
Result<std::optional<ReadItem>> guarded(F&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return Error::internal(std::string("reading failed: ") + e.what());
  }
}

// The "oversized record" problem for a record of `size` bytes.
ReadItem oversized(std::string place, std::uint64_t size, const ReaderOptions& options);

// A Result<ReadItem> as next() returns it.
Result<std::optional<ReadItem>> unwrap(Result<ReadItem> item);

// A "date YYYY-MM-DD" line opening an article of a plain-text dump: sets
// `date` and `rest` (the text after the date on the same line).
bool parse_dump_header(std::string_view line, std::string_view* date, std::string_view* rest);

// Builds a problem item.
inline ReadItem problem(std::string place, std::string reason, std::string detail) {
  return ReadProblem{std::move(place), std::move(reason), std::move(detail)};
}

// The frame of every reader over one StreamInput: next() is read_next() with
// exceptions turned into Errors, progress comes from the input, and records
// are scanned with their line numbers kept. A subclass implements read_next()
// and nothing else of RecordReader.
class StreamReader : public RecordReader {
 public:
  explicit StreamReader(StreamInput input) : input_(std::move(input)) {}

  // read_next() guarded; an Error (the input cannot be read on) is prefixed
  // with the place reached: "name:line: ...".
  Result<std::optional<ReadItem>> next() final {
    Result<std::optional<ReadItem>> item = guarded([this] { return read_next(); });
    if (item.ok()) return item;
    Error error = item.error();
    error.message = place(line_) + ": " + error.message;
    return error;
  }
  std::vector<std::string> take_notices() final { return std::exchange(input_.notices, {}); }
  std::uint64_t bytes_read() const final { return input_.in->raw_bytes(); }
  std::optional<std::uint64_t> total_bytes() const final { return input_.total; }

 protected:
  // A record found by next_record() or next_line().
  struct Found {
    Scan scan;
    std::uint64_t line;    // the line the record (or the skipped one) starts on
    std::uint64_t column;  // and its byte in that line (from 1; 0: not known)
  };

  // What next() returns, as RecordReader::next() says; may throw.
  virtual Result<std::optional<ReadItem>> read_next() = 0;

  // Scans the next record with `finder`, as InputBuffer::next_record(), and
  // moves current_line() past the '\n' bytes it held (a skipped one's too).
  template <typename Finder>
  Result<Found> next_record(Finder& finder) {
    const std::uint64_t start = line_, start_column = column_;
    Result<Scan> scan = input_.in->next_record(finder);
    if (!scan.ok()) return scan.error();
    const Scan& s = scan.value();
    if (s.kind == Scan::kOversized) {
      line_ += s.newlines;
      column_ = 0;  // its bytes are gone: the column is known again after the next '\n'
    } else {
      advance(s.bytes);
    }
    return Found{s, start, start_column};
  }
  // next_record() with a LineFinder: the next line, its '\n' included.
  Result<Found> next_line() {
    LineFinder finder;
    return next_record(finder);
  }

  // read_next() of a format with one record per scan (JSON lines, CSV):
  // scans records, each with a new copy of `fresh`; skips blank ones (only
  // spaces, tabs, CR and LF); reports an oversized one at its line; returns
  // item(found, finder) for any other (kRecord or kUnterminated, `finder` as
  // it was left by the scan), reading on when that is nullopt (a CSV header).
  // std::nullopt at the end.
  template <typename Finder, typename F>
  Result<std::optional<ReadItem>> read_records(const Finder& fresh, F&& item) {
    for (;;) {
      Finder finder = fresh;
      Result<Found> found = next_record(finder);
      if (!found.ok()) return found.error();
      const Scan& s = found.value().scan;
      if (s.kind == Scan::kEnd) return std::optional<ReadItem>();
      if (s.kind == Scan::kOversized) {
        return std::optional<ReadItem>(oversized(place(found.value().line), s.size, options()));
      }
      if (trim(s.bytes).empty()) continue;
      std::optional<ReadItem> got = item(found.value(), finder);
      if (got) return Result<std::optional<ReadItem>>(std::move(got));
    }
  }

  // The line (from 1) of the next unread byte: 1 + the '\n' bytes consumed
  // through next_record() and advance().
  std::uint64_t current_line() const { return line_; }
  // The byte (from 1) of the next unread byte in its line; 0 when not known
  // (after an oversized record, until the next '\n').
  std::uint64_t current_column() const { return column_; }
  // Moves current_line() and current_column() past `bytes`, consumed from
  // in() directly.
  void advance(std::string_view bytes) {
    const std::size_t nl = bytes.rfind('\n');
    if (nl == std::string_view::npos) {
      if (column_ > 0) column_ += bytes.size();
      return;
    }
    line_ += count_newlines(bytes.data(), nl + 1);
    column_ = bytes.size() - nl;
  }

  // The place of what starts on `line`: "name:line".
  std::string place(std::uint64_t line) const { return input_.name + ":" + std::to_string(line); }

  InputBuffer& in() { return *input_.in; }
  const std::string& name() const { return input_.name; }
  const ReaderOptions& options() const { return input_.options; }

 private:
  StreamInput input_;
  std::uint64_t line_ = 1;
  std::uint64_t column_ = 1;
};

}  // namespace kavosh::ingest::detail
