// Plain text: one article per file (alone or in folders), and the plain-dump
// format of ../shared/corpora/seed/.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "readers/internal.h"

namespace kavosh::ingest::detail {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Never finds an end: next_record() then returns the whole input as one
// kUnterminated record, or kOversized.
struct WholeInput {
  std::size_t find_end(const char*, std::size_t) const { return kNotFound; }
};

// Splits `text` at '\n'; each line without its end and trailing spaces.
template <typename F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    f(trim_right(text.substr(start, nl - start)));
    start = nl + 1;
  }
}

// Appends `line` to `body` after a '\n', dropping blank lines at the start;
// `blank_run` counts blank lines held back until a non-blank one comes, so
// that blank lines at the end are dropped too.
void append_line(std::string& body, std::size_t& blank_run, std::string_view line) {
  if (line.empty()) {
    if (!body.empty()) ++blank_run;
    return;
  }
  if (!body.empty()) body.append(blank_run + 1, '\n');
  blank_run = 0;
  body.append(line);
}

// One plain-text article: the first non-blank line is the title, the rest
// (lines with trailing spaces trimmed, joined with '\n') the body; a file of
// one line is title and body.
ReadItem text_article(std::string_view text, const std::string& id, std::string place) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
  if (std::size_t bad = find_invalid_utf8(text); bad != kValidUtf8) {
    return problem(std::move(place), "invalid UTF-8", utf8_problem(text, bad));
  }
  std::string title, body;
  body.reserve(text.size());
  std::size_t blank_run = 0;
  bool have_title = false;
  for_each_line(text, [&](std::string_view line) {
    if (!have_title) {
      line = trim(line);
      if (line.empty()) return;
      title = std::string(line);
      have_title = true;
      return;
    }
    append_line(body, blank_run, line);
  });
  if (!have_title) return problem(std::move(place), "no body", "the file has no text");
  // A file of one line (two such in the Hamshahri corpus: a heading whose
  // table was lost) is still a document: its line is title and body.
  if (body.empty()) body = title;
  json fields = json::object();
  if (!id.empty()) fields["id"] = id;
  fields["title"] = std::move(title);
  fields["body"] = std::move(body);
  return RawRecord{std::move(fields), std::move(place)};
}

// Reads a whole (possibly gzip) stream as one article.
Result<ReadItem> read_text_article(InputBuffer& in, const std::string& id, std::string place,
                                   const ReaderOptions& options) {
  WholeInput whole;
  Result<Scan> scan = in.next_record(whole);
  if (!scan.ok()) return scan.error();
  const Scan& s = scan.value();
  if (s.kind == Scan::kOversized) return oversized(std::move(place), s.size, options);
  return text_article(s.bytes, id, std::move(place));
}

class TextFileReader : public StreamReader {
 public:
  TextFileReader(StreamInput input, std::string id)
      : StreamReader(std::move(input)), id_(std::move(id)) {}

 private:
  Result<std::optional<ReadItem>> read_next() override {
    if (done_) return std::optional<ReadItem>();
    done_ = true;
    return unwrap(read_text_article(in(), id_, name(), options()));
  }

  std::string id_;
  bool done_ = false;
};

bool hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

// The id of a file in a folder: its relative path without ".gz" and extension.
std::string relative_id(const fs::path& rel) {
  fs::path p = rel;
  std::string ext = p.extension().string();
  if (iequals(ext, ".gz")) {
    p.replace_extension();
    ext = p.extension().string();
  }
  if (!ext.empty()) p.replace_extension();
  return p.generic_string();
}

class TextFolderReader : public RecordReader {
 public:
  struct File {
    std::string rel;  // generic relative path, the sort key
    std::uint64_t size = 0;
  };

  TextFolderReader(fs::path root, std::vector<File> files, std::uint64_t total,
                   const ReaderOptions& options)
      : root_(std::move(root)), files_(std::move(files)), total_(total), options_(options) {}

  Result<std::optional<ReadItem>> next() override {
    return guarded([&]() -> Result<std::optional<ReadItem>> {
      if (next_ == files_.size()) return std::optional<ReadItem>();
      const File& f = files_[next_++];
      const fs::path rel = fs::u8path(f.rel);
      std::string place = (root_ / rel).string();
      std::uint64_t raw = 0;
      ReadItem item = read_file(place, relative_id(rel), f.size, raw);
      done_bytes_ += raw;
      return std::optional<ReadItem>(std::move(item));
    });
  }
  std::uint64_t bytes_read() const override { return done_bytes_; }
  std::optional<std::uint64_t> total_bytes() const override { return total_; }
  std::vector<std::string> take_notices() override { return std::exchange(notices_, {}); }

