// CSV and TSV with a header row (RFC 4180 quoting).
#include "readers/internal.h"

namespace kavosh::ingest::detail {

namespace {

using nlohmann::json;

// Finds the end of a record: a '\n' outside quotes. A quote opens a quoted
// field only at the start of a field ("" inside it is a quote); elsewhere it
// is an ordinary character, as in Python's csv module.
struct CsvRecordFinder {
  enum State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  char delimiter;
  State state = kFieldStart;

  std::size_t find_end(const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const char c = p[i];
      switch (state) {
        case kFieldStart:
          if (c == '"') {
            state = kQuoted;
          } else if (c == '\n') {
            return i + 1;
          } else if (c != delimiter) {
            state = kUnquoted;
          }
          break;
        case kUnquoted:
          if (c == delimiter) {
            state = kFieldStart;
          } else if (c == '\n') {
            return i + 1;
          }
          break;
        case kQuoted: {
          const void* q = std::memchr(p + i, '"', n - i);
          if (q == nullptr) return kNotFound;
          i = static_cast<std::size_t>(static_cast<const char*>(q) - p);
          state = kQuoteInQuoted;
          break;
        }
        case kQuoteInQuoted:
          if (c == '"') {
            state = kQuoted;  // "" is an escaped quote
          } else if (c == delimiter) {
            state = kFieldStart;
          } else if (c == '\n') {
            return i + 1;
          } else {
            state = kUnquoted;  // text after the closing quote is kept
          }
          break;
      }
    }
    return kNotFound;
  }
};

class CsvReader : public RecordReader {
 public:
  CsvReader(StreamInput input, FieldMapper mapper, char delimiter)
      : input_(std::move(input)), mapper_(std::move(mapper)), delimiter_(delimiter) {}

  Result<std::optional<ReadItem>> next() override {
    return guarded([&]() -> Result<std::optional<ReadItem>> {
      for (;;) {
        CsvRecordFinder finder{delimiter_};
        Result<Scan> scan = input_.in->next_record(finder);
        if (!scan.ok()) return scan.error();
        const Scan& s = scan.value();
        const std::uint64_t line = next_line_;
        if (s.kind == Scan::kEnd) return std::optional<ReadItem>();
        if (s.kind == Scan::kOversized) {
          next_line_ += s.newlines;
          return std::optional<ReadItem>(oversized(place(line), s.size, input_.options));
        }
        next_line_ += count_newlines(s.bytes.data(), s.bytes.size());
        std::string_view text = chomp(s.bytes);
        if (trim(text).empty()) continue;
        if (s.kind == Scan::kUnterminated && finder.state == CsvRecordFinder::kQuoted) {
          return std::optional<ReadItem>(
              problem(place(line), "invalid CSV",
                      "a quoted field is not closed before the end of the input"));
        }
        if (std::size_t bad = find_invalid_utf8(text); bad != kValidUtf8) {
          return std::optional<ReadItem>(
              problem(place(line), "invalid UTF-8", utf8_problem(text, bad, line)));
        }
        const std::size_t count = split(text);
        if (header_.empty()) {
          header_.reserve(count);
          for (std::size_t i = 0; i < count; ++i) header_.emplace_back(trim(fields_[i]));
          continue;
        }
        if (count != header_.size()) {
          return std::optional<ReadItem>(problem(place(line), "wrong number of fields",
                                                 "expected " + std::to_string(header_.size()) +
                                                     " fields (as in the header), found " +
                                                     std::to_string(count)));
        }
        json row = json::object();
        for (std::size_t i = 0; i < count; ++i) {
          if (header_[i].empty() || fields_[i].empty()) continue;
          row[header_[i]] = std::move(fields_[i]);
        }
        std::variant<json, FieldProblem> mapped = mapper_.map(std::move(row));
        if (auto* p = std::get_if<FieldProblem>(&mapped)) {
          return std::optional<ReadItem>(
              problem(place(line), std::move(p->reason), std::move(p->detail)));
        }
        return std::optional<ReadItem>(RawRecord{std::move(std::get<json>(mapped)), place(line)});
      }
    });
  }
  std::uint64_t bytes_read() const override { return input_.in->raw_bytes(); }
  std::optional<std::uint64_t> total_bytes() const override { return input_.total; }

 private:
  std::string place(std::uint64_t line) const { return input_.name + ":" + std::to_string(line); }

  std::string& field(std::size_t k) {
    if (k == fields_.size()) fields_.emplace_back();
    fields_[k].clear();
    return fields_[k];
  }

  // Splits one record (without its line end) into fields_; returns their number.
  std::size_t split(std::string_view v) {
    std::size_t k = 0, i = 0;
    for (;;) {
      std::string& f = field(k++);
      if (i < v.size() && v[i] == '"') {
        ++i;
        for (;;) {
          const std::size_t q = v.find('"', i);
          if (q == std::string_view::npos) {  // unterminated: reported by the caller
            f.append(v.substr(i));
            return k;
          }
          f.append(v.substr(i, q - i));
          if (q + 1 < v.size() && v[q + 1] == '"') {
            f += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
      }
      const std::size_t d = v.find(delimiter_, i);
      if (d == std::string_view::npos) {
        f.append(v.substr(std::min(i, v.size())));
        return k;
      }
      f.append(v.substr(i, d - i));
      i = d + 1;
    }
  }

  StreamInput input_;
  FieldMapper mapper_;
  char delimiter_;
  std::uint64_t next_line_ = 1;
  std::vector<std::string> header_;
  std::vector<std::string> fields_;  // reused from row to row
};

}  // namespace

std::unique_ptr<RecordReader> make_csv_reader(StreamInput input, FieldMapper mapper,
                                              char delimiter) {
  return std::make_unique<CsvReader>(std::move(input), std::move(mapper), delimiter);
}

}  // namespace kavosh::ingest::detail
