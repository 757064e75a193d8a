// JSON lines and JSON arrays.
#include "readers/internal.h"

namespace kavosh::ingest::detail {

namespace {

using nlohmann::json;

// nlohmann's message without its "[json.exception.parse_error.101] ".
std::string_view without_exception_id(std::string_view what) {
  if (const std::size_t close = what.find("] "); close != std::string_view::npos) {
    what.remove_prefix(close + 2);
  }
  return what;
}

// The message of a parse error in `text`, which starts at `first_line`,
// `first_column`: "invalid JSON at line L, byte C of the line: what". nlohmann's
// messages start with "[json.exception.parse_error.101] parse error at line
// 1, column 5: ", a place within `text` only: replaced by the place in the file.
std::string json_error_text(const json::parse_error& e, std::string_view text,
                            std::uint64_t first_line, std::uint64_t first_column) {
  std::string_view s = without_exception_id(e.what());
  if (s.compare(0, 11, "parse error") == 0) {
    if (const std::size_t colon = s.find(": "); colon != std::string_view::npos) {
      s.remove_prefix(colon + 2);
    }
  }
  const std::size_t offset = e.byte > 0 ? static_cast<std::size_t>(e.byte - 1) : 0;
  return "invalid JSON at " + text_position(text, offset, first_line, first_column) + ": " +
         message_text(s);
}

std::string size_text(std::uint64_t bytes) { return std::to_string(bytes) + " bytes"; }

}  // namespace

ReadItem oversized(std::string place, std::uint64_t size, const ReaderOptions& options) {
  return problem(std::move(place), "oversized record",
                 "the record has " + size_text(size) + ", over the limit of " +
                     size_text(options.max_record_bytes) + "; skipped");
}

Result<std::optional<ReadItem>> unwrap(Result<ReadItem> item) {
  if (!item.ok()) return item.error();
  return std::optional<ReadItem>(std::move(item).value());
}

namespace {

// What the JSON readers share: records parsed and mapped by one FieldMapper.
class JsonReader : public StreamReader {
 public:
  JsonReader(StreamInput input, FieldMapper mapper)
      : StreamReader(std::move(input)), mapper_(std::move(mapper)) {}

 protected:
  // Parses one JSON record found at `where`, whose text starts at `found`'s
  // line and column, and maps it to canonical fields.
  ReadItem parse_record(std::string_view text, std::string where, const Found& found) const {
    json parsed;
    try {
      parsed = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
      // nlohmann checks the UTF-8 of every string it reads.
      if (std::size_t bad = find_invalid_utf8(text); bad != kValidUtf8) {
        return problem(std::move(where), "invalid UTF-8",
                       utf8_problem(text, bad, found.line, found.column));
      }
      return problem(std::move(where), "invalid JSON",
                     json_error_text(e, text, found.line, found.column));
    } catch (const json::exception& e) {  // out_of_range: a number beyond a double (1e400)
      return problem(std::move(where), "invalid JSON",
                     "invalid JSON: " + message_text(without_exception_id(e.what())));
    }
    std::variant<json, FieldProblem> mapped = mapper_.map(std::move(parsed));
    if (auto* p = std::get_if<FieldProblem>(&mapped)) {
      return problem(std::move(where), std::move(p->reason), std::move(p->detail));
    }
    return RawRecord{std::move(std::get<json>(mapped)), std::move(where)};
  }

 private:
  FieldMapper mapper_;
};

// One JSON object per line; blank lines are skipped.
class JsonLinesReader : public JsonReader {
 public:
  using JsonReader::JsonReader;

 private:
  Result<std::optional<ReadItem>> read_next() override {
    return read_records(LineFinder{}, [&](const Found& found, const LineFinder&) {
      return std::optional<ReadItem>(
          parse_record(chomp(found.scan.bytes), place(found.line), found));
    });
  }
};

// Finds the end of an object or array element: tracks nesting outside strings
// and escapes inside them.
struct ElementFinder {
  int depth = 0;
  bool in_string = false;
  bool escape = false;

  std::size_t find_end(const char* p, std::size_t n) {
    std::size_t i = 0;
    while (i < n) {
      if (in_string) {
        if (escape) {
          escape = false;
          ++i;
        }
        while (i < n && p[i] != '"' && p[i] != '\\') ++i;
        if (i == n) break;
        if (p[i] == '\\') {
          escape = true;
        } else {
          in_string = false;
        }
        ++i;
        continue;
      }
      switch (p[i]) {
        case '"':
          in_string = true;
          break;
        case '{':
        case '[':
          ++depth;
          break;
        case '}':
        case ']':
          if (--depth == 0) return i + 1;
          break;
        default:
          break;
      }
      ++i;
    }
    return kNotFound;
  }
};

// Finds the end of a scalar element (a number, string, literal): the ',' or
// ']' or space after it, which is not part of it.
struct ScalarFinder {
  bool in_string = false;
  bool escape = false;