 private:
  ReadItem read_file(const std::string& path, const std::string& id, std::uint64_t size,
                     std::uint64_t& raw) {
    Result<std::unique_ptr<ByteSource>> source = open_file_source(path);
    if (!source.ok()) return problem(path, "unreadable file", source.error().message);
    Result<std::unique_ptr<ByteSource>> decoded =
        decode_input(std::move(source).value(), options_, path, &notices_);
    if (!decoded.ok()) return problem(path, "unreadable file", decoded.error().message);
    ReaderOptions small = options_;
    // A buffer the size of the file: folders hold many small files.
    small.buffer_bytes =
        static_cast<std::size_t>(std::clamp<std::uint64_t>(size + 1, 4096, options_.buffer_bytes));
    InputBuffer in(std::move(decoded).value(), small);
    Result<ReadItem> item = read_text_article(in, id, path, options_);
    raw = in.raw_bytes();
    if (!item.ok()) return problem(path, "unreadable file", item.error().message);
    return std::move(item).value();
  }

  fs::path root_;
  std::vector<File> files_;
  std::uint64_t total_;
  ReaderOptions options_;
  std::size_t next_ = 0;
  std::uint64_t done_bytes_ = 0;
  std::vector<std::string> notices_;
};

// ------------------------------------------------------------------ dump

// "منبع" (source): U+0645 U+0646 U+0628 U+0639.
constexpr std::string_view kSourceWord = "\xD9\x85\xD9\x86\xD8\xA8\xD8\xB9";
// U+061B ARABIC SEMICOLON, between the agency and the author in a byline.
constexpr std::string_view kArabicSemicolon = "\xD8\x9B";
// A byline ("agency؛ author - ") longer than this is not a byline.
constexpr std::size_t kMaxBylineBytes = 200;

// The value of a closing "منبع: ..." line, or nullopt.
std::optional<std::string_view> source_line(std::string_view line) {
  line = trim(line);
  if (line.compare(0, kSourceWord.size(), kSourceWord) != 0) return std::nullopt;
  std::string_view rest = trim(line.substr(kSourceWord.size()));
  if (rest.empty() || rest.front() != ':') return std::nullopt;
  return trim(rest.substr(1));
}

// Builds a plain-dump article from its date and the lines after the header
// (`text`, valid UTF-8, '\n'-joined, trailing spaces trimmed).
//  - A closing "منبع: ..." line gives the source and leaves the body.
//  - A byline "agency؛ author - " opening the first line stays in the body
//    (the text is kept as it came); the agency is the source when no منبع
//    line names one.
//  - The dump has no title: the first sentence after the byline is used.
ReadItem dump_article(std::string_view date, std::string_view text, std::string place) {
  text = trim(text);
  std::string source;
  // The last line: the source, when it names it.
  const std::size_t last_nl = text.rfind('\n');
  const std::string_view last = last_nl == std::string_view::npos ? text : text.substr(last_nl + 1);
  if (std::optional<std::string_view> s = source_line(last)) {
    source = std::string(*s);
    text = trim_right(text.substr(0, text.size() - last.size()));
  }
  if (text.empty()) {
    return problem(std::move(place), "no body",
                   "the article after 'date " + std::string(date) + "' has no text");
  }
  // The byline.
  std::string_view after_byline = text;
  const std::size_t dash = text.substr(0, std::min(text.find('\n'), kMaxBylineBytes)).find(" - ");
  if (dash != std::string_view::npos && dash > 0) {
    const std::string_view byline = text.substr(0, dash);
    after_byline = text.substr(dash + 3);
    if (source.empty()) {
      source = std::string(trim(byline.substr(0, byline.find(kArabicSemicolon))));
    }
  }
  json fields = json::object();
  std::string title = first_sentence(after_byline);
  if (!title.empty()) fields["title"] = std::move(title);
  fields["body"] = std::string(text);
  fields["date"] = std::string(date);
  if (!source.empty()) fields["source"] = std::move(source);
  return RawRecord{std::move(fields), std::move(place)};
}

class DumpReader : public StreamReader {
 public:
  explicit DumpReader(StreamInput input) : StreamReader(std::move(input)) {}

 private:
  Result<std::optional<ReadItem>> read_next() override {
    for (;;) {
      Result<Found> found = next_line();
      if (!found.ok()) return found.error();
      const Scan& s = found.value().scan;
      const std::uint64_t line = found.value().line;
      if (s.kind == Scan::kEnd) return finish();
      if (s.kind == Scan::kOversized) {
        if (in_article_) {
          article_oversized_ = true;
        } else {
          stray(line);
        }
        continue;
      }
      const std::string_view text = trim_right(chomp(s.bytes));
      std::string_view date, rest;
      if (parse_dump_header(text, &date, &rest)) {
        std::optional<ReadItem> done = finish();
        in_article_ = true;
        article_oversized_ = false;
        article_line_ = line;
        date_ = std::string(date);
        body_.clear();
        blank_run_ = 0;
        bad_utf8_.clear();
        add_line(rest, line, static_cast<std::uint64_t>(rest.data() - text.data()) + 1);
        if (done) return done;
        continue;
      }
      if (in_article_) {
        add_line(text, line, 1);
      } else if (!trim(text).empty()) {
        stray(line);
      }
    }
  }

