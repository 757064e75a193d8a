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

class CsvReader : public StreamReader {
 public:
  CsvReader(StreamInput input, FieldMapper mapper, char delimiter)
      : StreamReader(std::move(input)), mapper_(std::move(mapper)), delimiter_(delimiter) {}

 private:
  Result<std::optional<ReadItem>> read_next() override {
    return read_records(CsvRecordFinder{delimiter_},
                        [&](const Found& found, const CsvRecordFinder& finder) {
                          return row_item(found, finder.state);
                        });
  }

  // The record or problem of a row that is not blank, scanned by a finder
  // left in `state`; nullopt for the header row.
  std::optional<ReadItem> row_item(const Found& found, CsvRecordFinder::State state) {
    const std::uint64_t line = found.line;
    std::string_view text = chomp(found.scan.bytes);
    if (found.scan.kind == Scan::kUnterminated && state == CsvRecordFinder::kQuoted) {
      return problem(place(line), "invalid CSV",
                     "a quoted field is not closed before the end of the input");
    }
    if (std::size_t bad = find_invalid_utf8(text); bad != kValidUtf8) {
      return problem(place(line), "invalid UTF-8", utf8_problem(text, bad, line));
    }
    const std::size_t count = split(text);
    if (header_.empty()) {
      header_.reserve(count);
      for (std::size_t i = 0; i < count; ++i) header_.emplace_back(trim(fields_[i]));
      return std::nullopt;
    }
    if (count != header_.size()) {
      return problem(place(line), "wrong number of fields",
                     "expected " + std::to_string(header_.size()) +
                         " fields (as in the header), found " + std::to_string(count));
    }
    json row = json::object();
    for (std::size_t i = 0; i < count; ++i) {
      if (header_[i].empty() || fields_[i].empty()) continue;
      row[header_[i]] = std::move(fields_[i]);
    }
    std::variant<json, FieldProblem> mapped = mapper_.map(std::move(row));
    if (auto* p = std::get_if<FieldProblem>(&mapped)) {
      return problem(place(line), std::move(p->reason), std::move(p->detail));
    }
    return RawRecord{std::move(std::get<json>(mapped)), place(line)};
  }

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

  FieldMapper mapper_;
  char delimiter_;
  std::vector<std::string> header_;
  std::vector<std::string> fields_;  // reused from row to row
};

}  // namespace

std::unique_ptr<RecordReader> make_csv_reader(StreamInput input, FieldMapper mapper,
                                              char delimiter) {
  return std::make_unique<CsvReader>(std::move(input), std::move(mapper), delimiter);
}

}  // namespace kavosh::ingest::detail