  std::size_t find_end(const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const char c = p[i];
      if (in_string) {
        if (escape) {
          escape = false;
        } else if (c == '\\') {
          escape = true;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == ',' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        return i;
      }
    }
    return kNotFound;
  }
};

// A file holding one JSON array of records (or several arrays one after the
// other, as `cat a.json b.json` gives), read element by element.
class JsonArrayReader : public JsonReader {
 public:
  using JsonReader::JsonReader;

 private:
  Result<std::optional<ReadItem>> read_next() override {
    for (;;) {
      Result<int> c = next_significant_byte();
      if (!c.ok()) return c.error();
      if (c.value() < 0) {
        if (!in_array_) return std::optional<ReadItem>();
        in_array_ = false;
        return std::optional<ReadItem>(
            problem(place(array_line_), "invalid JSON",
                    "the input ends before the array opened on this line is closed with ']'"));
      }
      if (!in_array_) {
        if (c.value() == '[') {
          array_line_ = current_line();
          take_byte();
          in_array_ = true;
          seen_array_ = true;
          continue;
        }
        if (!seen_array_) {
          return Error::bad_request("not a JSON array (it starts with '" +
                                    message_text(std::string(1, static_cast<char>(c.value()))) +
                                    "'); for one object per line use --format jsonl");
        }
        return unwrap(skip_stray_line());
      }
      if (c.value() == ',') {
        take_byte();
        continue;
      }
      if (c.value() == ']') {
        take_byte();
        in_array_ = false;
        continue;
      }
      return unwrap(read_element(c.value()));
    }
  }

  // Consumes the byte next_significant_byte() returned.
  void take_byte() {
    advance(std::string_view(in().data(), 1));
    in().consume(1);
  }

  std::string element_place(std::uint64_t line) const {
    return place(line) + " (element " + std::to_string(element_) + ")";
  }

  // Skips whitespace (counting lines); returns the next byte, unconsumed, or -1 at the end.
  Result<int> next_significant_byte() {
    for (;;) {
      const char* p = in().data();
      const std::size_t n = in().size();
      std::size_t i = 0;
      while (i < n && (p[i] == ' ' || p[i] == '\n' || p[i] == '\t' || p[i] == '\r')) ++i;
      advance(std::string_view(p, i));
      in().consume(i);
      if (i < n) return static_cast<int>(static_cast<unsigned char>(p[i]));
      Result<std::size_t> more = in().peek(1);
      if (!more.ok()) return more.error();
      if (more.value() == 0) return -1;
    }
  }

  Result<ReadItem> read_element(int first) {
    ++element_;
    Result<Found> found = Error::internal("unreachable");
    if (first == '{' || first == '[') {
      ElementFinder finder;
      found = next_record(finder);
    } else {
      ScalarFinder finder;
      found = next_record(finder);
    }
    if (!found.ok()) return found.error();
    const Scan& s = found.value().scan;
    std::string where = element_place(found.value().line);
    switch (s.kind) {
      case Scan::kEnd:  // not reached: `first` was available
      case Scan::kOversized:
        return oversized(std::move(where), s.size, options());
      case Scan::kUnterminated:
        in_array_ = false;
        return problem(std::move(where), "invalid JSON",
                       "the input ends inside this element (truncated file?)");
      case Scan::kRecord:
        break;
    }
    return parse_record(s.bytes, std::move(where), found.value());
  }

  // Something other than an array after the last one: reported, skipped to the end of its line.
  Result<ReadItem> skip_stray_line() {
    Result<Found> found = next_line();
    if (!found.ok()) return found.error();
    std::string what = message_text(chomp(found.value().scan.bytes), 40);
    return problem(place(found.value().line), "invalid JSON",
                   "unexpected data after the array: '" + what + "'; skipped to the next line");
  }

  bool in_array_ = false;
  bool seen_array_ = false;
  std::uint64_t array_line_ = 0;  // where the array being read opened
  std::uint64_t element_ = 0;
};

}  // namespace

std::unique_ptr<RecordReader> make_json_lines_reader(StreamInput input, FieldMapper mapper) {
  return std::make_unique<JsonLinesReader>(std::move(input), std::move(mapper));
}

std::unique_ptr<RecordReader> make_json_array_reader(StreamInput input, FieldMapper mapper) {
  return std::make_unique<JsonArrayReader>(std::move(input), std::move(mapper));
}

}  // namespace kavosh::ingest::detail