  void stray(std::uint64_t line) {
    if (!stray_) stray_line_ = line;
    stray_ = true;
  }

  // Adds `text`, which starts at byte `column` of line `line`, to the article.
  void add_line(std::string_view text, std::uint64_t line, std::uint64_t column) {
    if (article_oversized_) return;
    if (std::size_t bad = find_invalid_utf8(text); bad != kValidUtf8 && bad_utf8_.empty()) {
      bad_utf8_ = utf8_problem(text, bad, line, column);
    }
    if (body_.size() + text.size() > options().max_record_bytes) {
      article_oversized_ = true;
      oversized_size_ = body_.size() + text.size();
      body_.clear();
      body_.shrink_to_fit();
      return;
    }
    append_line(body_, blank_run_, text);
  }

  // The problem of the text before the first header, or the article read so far.
  std::optional<ReadItem> finish() {
    if (stray_) {
      stray_ = false;
      return problem(place(stray_line_), "text before the first date line",
                     "a dump article starts with a 'date YYYY-MM-DD' line; the text before it "
                     "was skipped");
    }
    if (!in_article_) return std::nullopt;
    in_article_ = false;
    if (article_oversized_) return oversized(place(article_line_), oversized_size_, options());
    if (!bad_utf8_.empty()) return problem(place(article_line_), "invalid UTF-8", bad_utf8_);
    return dump_article(date_, body_, place(article_line_));
  }

  bool stray_ = false;
  std::uint64_t stray_line_ = 0;
  bool in_article_ = false;
  bool article_oversized_ = false;
  std::uint64_t oversized_size_ = 0;
  std::uint64_t article_line_ = 0;
  std::string date_;
  std::string body_;
  std::size_t blank_run_ = 0;
  std::string bad_utf8_;  // the article's first invalid UTF-8, described
};

}  // namespace

bool parse_dump_header(std::string_view line, std::string_view* date, std::string_view* rest) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (line.compare(i, 4, "date") != 0) return false;
  i += 4;
  const std::size_t spaces = i;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i == spaces || i + 10 > line.size()) return false;
  const std::string_view d = line.substr(i, 10);
  for (std::size_t k = 0; k < 10; ++k) {
    const bool dash = k == 4 || k == 7;
    if (dash ? d[k] != '-' : (d[k] < '0' || d[k] > '9')) return false;
  }
  i += 10;
  if (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') return false;
  *date = d;
  *rest = trim(line.substr(i));
  return true;
}

std::unique_ptr<RecordReader> make_dump_reader(StreamInput input) {
  return std::make_unique<DumpReader>(std::move(input));
}

std::unique_ptr<RecordReader> make_text_file_reader(StreamInput input, std::string id) {
  return std::make_unique<TextFileReader>(std::move(input), std::move(id));
}

Result<std::unique_ptr<RecordReader>> make_text_folder_reader(const std::string& root,
                                                              const ReaderOptions& options) {
  std::vector<TextFolderReader::File> files;
  std::uint64_t total = 0;
  std::error_code ec;
  const fs::path base(root);
  // Depth first by hand: hidden directories are not entered, directory
  // symlinks are not followed (no loops).
  std::vector<fs::path> pending{base};
  while (!pending.empty()) {
    const fs::path dir = std::move(pending.back());
    pending.pop_back();
    fs::directory_iterator it(dir, ec);
    if (ec) return Error::not_found("cannot read folder '" + dir.string() + "': " + ec.message());
    for (const fs::directory_entry& entry : it) {
      if (hidden(entry.path())) continue;
      std::error_code e;
      if (entry.is_directory(e) && !entry.is_symlink(e)) {
        pending.push_back(entry.path());
      } else if (entry.is_regular_file(e)) {
        const std::uint64_t size = entry.file_size(e);
        files.push_back({entry.path().lexically_relative(base).generic_u8string(), e ? 0 : size});
        total += e ? 0 : size;
      }
    }
  }
  std::sort(files.begin(), files.end(),
            [](const TextFolderReader::File& a, const TextFolderReader::File& b) {
              return a.rel < b.rel;
            });
  return std::unique_ptr<RecordReader>(
      std::make_unique<TextFolderReader>(base, std::move(files), total, options));
}

}  // namespace kavosh::ingest::detail
