// JSON lines and JSON arrays.
#include "readers/internal.h"

namespace kavosh::ingest::detail {

namespace {

using nlohmann::json;

// nlohmann's messages start with "[json.exception.parse_error.101] ": keep the rest.
std::string json_error_text(const char* what) {
  std::string_view s = what;
  const std::size_t close = s.find("] ");
  return message_text(close == std::string_view::npos ? s : s.substr(close + 2));
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

// Parses one JSON record and maps it to canonical fields.
ReadItem parse_json_record(std::string_view text, std::string place, const FieldMapper& mapper) {
  json parsed;
  try {
    parsed = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    // nlohmann checks the UTF-8 of every string it reads.
    if (std::size_t bad = find_invalid_utf8(text); bad != kValidUtf8) {
      return problem(std::move(place), "invalid UTF-8", utf8_problem(text, bad));
    }
    return problem(std::move(place), "invalid JSON", "invalid JSON: " + json_error_text(e.what()));
  }
  std::variant<json, FieldProblem> mapped = mapper.map(std::move(parsed));
  if (auto* p = std::get_if<FieldProblem>(&mapped)) {
    return problem(std::move(place), std::move(p->reason), std::move(p->detail));
  }
  return RawRecord{std::move(std::get<json>(mapped)), std::move(place)};
}

class JsonLinesReader : public RecordReader {
 public:
  JsonLinesReader(StreamInput input, FieldMapper mapper)
      : input_(std::move(input)), mapper_(std::move(mapper)) {}

  Result<std::optional<ReadItem>> next() override {
    return guarded([&]() -> Result<std::optional<ReadItem>> {
      for (;;) {
        LineFinder finder;
        Result<Scan> scan = input_.in->next_record(finder);
        if (!scan.ok()) return scan.error();
        const Scan& s = scan.value();
        const std::uint64_t line = next_line_;
        switch (s.kind) {
          case Scan::kEnd:
            return std::optional<ReadItem>();
          case Scan::kOversized:
            next_line_ += s.newlines;
            return std::optional<ReadItem>(oversized(place(line), s.size, input_.options));
          case Scan::kRecord:
          case Scan::kUnterminated:
            ++next_line_;
            break;
        }
        const std::string_view text = chomp(s.bytes);
        if (trim(text).empty()) continue;
        return std::optional<ReadItem>(parse_json_record(text, place(line), mapper_));
      }
    });
  }
  std::uint64_t bytes_read() const override { return input_.in->raw_bytes(); }
  std::optional<std::uint64_t> total_bytes() const override { return input_.total; }

 private:
  std::string place(std::uint64_t line) const { return input_.name + ":" + std::to_string(line); }

  StreamInput input_;
  FieldMapper mapper_;
  std::uint64_t next_line_ = 1;
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
class JsonArrayReader : public RecordReader {
 public:
  JsonArrayReader(StreamInput input, FieldMapper mapper)
      : input_(std::move(input)), mapper_(std::move(mapper)) {}

  Result<std::optional<ReadItem>> next() override {
    return guarded([&]() -> Result<std::optional<ReadItem>> {
      for (;;) {
        Result<int> c = next_significant_byte();
        if (!c.ok()) return c.error();
        if (c.value() < 0) {
          if (!in_array_) return std::optional<ReadItem>();
          in_array_ = false;
          return std::optional<ReadItem>(problem(place(line_), "invalid JSON",
                                                 "the input ends before the array is closed "
                                                 "with ']'"));
        }
        if (!in_array_) {
          if (c.value() == '[') {
            input_.in->consume(1);
            in_array_ = true;
            seen_array_ = true;
            continue;
          }
          if (!seen_array_) {
            return Error::bad_request(input_.name + " is not a JSON array (it starts with '" +
                                      message_text(std::string(1, static_cast<char>(c.value()))) +
                                      "'); for one object per line use --format jsonl");
          }
          return unwrap(skip_stray_line());
        }
        if (c.value() == ',') {
          input_.in->consume(1);
          continue;
        }
        if (c.value() == ']') {
          input_.in->consume(1);
          in_array_ = false;
          continue;
        }
        return unwrap(read_element(c.value()));
      }
    });
  }
  std::uint64_t bytes_read() const override { return input_.in->raw_bytes(); }
  std::optional<std::uint64_t> total_bytes() const override { return input_.total; }

 private:
  std::string place(std::uint64_t line) const { return input_.name + ":" + std::to_string(line); }
  std::string element_place(std::uint64_t line) const {
    return place(line) + " (element " + std::to_string(element_) + ")";
  }

  // Skips whitespace (counting lines); returns the next byte, unconsumed, or -1 at the end.
  Result<int> next_significant_byte() {
    InputBuffer& in = *input_.in;
    for (;;) {
      const char* p = in.data();
      const std::size_t n = in.size();
      std::size_t i = 0;
      while (i < n && (p[i] == ' ' || p[i] == '\n' || p[i] == '\t' || p[i] == '\r')) {
        if (p[i] == '\n') ++line_;
        ++i;
      }
      in.consume(i);
      if (i < n) return static_cast<int>(static_cast<unsigned char>(p[i]));
      Result<std::size_t> more = in.peek(1);
      if (!more.ok()) return more.error();
      if (more.value() == 0) return -1;
    }
  }

  Result<ReadItem> read_element(int first) {
    ++element_;
    const std::uint64_t line = line_;
    Result<Scan> scan = Error::internal("unreachable");
    if (first == '{' || first == '[') {
      ElementFinder finder;
      scan = input_.in->next_record(finder);
    } else {
      ScalarFinder finder;
      scan = input_.in->next_record(finder);
    }
    if (!scan.ok()) return scan.error();
    const Scan& s = scan.value();
    switch (s.kind) {
      case Scan::kEnd:  // not reached: `first` was available
      case Scan::kOversized:
        line_ += s.newlines;
        return oversized(element_place(line), s.size, input_.options);
      case Scan::kUnterminated:
        line_ += count_newlines(s.bytes.data(), s.bytes.size());
        in_array_ = false;
        return problem(element_place(line), "invalid JSON",
                       "the input ends inside this element (truncated file?)");
      case Scan::kRecord:
        break;
    }
    line_ += count_newlines(s.bytes.data(), s.bytes.size());
    return parse_json_record(s.bytes, element_place(line), mapper_);
  }

  // Something other than an array after the last one: reported, skipped to the end of its line.
  Result<ReadItem> skip_stray_line() {
    const std::uint64_t line = line_;
    LineFinder finder;
    Result<Scan> scan = input_.in->next_record(finder);
    if (!scan.ok()) return scan.error();
    const Scan& s = scan.value();
    std::string what = message_text(chomp(s.bytes), 40);
    line_ += s.kind == Scan::kOversized ? s.newlines : 1;
    return problem(place(line), "invalid JSON",
                   "unexpected data after the array: '" + what + "'; skipped to the next line");
  }

  StreamInput input_;
  FieldMapper mapper_;
  bool in_array_ = false;
  bool seen_array_ = false;
  std::uint64_t element_ = 0;
  std::uint64_t line_ = 1;
};

}  // namespace

std::unique_ptr<RecordReader> make_json_lines_reader(StreamInput input, FieldMapper mapper) {
  return std::make_unique<JsonLinesReader>(std::move(input), std::move(mapper));
}

std::unique_ptr<RecordReader> make_json_array_reader(StreamInput input, FieldMapper mapper) {
  return std::make_unique<JsonArrayReader>(std::move(input), std::move(mapper));
}

}  // namespace kavosh::ingest::detail
